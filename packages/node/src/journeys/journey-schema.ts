/**
 * The journey schema (zod) and its definition-time checks: shape, conditions, step references,
 * cycles without a wait, waits on events without a timeout, unknown messages.
 */
import { CHANNELS, conditionIssues, TIME_UNITS } from '@retain/core';
import { z } from 'zod';
import { InvalidJourneyError } from './invalid-journey-error.js';
import type { JourneyJson, JourneyStep } from './journey.js';

const id = (what: string) => z.string({ error: `${what} must be a string` }).min(1, `${what} must not be empty`).max(200, `${what} must be at most 200 characters`);
const duration = z.strictObject({
  value: z.number({ error: 'value must be a number' }).finite().gt(0, 'value must be > 0'),
  unit: z.enum(TIME_UNITS, { error: `unit must be one of ${TIME_UNITS.join(', ')}` }),
});
const condition = z.unknown();
const base = { id: id('id'), next: id('next').optional(), description: z.string().optional() };

const StepSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      ...base,
      type: z.literal('send'),
      message: id('message'),
      channel: z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` }),
      campaign: id('campaign').optional(),
      payload: z.record(z.string(), z.unknown()).optional(),
      onRefused: z.enum(['skip', 'wait'], { error: 'onRefused must be skip or wait' }).optional(),
      retryAfter: duration.optional(),
      retries: z.number().int('retries must be a whole number').min(0).max(100).optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('wait'),
      for: duration.optional(),
      untilEvent: z.strictObject({ event: id('event'), when: condition.optional() }).optional(),
      until: condition.optional(),
      timeout: duration.optional(),
      onTimeout: id('onTimeout').optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('branch'),
      branches: z.array(z.strictObject({ when: condition, next: id('next'), name: z.string().optional() })).min(1, 'list at least one branch'),
      otherwise: id('otherwise').optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('split'),
      arms: z
        .array(z.strictObject({ name: id('name'), weight: z.number().finite().gt(0, 'weight must be > 0'), next: id('next').optional(), holdout: z.boolean().optional() }))
        .min(2, 'a split needs at least two arms'),
    }),
    z.strictObject({ ...base, type: z.literal('update'), set: z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length > 0, 'set at least one trait') }),
    z.strictObject({ id: id('id'), type: z.literal('exit'), reason: z.string().optional(), description: z.string().optional() }),
  ],
  { error: 'type must be send, wait, branch, split, update or exit' },
);

/** @internal The zod schema of a journey's shape (conditions and references are checked after). */
export const JourneyShapeSchema = z.strictObject({
  id: id('id'),
  version: z.number().int('version must be a whole number').min(1).optional(),
  description: z.string().optional(),
  entry: z.strictObject({
    event: id('event').optional(),
    when: condition.optional(),
    reentry: z.union([z.enum(['never', 'after-exit']), z.strictObject({ after: duration })], { error: "reentry must be 'never', 'after-exit' or { after: duration }" }).optional(),
  }),
  steps: z.array(StepSchema).min(1, 'list at least one step'),
  goal: z.strictObject({ event: id('event').optional(), when: condition.optional() }).optional(),
  exits: z.array(z.strictObject({ name: id('name'), when: condition })).optional(),
});

/** Options of {@link parseJourney}. */
export interface ParseJourneyOptions {
  /** The message keys a send step may name (a catalogue's keys); unchecked when left out. */
  messages?: Iterable<string>;
  /** The path of the journey in error messages. @default 'journey' */
  path?: string;
}

/**
 * Validates a journey's JSON and returns it typed, or throws {@link InvalidJourneyError} naming
 * the first problem's path: a malformed field, a bad condition, a step pointing nowhere, a cycle
 * that passes no wait, a wait on an event or condition with no timeout, an unknown message, a
 * goal or entry with nothing to match.
 *
 * @example
 * ```ts
 * import { parseJourney } from '@retain/node';
 * const journey = parseJourney({
 *   id: 'welcome',
 *   entry: { event: 'Signed Up' },
 *   steps: [
 *     { id: 'hello', type: 'send', message: 'welcome', channel: 'email' },
 *     { id: 'pause', type: 'wait', for: { value: 2, unit: 'days' } },
 *     { id: 'tips', type: 'send', message: 'getting-started', channel: 'email' },
 *   ],
 * });
 * journey.steps.length; // 3
 * ```
 */
export function parseJourney(input: unknown, options: ParseJourneyOptions = {}): JourneyJson {
  const at = options.path ?? 'journey';
  const parsed = JourneyShapeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? at : `${at}.${formatPath(issue.path)}`;
    throw new InvalidJourneyError(where, issue?.message ?? 'invalid journey');
  }
  const journey = parsed.data as JourneyJson;
  checkConditions(journey, at);
  checkReferences(journey, at, options.messages === undefined ? undefined : new Set(options.messages));
  return journey;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function checkCondition(value: unknown, path: string): void {
  if (value === undefined) return;
  const issues = conditionIssues(value, [path]);
  const first = issues[0];
  if (first !== undefined) throw new InvalidJourneyError(formatPath(first.path), first.message);
}

function checkConditions(j: JourneyJson, at: string): void {
  checkCondition(j.entry.when, `${at}.entry.when`);
  checkCondition(j.goal?.when, `${at}.goal.when`);
  j.exits?.forEach((e, i) => checkCondition(e.when, `${at}.exits[${i}].when`));
  j.steps.forEach((s, i) => {
    const p = `${at}.steps[${i}]`;
    if (s.type === 'wait') {
      checkCondition(s.until, `${p}.until`);
      checkCondition(s.untilEvent?.when, `${p}.untilEvent.when`);
    }
    if (s.type === 'branch') s.branches.forEach((b, k) => checkCondition(b.when, `${p}.branches[${k}].when`));
  });
}

/** The steps a step can go to, with the field that names each. */
export function successors(steps: readonly JourneyStep[], index: number): Array<{ to: string | null; field: string }> {
  const s = steps[index] as JourneyStep;
  const following = steps[index + 1]?.id ?? null;
  const next = (field: string, value: string | undefined) => ({ to: value ?? following, field: value === undefined ? 'next (the following step)' : field });
  switch (s.type) {
    case 'exit':
      return [];
    case 'branch':
      return [...s.branches.map((b, k) => ({ to: b.next, field: `branches[${k}].next` })), next('otherwise', s.otherwise ?? s.next)];
    case 'split':
      return s.arms.map((a, k) => ({ to: a.next ?? s.next ?? following, field: a.next === undefined ? 'next' : `arms[${k}].next` }));
    case 'wait': {
      const out = [next('next', s.next)];
      if (s.untilEvent !== undefined || s.until !== undefined) out.push(next('onTimeout', s.onTimeout ?? s.next));
      return out;
    }
    default:
      return [next('next', s.next)];
  }
}

function checkReferences(j: JourneyJson, at: string, messages: ReadonlySet<string> | undefined): void {
  if (j.entry.event === undefined && j.entry.when === undefined) throw new InvalidJourneyError(`${at}.entry`, 'give an event or a condition (when) to enter by');
  if (j.goal !== undefined && j.goal.event === undefined && j.goal.when === undefined) throw new InvalidJourneyError(`${at}.goal`, 'give an event or a condition (when) for the goal');
  const index = new Map<string, number>();
  j.steps.forEach((s, i) => {
    if (index.has(s.id)) throw new InvalidJourneyError(`${at}.steps[${i}].id`, `"${s.id}" is already the id of steps[${index.get(s.id)}]`);
    index.set(s.id, i);
  });
  j.steps.forEach((s, i) => {
    const p = `${at}.steps[${i}]`;
    for (const { to, field } of successors(j.steps, i)) {
      if (to !== null && !index.has(to)) throw new InvalidJourneyError(`${p}.${field.split(' ')[0]}`, `points to "${to}", which is not a step of this journey`);
    }
    if (s.type === 'wait') {
      const kinds = [s.for, s.untilEvent, s.until].filter((k) => k !== undefined).length;
      if (kinds !== 1) throw new InvalidJourneyError(p, 'a wait needs exactly one of for, untilEvent or until');
      if ((s.untilEvent !== undefined || s.until !== undefined) && s.timeout === undefined) {
        throw new InvalidJourneyError(`${p}.timeout`, `a wait ${s.untilEvent === undefined ? 'for a condition' : `for "${s.untilEvent.event}"`} needs a timeout: the event may never come`);
      }
      if (s.for !== undefined && (s.timeout !== undefined || s.onTimeout !== undefined)) throw new InvalidJourneyError(`${p}.timeout`, 'a fixed wait (for) takes no timeout');
    }
    if (s.type === 'send' && messages !== undefined && !messages.has(s.message)) throw new InvalidJourneyError(`${p}.message`, `"${s.message}" is not in the message catalogue`);
    if (s.type === 'split' && s.arms.filter((a) => a.holdout === true).length > 1) throw new InvalidJourneyError(`${p}.arms`, 'at most one holdout arm');
  });
  // A cycle must pass a wait (otherwise one event would loop for ever).
  const state = new Array<0 | 1 | 2>(j.steps.length).fill(0);
  const stack: number[] = [];
  const visit = (i: number): void => {
    state[i] = 1;
    stack.push(i);
    if ((j.steps[i] as JourneyStep).type !== 'wait') {
      for (const { to } of successors(j.steps, i)) {
        if (to === null) continue;
        const k = index.get(to) as number;
        if (state[k] === 1) {
          const cycle = [...stack.slice(stack.indexOf(k)), k].map((n) => (j.steps[n] as JourneyStep).id);
          throw new InvalidJourneyError(`${at}.steps[${i}]`, `the steps ${cycle.join(' → ')} form a cycle with no wait: add a wait step to it`);
        }
        if (state[k] === 0) visit(k);
      }
    }
    stack.pop();
    state[i] = 2;
  };
  for (let i = 0; i < j.steps.length; i++) if (state[i] === 0) visit(i);
}
