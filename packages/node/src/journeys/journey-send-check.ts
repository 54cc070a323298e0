/** The send checks as a journey's `check`: `checkSend` with a policy and a message catalogue. */
import type { Channel, CustomerState, MessageRecipient } from '@retain/core';
import { messageOf, type MessageCatalogue } from '../ingest/engine-adapters.js';
import { describe as describeRefusals } from '../sending/check-send.js';
import { evaluatorFor, scorerFor } from '../sending/compiled-checks.js';
import { assertTime } from '../sending/invalid-send-time-error.js';
import { BIT } from '../sending/refusal-reasons.js';
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

/** The refusal texts of one evaluator: by refusal bits, score and goodwill after (refusals without caps or quiet hours, whose texts depend on nothing else). */
type Refusals = Map<number, Map<number, Map<number, Refusal>>>;
interface Refusal {
  readonly reasons: readonly string[];
  readonly codes: readonly string[];
}
interface Checks {
  readonly evaluator: SendEvaluator;
  readonly refusals: Refusals;
  size: number;
}

/** The compiled checks of one catalogue entry, by channel and campaign. */
interface Compiled {
  readonly entry: MessageCatalogue[string] | undefined;
  readonly byChannel: Map<Channel, Map<string | undefined, Checks>>;
}

const MAX_REFUSALS = 4096;
const ALLOWED: Refusal = { reasons: NONE, codes: NONE };
/** Refusals whose texts depend on more than bits, score and goodwill. */
const DETAILED = BIT.quiet_hours | BIT.channel_cap | BIT.all_channels_cap;

/**
 * @internal {@link journeySendCheck} with the time as an argument (what `simulateJourney` calls).
 * With `reuse`, every verdict is the same object, overwritten by the next check (for a caller that
 * reads it at once).
 */
export function journeySendChecker(policy: SendPolicyInput, messages: MessageCatalogue | undefined, reuse = false): (send: JourneySend, state: CustomerState, now: number) => CheckedJourneySend {
  const resolved = resolvePolicy(policy);
  const compiled = new Map<string, Compiled>();
  const scratch = { allowed: true, reasons: NONE, codes: NONE, goodwill: { before: 0, after: 0 }, score: 0 };
  return (send, state, now) => {
    // The order of checkSend: the time, then the customer, then the message.
    assertTime(now, 'checkSend(now)');
    const recipient = recipientInput(state);
    const checks = checksOf(compiled, send, messages, resolved);
    const e = checks.evaluator;
    const bits = e.evaluate(recipient, now);
    const s = e.scratch;
    const { reasons, codes } = bits === 0 ? ALLOWED : refusal(checks, bits, recipient, now);
    if (!reuse) return { allowed: bits === 0, reasons, codes, goodwill: { before: s.goodwillBefore, after: s.goodwillAfter }, score: s.score };
    scratch.allowed = bits === 0;
    scratch.reasons = reasons;
    scratch.codes = codes;
    scratch.goodwill.before = s.goodwillBefore;
    scratch.goodwill.after = s.goodwillAfter;
    scratch.score = s.score;
    return scratch;
  };
}

/** The texts of a refusal: shared (frozen) when they depend only on bits, score and goodwill, else fresh. */
function refusal(checks: Checks, bits: number, recipient: MessageRecipient, now: number): Refusal {
  const e = checks.evaluator;
  const s = e.scratch;
  const shareable = (bits & DETAILED) === 0;
  const byScore = shareable ? checks.refusals.get(bits) : undefined;
  const byGoodwill = byScore?.get(s.score);
  const known = byGoodwill?.get(s.goodwillAfter);
  if (known !== undefined) return known;
  const described = describeRefusals(bits, e, recipient, now);
  const reasons = described.map((r) => r.message);
  const codes: string[] = described.map((r) => r.code);
  if (!shareable || checks.size >= MAX_REFUSALS) return { reasons, codes };
  const made: Refusal = { reasons: Object.freeze(reasons), codes: Object.freeze(codes) };
  let scores = checks.refusals.get(bits);
  if (scores === undefined) checks.refusals.set(bits, (scores = new Map()));
  let goodwills = scores.get(s.score);
  if (goodwills === undefined) scores.set(s.score, (goodwills = new Map()));
  goodwills.set(s.goodwillAfter, made);
  checks.size++;
  return made;
}

function checksOf(compiled: Map<string, Compiled>, send: JourneySend, messages: MessageCatalogue | undefined, policy: ResolvedPolicy): Checks {
  const entry = messages?.[send.message];
  let c = compiled.get(send.message);
  if (c === undefined || c.entry !== entry) compiled.set(send.message, (c = { entry, byChannel: new Map() }));
  let byCampaign = c.byChannel.get(send.channel);
  if (byCampaign === undefined) c.byChannel.set(send.channel, (byCampaign = new Map()));
  let checks = byCampaign.get(send.campaign);
  if (checks === undefined) {
    const message = messageOf({ rule: `journey:${send.journey}/${send.step}`, id: send.message, channel: send.channel, ...(send.campaign === undefined ? {} : { campaign: send.campaign }) }, messages);
    checks = { evaluator: evaluatorFor(scorerFor(message, policy.resolvedScoring), policy), refusals: new Map(), size: 0 };
    byCampaign.set(send.campaign, checks);
  }
  return checks;
}
