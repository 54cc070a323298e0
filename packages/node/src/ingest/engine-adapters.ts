/**
 * @internal Plugs the rules engine (`evaluate`) and the send checks (`checkSend`) into the
 * ingest handler's two hooks, so that `createIngestHandler({ rules, policy })` takes the same
 * rules and policy as the rest of `@retain/node`.
 */
import type { JsonObject, Message } from '@retain/core';
import { compileRules, type RuleInput, type RuleSet } from '../rules/compile-rule.js';
import { evaluate } from '../rules/evaluate.js';
import { nextDueAt } from '../rules/next-due-at.js';
import { pruneRuleMemory } from '../rules/prune-rule-memory.js';
import type { RuleMemory } from '../rules/rule.js';
import { checkSend } from '../sending/check-send.js';
import { resolvePolicy, type SendPolicyInput } from '../sending/send-policy.js';
import type { ProposedMessage, RulesContext, RulesOutcome, SendContext, SendVerdict } from './decision.js';

/**
 * The catalogue of messages, by the key a rule's action names (`action.message`, else its
 * campaign): the scorecard fields the send checks score each message with.
 *
 * @example
 * ```ts
 * import type { MessageCatalogue } from '@retain/node';
 * const messages: MessageCatalogue = {
 *   'cart-reminder': { value: 'medium', effort: 'low', relevantTo: ['Product Added'] },
 *   'promo-blast': { value: 'low', relevance: 'none', highFrequency: true },
 * };
 * ```
 */
export type MessageCatalogue = Readonly<Record<string, Omit<Message, 'channel' | 'id'> & Partial<Pick<Message, 'channel' | 'id'>>>>;

const round = (n: number) => Math.round(n * 10) / 10;

/** The scorable message of a proposal: from the catalogue, else a medium-value, medium-relevance message on the rule's channel. */
export function messageOf(proposal: ProposedMessage, catalogue: MessageCatalogue | undefined): Message {
  const entry = catalogue?.[proposal.id];
  const base: Message = entry === undefined ? { id: proposal.id, channel: proposal.channel, value: 'medium', relevance: 'medium' } : { ...entry, id: entry.id ?? proposal.id, channel: proposal.channel };
  return proposal.campaign === undefined || base.campaign !== undefined ? base : { ...base, campaign: proposal.campaign };
}

/** What a rules hook sees when it is woken by time, not by an event. */
export type TimeContext = Omit<RulesContext, 'event' | 'account'>;

/**
 * What a rules hook may carry besides (the rules engine's hook does): `dueAt` says when the
 * customer next needs an evaluation without an event (stored, and indexed, as the record's
 * `dueAt`), and `wake` is that evaluation. `ingest.wake()` calls it for the customers due.
 */
export interface WakeHooks {
  dueAt(context: TimeContext): number | null;
  wake(context: TimeContext): RulesOutcome | Promise<RulesOutcome>;
}

/** The rules engine as an ingest hook, with its wake-up time. Rule memory is kept (pruned) under `memory.rules`. */
export function engineRules(rules: RuleSet | readonly RuleInput[]): ((context: RulesContext) => RulesOutcome) & WakeHooks {
  const set = Array.isArray(rules) ? compileRules(rules as readonly RuleInput[]) : (rules as RuleSet);
  const hook = ({ state, event, now, memory }: Omit<RulesContext, 'event' | 'account'> & { event?: RulesContext['event'] }): RulesOutcome => {
    const previous = memory['rules'] as RuleMemory | undefined;
    const result = evaluate(set, state, { now, event, memory: previous, explain: false });
    if (result.decisions.length === 0) return { messages: [] };
    const messages: ProposedMessage[] = result.decisions.map((d) => ({
      rule: d.ruleId,
      id: d.action.message,
      channel: d.action.channel,
      campaign: d.action.campaign,
      ...(d.action.payload === undefined ? {} : { content: d.action.payload }),
    }));
    return { messages, memory: { ...memory, rules: pruneRuleMemory(set, result.memory, now) as unknown as JsonObject } };
  };
  return Object.assign(hook, {
    wake: (context: TimeContext) => hook(context),
    dueAt: ({ state, now, memory }: Omit<RulesContext, 'event' | 'account'>) => nextDueAt(set, state, now, (memory['rules'] as RuleMemory | undefined) ?? undefined),
  });
}

/** `checkSend` with `policy` as an ingest hook: reasons in words, score and goodwill forecast. */
export function enginePolicy(policy: SendPolicyInput, catalogue: MessageCatalogue | undefined): (context: SendContext) => SendVerdict {
  const resolved = resolvePolicy(policy);
  return ({ state, message, now }) => {
    const decision = checkSend(state, messageOf(message, catalogue), resolved, now);
    const forecast = `message score ${decision.score.score}; goodwill ${round(decision.goodwill.before)} → ${round(decision.goodwill.after)}`;
    const goodwill = { before: decision.goodwill.before, after: decision.goodwill.after };
    if (decision.allowed) return { allowed: true, reasons: [forecast], score: decision.score.score, goodwill };
    const reasons = [...decision.reasons.map((r) => r.message), forecast];
    if (decision.suggestion !== null) reasons.push(`suggestion: ${decision.suggestion.message}`);
    return { allowed: false, reasons, score: decision.score.score, goodwill };
  };
}
