/** The send checks as a journey's `check`: `checkSend` with a policy and a message catalogue. */
import type { CustomerState, Message } from '@retain/core';
import { messageOf, type MessageCatalogue } from '../ingest/engine-adapters.js';
import { checkSend } from '../sending/check-send.js';
import { resolvePolicy, type SendPolicyInput } from '../sending/send-policy.js';
import type { JourneySend, JourneySendVerdict } from './advance-journey.js';

/** A send verdict with the refusal codes, for counting. */
export interface CheckedJourneySend extends JourneySendVerdict {
  codes: readonly string[];
  score: number;
}

/**
 * The same send checks as rules — goodwill, frequency caps, quiet hours, consent, message score —
 * for journey sends: pass it as `check` to `advanceJourney`.
 *
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { defaultPolicy, journeySendCheck } from '@retain/node';
 * const check = journeySendCheck(defaultPolicy, { welcome: { value: 'high', relevance: 'high' } }, () => Date.now());
 * check({ journey: 'onboarding', step: 'welcome', message: 'welcome', channel: 'email' }, createCustomerState('ada')).allowed; // false: no email consent
 * ```
 */
export function journeySendCheck(policy: SendPolicyInput, messages: MessageCatalogue | undefined, now: () => number): (send: JourneySend, state: CustomerState) => CheckedJourneySend {
  const resolved = resolvePolicy(policy);
  return (send, state) => {
    const message: Message = messageOf({ rule: `journey:${send.journey}/${send.step}`, id: send.message, channel: send.channel, ...(send.campaign === undefined ? {} : { campaign: send.campaign }) }, messages);
    const d = checkSend(state, message, resolved, now());
    const goodwill = { before: d.goodwill.before, after: d.goodwill.after };
    return d.allowed
      ? { allowed: true, reasons: [], codes: [], goodwill, score: d.score.score }
      : { allowed: false, reasons: d.reasons.map((r) => r.message), codes: d.reasons.map((r) => r.code), goodwill, score: d.score.score };
  };
}
