/** A journey validated and compiled once: steps by id, conditions as closures (internal). */
import { compileCondition, conditionCodegen, TIME_UNIT_MS, type CompiledCondition, type Condition, type RetainEvent } from '@retain/core';
import type { Duration } from '../rules/rule.js';
import { parseJourney, type ParseJourneyOptions } from './journey-schema.js';
import type { JourneyJson, JourneyStep } from './journey.js';

/** A journey ready to run: what {@link compileJourney} returns. */
export interface CompiledJourney {
  readonly json: JourneyJson;
  readonly id: string;
  readonly version: number;
  /** Step index by id. */
  readonly index: ReadonlyMap<string, number>;
  /** Compiled conditions by their place (`entry`, `goal`, `exits[0]`, `steps[2].until`, `steps[3].branches[1]`…). */
  readonly conditions: ReadonlyMap<string, CompiledCondition>;
}

/** A journey as JSON, as a builder, or already compiled. */
export type JourneyInput = JourneyJson | { toJSON(): JourneyJson } | CompiledJourney;

const compiled = (c: Condition | undefined, at: string, out: Map<string, CompiledCondition>) => {
  if (c !== undefined) out.set(at, compileCondition(c, [at], { codegen: conditionCodegen }));
};

/**
 * Validates ({@link parseJourney}) and compiles a journey once; pass the result to
 * `advanceJourney`, `explainJourney` and `simulateJourney` in hot loops.
 *
 * @throws {@link InvalidJourneyError} naming the path of the first problem.
 * @example
 * ```ts
 * import { compileJourney, journeyTemplates } from '@retain/node';
 * const onboarding = compileJourney(journeyTemplates.onboarding());
 * onboarding.index.get('welcome'); // 0
 * ```
 */
export function compileJourney(input: JourneyInput, options: ParseJourneyOptions = {}): CompiledJourney {
  if (isCompiled(input)) return input;
  const raw = typeof (input as { toJSON?: unknown }).toJSON === 'function' ? (input as { toJSON(): JourneyJson }).toJSON() : input;
  const json = parseJourney(raw, options);
  const conditions = new Map<string, CompiledCondition>();
  compiled(json.entry.when, 'entry', conditions);
  compiled(json.goal?.when, 'goal', conditions);
  json.exits?.forEach((e, i) => compiled(e.when, `exits[${i}]`, conditions));
  json.steps.forEach((s, i) => {
    if (s.type === 'wait') {
      compiled(s.until, `steps[${i}].until`, conditions);
      compiled(s.untilEvent?.when, `steps[${i}].untilEvent`, conditions);
    }
    if (s.type === 'branch') s.branches.forEach((b, k) => compiled(b.when, `steps[${i}].branches[${k}]`, conditions));
  });
  return { json, id: json.id, version: json.version ?? 1, index: new Map(json.steps.map((s, i) => [s.id, i])), conditions };
}

function isCompiled(input: JourneyInput): input is CompiledJourney {
  return (input as CompiledJourney).conditions instanceof Map && (input as CompiledJourney).json !== undefined;
}

/** @internal Milliseconds of a duration. */
export function durationMs(d: Duration): number {
  return d.value * TIME_UNIT_MS[d.unit];
}

/** @internal The name an event is matched by: a track event's name, else its type. */
export function eventName(event: RetainEvent): string {
  return event.type === 'track' ? event.event : event.type;
}

/** @internal The step at an id. */
export function stepAt(j: CompiledJourney, id: string): { step: JourneyStep; i: number } | undefined {
  const i = j.index.get(id);
  return i === undefined ? undefined : { step: j.json.steps[i] as JourneyStep, i };
}
