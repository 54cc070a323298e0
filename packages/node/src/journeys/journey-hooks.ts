/**
 * Journeys inside the ingest handler: a rules hook that advances every journey for each event and
 * wake-up, keeps the positions with the customer (`memory.journeys`, written in the batch's
 * transaction) and says when the customer is next due (the store's due index wakes them).
 */
import type { JsonObject } from '@retain/core';
import type { MessageCatalogue, TimeContext, WakeHooks } from '../ingest/engine-adapters.js';
import type { ProposedMessage, RulesContext, RulesOutcome } from '../ingest/decision.js';
import { defaultPolicy, type SendPolicyInput } from '../sending/send-policy.js';
import { advanceJourney, type JourneyAdvance } from './advance-journey.js';
import { compileJourney, type JourneyInput } from './compile-journey.js';
import type { JourneyPosition } from './journey.js';
import { journeySendCheck } from './journey-send-check.js';

/** A rules hook with wake-ups, as `createIngestHandler` takes it. */
export type WakingRules = ((context: RulesContext) => Promise<RulesOutcome> | RulesOutcome) & WakeHooks;

/** Options of {@link journeyRules}. */
export interface JourneyRulesOptions {
  /** The send policy each step is checked against (the same as the rules'). @default defaultPolicy */
  policy?: SendPolicyInput;
  /** The message catalogue. Send steps naming a message outside it are refused at definition time. */
  messages?: MessageCatalogue;
  /**
   * Run the send checks inside the journey (refusals wait or skip as each step says). Set false
   * when the ingest handler's policy is a custom hook: every step's send is then proposed and that
   * hook decides (its refusals are in the decisions; the journey moves on).
   * @default true
   */
  checks?: boolean;
  /** Called with each advance (for logs or metrics). */
  onAdvance?: (customerId: string, advance: JourneyAdvance) => void;
}

/** The positions stored under `memory.journeys`, by journey id. */
export function journeyPositions(memory: JsonObject): Record<string, JourneyPosition> {
  return (memory['journeys'] ?? {}) as unknown as Record<string, JourneyPosition>;
}

/**
 * Journeys as an ingest rules hook: `createIngestHandler({ journeys })` uses it (with the rules,
 * if any). Each step's send goes through the send checks; a refused send waits or skips as its
 * step says and the reason is kept in the position's history. Proposals are named
 * `journey:<id>/<step>`.
 *
 * @example
 * ```ts
 * import { journeyRules, journeyTemplates } from '@retain/node';
 * const hook = journeyRules([journeyTemplates.onboarding(), journeyTemplates.cartRecovery()]);
 * typeof hook.dueAt; // 'function'
 * ```
 */
export function journeyRules(journeys: readonly JourneyInput[], options: JourneyRulesOptions = {}): WakingRules {
  const messages = options.messages === undefined ? undefined : Object.keys(options.messages);
  const compiled = journeys.map((j, i) => compileJourney(j, { path: `journeys[${i}]`, ...(messages === undefined ? {} : { messages }) }));
  const ids = new Set<string>();
  for (const j of compiled) {
    if (ids.has(j.id)) throw new TypeError(`journeys: "${j.id}" is listed twice`);
    ids.add(j.id);
  }
  let clock = 0;
  const check = journeySendCheck(options.policy ?? defaultPolicy, options.messages, () => clock);
  const run = ({ state, event, now, memory }: TimeContext & { event?: RulesContext['event'] }): RulesOutcome => {
    clock = now;
    const before = journeyPositions(memory);
    const after: Record<string, JourneyPosition> = { ...before };
    const proposals: ProposedMessage[] = [];
    let changed = false;
    for (const j of compiled) {
      const position = before[j.id];
      // Woken by time: only journeys that are due (or enter by condition) are evaluated.
      if (event === undefined && position?.status === 'active' && (position.dueAt === null || position.dueAt > now)) continue;
      if (event === undefined && position?.status !== 'active' && j.json.entry.event !== undefined) continue;
      const r = advanceJourney(j, { state, position, event, now, ...(options.checks === false ? {} : { check }) });
      options.onAdvance?.(state.id, r);
      if (r.position !== null && r.position !== position) {
        after[j.id] = r.position;
        changed = true;
      }
      for (const send of r.sends) {
        proposals.push({
          rule: `journey:${j.id}/${send.step}`,
          id: send.message,
          channel: send.channel,
          campaign: send.campaign ?? j.id,
          ...(send.payload === undefined ? {} : { content: send.payload }),
        });
      }
    }
    return changed ? { messages: proposals, memory: { ...memory, journeys: after as unknown as JsonObject } } : { messages: proposals };
  };
  return Object.assign((context: RulesContext) => run(context), {
    wake: (context: TimeContext) => run(context),
    dueAt: ({ memory, state, now }: TimeContext): number | null => {
      let due: number | null = null;
      const positions = journeyPositions(memory);
      for (const j of compiled) {
        const p = positions[j.id];
        if (p?.status === 'active' && p.dueAt !== null) due = due === null ? p.dueAt : Math.min(due, p.dueAt);
        // A journey entered by a condition is checked daily while the customer is outside it.
        if (p?.status !== 'active' && j.json.entry.event === undefined && state.eventCount > 0) due = due === null ? now + 86_400_000 : Math.min(due, now + 86_400_000);
      }
      return due;
    },
  });
}

/**
 * Several rules hooks as one: their proposals in order, each seeing the memory the previous one
 * left, wake-ups at the earliest `dueAt`.
 *
 * @example
 * ```ts
 * import { combineRules, journeyRules, journeyTemplates } from '@retain/node';
 * const hook = combineRules([journeyRules([journeyTemplates.winback()])]);
 * ```
 */
export function combineRules(hooks: ReadonlyArray<((context: RulesContext) => Promise<RulesOutcome> | RulesOutcome) & Partial<WakeHooks>>): WakingRules {
  const all = async (context: TimeContext & { event?: RulesContext['event'] }, time: boolean): Promise<RulesOutcome> => {
    let memory = context.memory;
    const messages: ProposedMessage[] = [];
    let changed = false;
    for (const hook of hooks) {
      if (time && hook.wake === undefined) continue;
      const r = time ? await (hook.wake as WakeHooks['wake'])({ ...context, memory }) : await hook({ ...(context as RulesContext), memory });
      messages.push(...r.messages);
      if (r.memory !== undefined) {
        memory = r.memory;
        changed = true;
      }
    }
    return changed ? { messages, memory } : { messages };
  };
  return Object.assign((context: RulesContext) => all(context, false), {
    wake: (context: TimeContext) => all(context, true),
    dueAt: (context: TimeContext): number | null => {
      let due: number | null = null;
      let memory = context.memory;
      for (const hook of hooks) {
        const t = hook.dueAt?.({ ...context, memory }) ?? null;
        if (t !== null) due = due === null ? t : Math.min(due, t);
        memory = context.memory;
      }
      return due;
    },
  });
}
