/**
 * `simulateCampaign`: before a blast, how many customers the send checks would allow, how many
 * they would refuse and why, and the goodwill the list would have after it — next to the
 * goodwill a blast that ignores the policy would leave (the list burn, made visible).
 */
import { createMessageScorer, type Message, type MessageRecipient } from '@retain/core';
import { assertTime } from './invalid-send-time-error.js';
import { BIT, REFUSAL_CODES, type RefusalCode } from './refusal-reasons.js';
import { SendEvaluator } from './send-evaluator.js';
import { resolvePolicy, type SendPolicyInput } from './send-policy.js';

/** Goodwill across the list. */
export interface GoodwillSummary {
  /** Sum over the customers. */
  readonly total: number;
  /** Mean per customer (0 for an empty list). */
  readonly mean: number;
  /** Customers with negative goodwill (burnt). */
  readonly negative: number;
  /** Customers below the policy's `minGoodwill`. */
  readonly belowMinimum: number;
}

/**
 * The answer of {@link simulateCampaign}.
 *
 * @example
 * ```ts
 * import type { CampaignSimulation } from '@retain/node';
 * const burn = (r: CampaignSimulation) => r.goodwill.blast.negative - r.goodwill.after.negative;
 * ```
 */
export interface CampaignSimulation {
  readonly customers: number;
  readonly allowed: number;
  readonly refused: number;
  /** Customers refused for each reason (a customer refused for two reasons counts under both). */
  readonly reasons: Readonly<Record<RefusalCode, number>>;
  /** Customers refused for that reason alone. */
  readonly onlyReason: Readonly<Record<RefusalCode, number>>;
  /** Mean message score over the list. */
  readonly meanScore: number;
  readonly goodwill: {
    /** Now, before the campaign. */
    readonly before: GoodwillSummary;
    /** After sending to the allowed customers only. */
    readonly after: GoodwillSummary;
    /** After sending to every customer who has not opted out, ignoring the policy: a blast. */
    readonly blast: GoodwillSummary;
  };
}

/**
 * Runs {@link checkSend}'s checks for every customer of a list, without sending or recording
 * anything, and summarises them. Per-message work is done once; per customer nothing is
 * allocated, so a million customers take about a second.
 *
 * @param customers - the list (customer states or lighter {@link MessageRecipient}s), each with its
 *   messages in time order as in `state.messages` (not re-checked here, for speed; {@link checkSend} checks).
 * @throws {InvalidMessageError} when the message is invalid.
 * @throws {InvalidPolicyError} when the policy is invalid.
 * @example
 * ```ts
 * import { createCustomerState } from '@retain/core';
 * import { defaultPolicy, simulateCampaign } from '@retain/node';
 *
 * const now = Date.parse('2026-11-22T10:00:00Z');
 * const list = [createCustomerState('a'), { ...createCustomerState('b'), consent: { email: { granted: true, at: now - 1 } } }];
 * const result = simulateCampaign(list, { id: 'black-friday', channel: 'email', value: 'low', relevance: 'none' }, defaultPolicy, now);
 * console.log(result.allowed, result.reasons.no_consent, result.goodwill.blast.mean);
 * ```
 */
export function simulateCampaign(customers: Iterable<MessageRecipient>, message: Message, policy: SendPolicyInput, now: number): CampaignSimulation {
  assertTime(now, 'simulateCampaign(now)');
  const resolved = resolvePolicy(policy);
  const e = new SendEvaluator(createMessageScorer(message, resolved.resolvedScoring), resolved);
  const s = e.scratch;
  const minGoodwill = resolved.minGoodwill;
  const byBit = new Float64Array(128);
  let n = 0;
  let allowed = 0;
  let scoreSum = 0;
  const before = { total: 0, negative: 0, below: 0 };
  const after = { total: 0, negative: 0, below: 0 };
  const blast = { total: 0, negative: 0, below: 0 };
  const add = (acc: { total: number; negative: number; below: number }, g: number) => {
    acc.total += g;
    if (g < 0) acc.negative++;
    if (g < minGoodwill) acc.below++;
  };
  const visit = (c: MessageRecipient) => {
    const bits = e.evaluate(c, now);
    n++;
    scoreSum += s.score;
    add(before, s.goodwillBefore);
    if (bits === 0) allowed++;
    else byBit[bits]!++;
    add(after, bits === 0 ? s.goodwillAfter : s.goodwillBefore);
    add(blast, (bits & BIT.opted_out) === 0 ? s.goodwillAfter : s.goodwillBefore);
  };
  if (Array.isArray(customers)) for (let i = 0; i < customers.length; i++) visit(customers[i] as MessageRecipient);
  else for (const c of customers) visit(c);

  const reasons = {} as Record<RefusalCode, number>;
  const onlyReason = {} as Record<RefusalCode, number>;
  for (const code of REFUSAL_CODES) {
    let count = 0;
    for (let bits = 1; bits < 128; bits++) if ((bits & BIT[code]) !== 0) count += byBit[bits]!;
    reasons[code] = count;
    onlyReason[code] = byBit[BIT[code]]!;
  }
  const summary = (acc: { total: number; negative: number; below: number }): GoodwillSummary =>
    Object.freeze({ total: acc.total, mean: n === 0 ? 0 : acc.total / n, negative: acc.negative, belowMinimum: acc.below });
  return Object.freeze({
    customers: n,
    allowed,
    refused: n - allowed,
    reasons: Object.freeze(reasons),
    onlyReason: Object.freeze(onlyReason),
    meanScore: n === 0 ? 0 : scoreSum / n,
    goodwill: Object.freeze({ before: summary(before), after: summary(after), blast: summary(blast) }),
  });
}
