/** The send checks as a journey's `check`: `checkSend` with a policy and a message catalogue. */
import type { Channel, CustomerState } from '@retain/core';
import { messageOf, type MessageCatalogue } from '../ingest/engine-adapters.js';
import { describe as describeRefusals } from '../sending/check-send.js';
import { evaluatorFor, scorerFor } from '../sending/compiled-checks.js';
import { assertTime } from '../sending/invalid-send-time-error.js';
import { recipientInput } from '../sending/recipient-input.js';
import type { SendEvaluator } from '../sending/send-evaluator.js';
import { resolvePolicy, type ResolvedPolicy, type SendPolicyInput } from '../sending/send-policy.js';
import type { JourneySend, JourneySendVerdict } from './advance-journey.js';

/** A send verdict with the refusal codes, for counting. */
export interface CheckedJourneySend extends JourneySendVerdict {
  codes: readonly string[];
  score: number;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The same send checks as rules — goodwill, frequency caps, quiet hours, consent, message score —
 * for journey sends: pass it as `check` to `advanceJourney`. The verdict is `checkSend`'s
 * (without its suggestion, which a journey does not use); each catalogue entry's checks are
 * compiled once (an entry replaced in the catalogue is compiled again).
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
  const checkAt = journeySendChecker(policy, messages);
  return (send, state) => checkAt(send, state, now());
}

/** The compiled checks of one catalogue entry, by channel and campaign. */
interface Compiled {
  readonly entry: MessageCatalogue[string] | undefined;
  readonly byChannel: Map<Channel, Map<string | undefined, SendEvaluator>>;
}

/** @internal {@link journeySendCheck} with the time as an argument (what `simulateJourney` calls). */
export function journeySendChecker(policy: SendPolicyInput, messages: MessageCatalogue | undefined): (send: JourneySend, state: CustomerState, now: number) => CheckedJourneySend {
  const resolved = resolvePolicy(policy);
  const compiled = new Map<string, Compiled>();
  return (send, state, now) => {
    // The order of checkSend: the time, then the customer, then the message.
    assertTime(now, 'checkSend(now)');
    const recipient = recipientInput(state);
    const e = evaluatorOf(compiled, send, messages, resolved);
    const bits = e.evaluate(recipient, now);
    const s = e.scratch;
    const goodwill = { before: s.goodwillBefore, after: s.goodwillAfter };
    if (bits === 0) return { allowed: true, reasons: NONE, codes: NONE, goodwill, score: s.score };
    const reasons = describeRefusals(bits, e, recipient, now);
    return { allowed: false, reasons: reasons.map((r) => r.message), codes: reasons.map((r) => r.code), goodwill, score: s.score };
  };
}

function evaluatorOf(compiled: Map<string, Compiled>, send: JourneySend, messages: MessageCatalogue | undefined, policy: ResolvedPolicy): SendEvaluator {
  const entry = messages?.[send.message];
  let c = compiled.get(send.message);
  if (c === undefined || c.entry !== entry) compiled.set(send.message, (c = { entry, byChannel: new Map() }));
  let byCampaign = c.byChannel.get(send.channel);
  if (byCampaign === undefined) c.byChannel.set(send.channel, (byCampaign = new Map()));
  let e = byCampaign.get(send.campaign);
  if (e === undefined) {
    const message = messageOf({ rule: `journey:${send.journey}/${send.step}`, id: send.message, channel: send.channel, ...(send.campaign === undefined ? {} : { campaign: send.campaign }) }, messages);
    byCampaign.set(send.campaign, (e = evaluatorFor(scorerFor(message, policy.resolvedScoring), policy)));
  }
  return e;
}
