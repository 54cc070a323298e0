import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import type { ValidationIssue } from '../errors/invalid-event-error.js';
import { CHANNELS, CONSENT_PURPOSES } from '../events/channels.js';
import { CONDITION_OPS, FACT_KEYS, TIME_UNITS, type Condition, type FactKey } from './condition.js';
import { InvalidConditionError } from './invalid-condition-error.js';
import { checkStatePath } from './state-path.js';

/**
 * Deepest nesting of `all` / `any` / `not` accepted (a guard against hostile input).
 *
 * @example
 * ```ts
 * import { MAX_CONDITION_DEPTH } from '@retain/core';
 * MAX_CONDITION_DEPTH; // 32
 * ```
 */
export const MAX_CONDITION_DEPTH = 32;

let englishErrors: z.core.$ZodErrorMap | undefined;
const parseParams = () => ({ error: (englishErrors ??= en().localeError) });

const nonEmpty = (what: string) => z.string({ error: `${what} must be a string` }).check(z.minLength(1, `${what} must not be empty`));
const positive = (what: string) =>
  z.number({ error: `${what} must be a number` }).check(z.refine((n) => Number.isFinite(n) && n > 0, `${what} must be a finite number > 0`));
// Module-level schemas are built in `/* @__PURE__ */` IIFEs: bundlers drop the ones an app does not use
// (zod calls are not side-effect free as far as a bundler can tell).
const op = /* @__PURE__ */ (() => z.enum(CONDITION_OPS, { error: `op must be one of ${CONDITION_OPS.join(', ')}` }))();
const unit = /* @__PURE__ */ (() => z.optional(z.enum(TIME_UNITS, { error: `unit must be one of ${TIME_UNITS.join(', ')}` })))();
const statePath = /* @__PURE__ */ (() => nonEmpty('state path').check(
  z.superRefine((path: string, ctx) => {
    const problem = checkStatePath(path);
    if (problem !== null) ctx.issues.push({ code: 'custom', message: `not a state path: ${problem}`, input: path });
  }),
))();

const EVENT_ROOTS = ['type', 'event', 'name', 'category', 'properties', 'context', 'traits', 'userId', 'anonymousId', 'groupId', 'messageId', 'timestamp'];
const eventPath = /* @__PURE__ */ (() => nonEmpty('event path').check(
  z.refine(
    (path: string) => {
      const keys = path.split('.');
      return !keys.includes('') && EVENT_ROOTS.includes(keys[0] as string);
    },
    `an event path starts with one of ${EVENT_ROOTS.join(', ')} and has no empty segment (e.g. "event", "properties.revenue")`,
  ),
))();

const comparison = /* @__PURE__ */ (() => ({ op, value: z.optional(z.unknown()) }))();

