/**
 * @internal The customer given to a send check, checked at the boundary: a clear typed error
 * for something that is not a customer state, and a time-ordered copy of a message history
 * that is out of order (the checks rely on `state.messages` order).
 */
import { InvalidStateError, type MessageRecipient, type ValidationIssue } from '@retain/core';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** @internal Throws {@link InvalidStateError} unless `customer` has what the send checks read; returns it in time order. */
export function recipientInput(customer: unknown): MessageRecipient {
  const recipient = isRecipient(customer) ? customer : invalid(customer);
  const list = recipient.messages;
  for (let i = 1; i < list.length; i++) {
    if ((list[i] as { at: number }).at < (list[i - 1] as { at: number }).at) return { ...recipient, messages: [...list].sort((a, b) => a.at - b.at) };
  }
  return recipient;
}

/** The same checks as {@link invalid}, without allocating (the send checks run per event). */
function isRecipient(customer: unknown): customer is MessageRecipient {
  if (!isObject(customer) || !isObject(customer['consent']) || !isObject(customer['actions'])) return false;
  const identity = customer['identity'];
  if (!isObject(identity) || !isObject(identity['traits'])) return false;
  const messages = customer['messages'];
  if (!Array.isArray(messages)) return false;
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isObject(m) || typeof m['at'] !== 'number' || !Number.isFinite(m['at'])) return false;
  }
  return true;
}

/** Every issue of a customer that is not a recipient, thrown as an {@link InvalidStateError} (none: a sparse message list, which passes). */
function invalid(customer: unknown): MessageRecipient {
  const issues: ValidationIssue[] = [];
  if (!isObject(customer)) {
    issues.push({ path: [], message: 'expected a customer state (an object)', code: 'invalid_type' });
  } else {
    if (!isObject(customer['consent'])) issues.push({ path: ['consent'], message: 'expected an object of consent records by channel', code: 'invalid_type' });
    if (!isObject(customer['actions'])) issues.push({ path: ['actions'], message: 'expected an object of action stats by event name', code: 'invalid_type' });
    if (!isObject(customer['identity']) || !isObject(customer['identity']['traits'])) issues.push({ path: ['identity', 'traits'], message: 'expected an object of traits', code: 'invalid_type' });
    const messages = customer['messages'];
    if (!Array.isArray(messages)) issues.push({ path: ['messages'], message: 'expected an array of received messages', code: 'invalid_type' });
    else {
      messages.forEach((m: unknown, i) => {
        if (!isObject(m) || typeof m['at'] !== 'number' || !Number.isFinite(m['at'])) issues.push({ path: ['messages', i, 'at'], message: 'expected a time in epoch ms', code: 'invalid_type' });
      });
    }
  }
  if (issues.length > 0) throw new InvalidStateError(issues, customer);
  return customer as unknown as MessageRecipient;
}
