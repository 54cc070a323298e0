/** @internal Customer states for the sending tests, built through events like real ones. */
import { applyEvent, createCustomerState, type Channel, type ConsentPurpose, type CustomerState } from '@retain/core';

let seq = 0;

/** A customer with consent to `channels` (granted a year before `now`) and traits. */
export function customer(id: string, now: number, channels: ConsentPurpose[] = [], traits: Record<string, string> = {}): CustomerState {
  let state = createCustomerState(id);
  if (Object.keys(traits).length > 0) {
    state = applyEvent(state, { type: 'identify', traits, messageId: `t${seq++}`, timestamp: new Date(now - 365 * 86_400_000).toISOString(), userId: id });
  }
  for (const purpose of channels) state = consent(state, purpose, true, now - 365 * 86_400_000);
  return state;
}

/** Records a consent change. */
export function consent(state: CustomerState, purpose: ConsentPurpose, granted: boolean, at: number): CustomerState {
  return applyEvent(state, {
    type: 'track',
    event: 'Consent Changed',
    properties: { purpose, granted },
    messageId: `c${seq++}`,
    timestamp: new Date(at).toISOString(),
    userId: state.id,
  });
}

/** Records a message received (`Message Sent`, or `Message Shown` for in-context). */
export function received(state: CustomerState, channel: Channel, at: number, score?: number): CustomerState {
  const properties: Record<string, string | number> = { message_id: `m${seq}`, channel };
  if (score !== undefined) properties['score'] = score;
  return applyEvent(state, {
    type: 'track',
    event: channel === 'in_context' ? 'Message Shown' : 'Message Sent',
    properties,
    messageId: `r${seq++}`,
    timestamp: new Date(at).toISOString(),
    userId: state.id,
  });
}