/** The zod schema of each comparison (one per fact key). */
const FACT_SCHEMAS: Record<FactKey, z.ZodMiniType> = /* @__PURE__ */ (() => ({
  state: z.strictObject({ state: statePath, ...comparison }),
  event: z.strictObject({ event: eventPath, ...comparison }),
  since: z.strictObject({ since: nonEmpty('milestone'), unit, ...comparison }),
  sinceAction: z.strictObject({ sinceAction: nonEmpty('action name'), unit, ...comparison }),
  until: z.strictObject({ until: statePath, unit, ...comparison }),
  anniversary: z.strictObject({ anniversary: statePath, ...comparison }),
  visits: z.strictObject({
    visits: z.strictObject({ days: positive('days'), offsetDays: z.optional(z.number().check(z.gte(0, 'offsetDays must be ≥ 0'))) }),
    ...comparison,
  }),
  events: z.strictObject({ events: z.strictObject({ days: z.int().check(z.gte(1, 'days must be a whole number ≥ 1')) }), ...comparison }),
  activityRatio: z.strictObject({
    activityRatio: z.strictObject({
      recentDays: z.optional(positive('recentDays')),
      baselineDays: z.optional(positive('baselineDays')),
      measure: z.optional(z.enum(['visits', 'events'], { error: "measure must be 'visits' or 'events'" })),
    }),
    ...comparison,
  }),
  actionCount: z.strictObject({ actionCount: nonEmpty('action name'), ...comparison }),
  metric: z.strictObject({ metric: nonEmpty('metric name'), ...comparison }),
  trait: z.strictObject({ trait: nonEmpty('trait name'), ...comparison }),
  messages: z.strictObject({
    messages: z.strictObject({
      days: positive('days'),
      channel: z.optional(z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` })),
    }),
    ...comparison,
  }),
  funnelStalled: z.strictObject({ funnelStalled: nonEmpty('funnel name'), unit, ...comparison }),
}))();

const PREDICATE_SCHEMAS = /* @__PURE__ */ (() => ({
  consent: z.strictObject({ consent: z.enum(CONSENT_PURPOSES, { error: `consent must be one of ${CONSENT_PURPOSES.join(', ')}` }) }),
  optedOut: z.strictObject({ optedOut: z.enum(CONSENT_PURPOSES, { error: `optedOut must be one of ${CONSENT_PURPOSES.join(', ')}` }) }),
  funnelReached: z.strictObject({
    funnelReached: nonEmpty('funnel name'),
    step: z.union([z.int().check(z.gte(0, 'step index must be ≥ 0')), nonEmpty('step name')], { error: 'step must be a step index (≥ 0) or a step name' }),
  }),
} as const))();

const NODE_KEYS = /* @__PURE__ */ (() => ['all', 'any', 'not', ...Object.keys(PREDICATE_SCHEMAS), ...FACT_KEYS])();

/** Whether `value` is JSON (finite numbers, plain arrays and objects). */
function jsonProblem(value: unknown, depth = 0): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'must be a finite number (NaN and Infinity are not JSON)';
  if (depth > 64) return 'is nested too deeply';
  if (Array.isArray(value)) {
    for (const item of value) {
      const p = jsonProblem(item, depth + 1);
      if (p !== null) return p;
    }
    return null;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key in value) {
      const p = jsonProblem((value as Record<string, unknown>)[key], depth + 1);
      if (p !== null) return p;
    }
    return null;
  }
  return 'must be a JSON value';
}

function checkValue(node: Record<string, unknown>, path: readonly PropertyKey[], issues: ValidationIssue[]): void {
  const o = node['op'] as (typeof CONDITION_OPS)[number];
  const has = Object.hasOwn(node, 'value') && node['value'] !== undefined;
  const value = node['value'];
  const at = [...path, 'value'];
  const issue = (message: string) => issues.push({ path: at, message, code: 'invalid_value' });
  switch (o) {
    case 'exists':
    case 'missing':
      if (has) issue(`op "${o}" takes no value`);
      return;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (typeof value !== 'number' || !Number.isFinite(value)) issue(`op "${o}" needs a finite number`);
      return;
    case 'in':
    case 'notIn':
      if (!Array.isArray(value)) issue(`op "${o}" needs an array of values`);
      else {
        const p = jsonProblem(value);
        if (p !== null) issue(p);
      }
      return;
    case 'before':
    case 'after':
      if (!((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && !Number.isNaN(Date.parse(value))))) {
        issue(`op "${o}" needs a time: epoch milliseconds or an ISO-8601 date-time`);
      }
      return;
    default: {
      if (!has) {
        issue(`op "${o}" needs a value`);
        return;
      }
      const p = jsonProblem(value);
      if (p !== null) issue(p);
    }
  }
}

function walk(node: unknown, path: PropertyKey[], issues: ValidationIssue[], depth: number): void {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    issues.push({ path, message: 'a condition must be an object, e.g. { "since": "lastVisit", "op": "gte", "value": 14 }', code: 'invalid_type' });
    return;
  }
  if (depth > MAX_CONDITION_DEPTH) {
    issues.push({ path, message: `conditions nest at most ${MAX_CONDITION_DEPTH} levels deep`, code: 'too_big' });
    return;
  }
  const record = node as Record<string, unknown>;
  const kinds = NODE_KEYS.filter((k) => Object.hasOwn(record, k));
  if (kinds.length !== 1) {
    issues.push({
      path,
      message:
        kinds.length === 0
          ? `a condition needs exactly one of: ${NODE_KEYS.join(', ')} (found ${Object.keys(record).join(', ') || 'no keys'})`
          : `a condition has exactly one of ${kinds.join(', ')} (found ${kinds.length}); combine them with "all"`,
      code: 'invalid_union',
    });
    return;
  }
  const kind = kinds[0] as string;
  if (kind === 'all' || kind === 'any' || kind === 'not') {
    const extra = Object.keys(record).filter((k) => k !== kind);
    for (const k of extra) issues.push({ path: [...path, k], message: `unexpected key "${k}" next to "${kind}"`, code: 'unrecognized_keys' });
    const children = record[kind];
    if (kind === 'not') walk(children, [...path, 'not'], issues, depth + 1);
    else if (!Array.isArray(children)) issues.push({ path: [...path, kind], message: `"${kind}" must be an array of conditions`, code: 'invalid_type' });
    else children.forEach((child, i) => walk(child, [...path, kind, i], issues, depth + 1));
    return;
  }
  const schema = Object.hasOwn(PREDICATE_SCHEMAS, kind) ? PREDICATE_SCHEMAS[kind as keyof typeof PREDICATE_SCHEMAS] : FACT_SCHEMAS[kind as FactKey];
  const result = schema.safeParse(node, parseParams());
  if (!result.success) {
    for (const i of result.error.issues) issues.push({ path: [...path, ...i.path], message: i.message, code: i.code });
    return;
  }
  if (Object.hasOwn(FACT_SCHEMAS, kind)) checkValue(record, path, issues);
}

/**
 * Every problem in a condition, each with its path from `base` (empty when well formed).
 *
 * @param base - the path prefix of the condition in a larger document.
 * @default base `['condition']`
 * @example
 * ```ts
 * import { conditionIssues } from '@retain/core';
 * conditionIssues({ any: [{ consent: 'fax' }] })[0]?.path; // ['condition', 'any', 0, 'consent']
 * ```
 */
export function conditionIssues(input: unknown, base: readonly PropertyKey[] = ['condition']): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  walk(input, [...base], issues, 0);
  return issues;
}

/**
 * The result of {@link safeParseCondition}.
 *
 * @example
 * ```ts
 * import { safeParseCondition, type ParseConditionResult } from '@retain/core';
 * const result: ParseConditionResult = safeParseCondition({ consent: 'fax' });
 * if (!result.success) result.error.pathText; // 'condition.consent'
 * ```
 */
export type ParseConditionResult = { success: true; condition: Condition } | { success: false; error: InvalidConditionError };

/**
 * Validates a condition in its JSON form. Never throws.
 *
 * @example
 * ```ts
 * import { safeParseCondition } from '@retain/core';
 * const result = safeParseCondition({ since: 'lastVisit', op: 'gte', value: 14 });
 * if (!result.success) console.error(result.error.message);
 * ```
 */
export function safeParseCondition(input: unknown, base: readonly PropertyKey[] = ['condition']): ParseConditionResult {
  const issues = conditionIssues(input, base);
  if (issues.length > 0) return { success: false, error: new InvalidConditionError(issues, input) };
  return { success: true, condition: input as Condition };
}

/**
 * Validates a condition in its JSON form (from a database, a UI, a file) and returns it typed.
 *
 * @throws {InvalidConditionError} naming the path of the bad node, e.g. `condition.all[2].any[0].op`.
 * @example
 * ```ts
 * import { parseCondition } from '@retain/core';
 * const condition = parseCondition(JSON.parse('{"all":[{"since":"lastVisit","op":"gte","value":14},{"consent":"email"}]}'));
 * ```
 */
export function parseCondition(input: unknown, base: readonly PropertyKey[] = ['condition']): Condition {
  const result = safeParseCondition(input, base);
  if (!result.success) throw result.error;
  return result.condition;
}

/**
 * A zod (`zod/mini`) schema of the condition language, to embed conditions in larger schemas.
 * Reports the same issues, with the same paths, as {@link parseCondition}.
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 * import { ConditionSchema } from '@retain/core';
 * const Campaign = z.object({ name: z.string(), when: ConditionSchema });
 * Campaign.parse({ name: 'winback', when: { since: 'lastVisit', op: 'gte', value: 14 } });
 * ```
 */
export const ConditionSchema: z.ZodMiniType<Condition> = /* @__PURE__ */ (() => z.custom<Condition>().check(
  z.superRefine((value: unknown, ctx) => {
    for (const issue of conditionIssues(value, [])) ctx.issues.push({ code: 'custom', message: issue.message, path: [...issue.path], input: value });
  }),
))();
