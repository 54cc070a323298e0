import { CHANNELS, conditionIssues, JsonObjectSchema, TIME_UNITS, type ValidationIssue } from '@retain/core';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { InvalidRuleError } from './invalid-rule-error.js';
import type { RuleJson } from './rule.js';

const nonEmpty = (what: string) => z.string({ error: `${what} must be a string` }).check(z.minLength(1, `${what} must not be empty`), z.maxLength(200, `${what} must be at most 200 characters`));
const finite = (what: string) => z.number({ error: `${what} must be a number` }).check(z.refine(Number.isFinite, `${what} must be a finite number`));

/**
 * The zod schema of a rule, without its condition (validated by the condition language, with paths).
 *
 * @example
 * ```ts
 * import { RuleShapeSchema } from '@retain/node';
 * RuleShapeSchema.safeParse({ id: 'a', when: {}, action: { campaign: 'c', channel: 'email' } }).success; // true (the condition is checked separately)
 * ```
 */
export const RuleShapeSchema = z.strictObject({
  id: nonEmpty('id'),
  description: z.optional(z.string()),
  on: z.optional(
    z.strictObject({
      type: z.optional(z.enum(['track', 'page', 'identify', 'group'], { error: 'type must be track, page, identify or group' })),
      event: z.optional(z.union([nonEmpty('event'), z.array(nonEmpty('event')).check(z.minLength(1, 'list at least one event name'))], { error: 'event must be a name or a list of names' })),
      properties: z.optional(JsonObjectSchema),
    }),
  ),
  when: z.unknown(),
  action: z.strictObject({
    campaign: nonEmpty('campaign'),
    message: z.optional(nonEmpty('message')),
    channel: z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` }),
    payload: z.optional(JsonObjectSchema),
  }),
  priority: z.optional(finite('priority')),
  stopProcessing: z.optional(z.boolean({ error: 'stopProcessing must be true or false' })),
  cooldown: z.optional(
    z.strictObject({
      value: finite('cooldown value').check(z.gte(0, 'cooldown value must be ≥ 0')),
      unit: z.enum(TIME_UNITS, { error: `unit must be one of ${TIME_UNITS.join(', ')}` }),
    }),
  ),
  dedupeKey: z.optional(nonEmpty('dedupeKey')),
});

let englishErrors: z.core.$ZodErrorMap | undefined;
const parseParams = () => ({ error: (englishErrors ??= en().localeError) });

const PLACEHOLDER = /\{([^{}]*)\}/g;

function dedupeIssues(key: string, path: readonly PropertyKey[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [, inner = ''] of key.matchAll(PLACEHOLDER)) {
    const [root, ...rest] = inner.split('.');
    const sub = rest.join('.');
    const probe = root === 'state' ? { state: sub, op: 'exists' } : root === 'event' ? { event: sub, op: 'exists' } : undefined;
    if (probe === undefined || sub === '') {
      issues.push({ path, message: `placeholder {${inner}} must be {state.<path>} or {event.<path>}`, code: 'invalid_format' });
      continue;
    }
    for (const i of conditionIssues(probe, [])) issues.push({ path, message: `placeholder {${inner}}: ${i.message}`, code: i.code });
  }
  return issues;
}

/**
 * Every problem in one rule, with paths from `base`.
 *
 * @example
 * ```ts
 * import { ruleIssues } from '@retain/node';
 * ruleIssues({ id: 'a', when: { consent: 'fax' }, action: { campaign: 'c', channel: 'email' } })[0]?.path; // ['rule', 'when', 'consent']
 * ```
 */
export function ruleIssues(input: unknown, base: readonly PropertyKey[] = ['rule']): ValidationIssue[] {
  const shape = RuleShapeSchema.safeParse(input, parseParams());
  const issues: ValidationIssue[] = [];
  if (!shape.success) {
    for (const i of shape.error.issues) issues.push({ path: [...base, ...i.path], message: i.message, code: i.code });
  }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const record = input as Record<string, unknown>;
    if (!Object.hasOwn(record, 'when')) issues.push({ path: [...base, 'when'], message: 'a rule needs a condition ("when")', code: 'invalid_type' });
    else issues.push(...conditionIssues(record['when'], [...base, 'when']));
    if (typeof record['dedupeKey'] === 'string') issues.push(...dedupeIssues(record['dedupeKey'], [...base, 'dedupeKey']));
  }
  return issues;
}

/**
 * Validates one rule in its JSON form.
 *
 * @throws {InvalidRuleError} naming the path of the bad node (`rule.when.all[0].op`).
 * @example
 * ```ts
 * import { parseRule } from '@retain/node';
 * const rule = parseRule(JSON.parse('{"id":"winback","when":{"since":"lastVisit","op":"gte","value":14},"action":{"campaign":"winback","channel":"email"}}'));
 * ```
 */
export function parseRule(input: unknown, base: readonly PropertyKey[] = ['rule']): RuleJson {
  const issues = ruleIssues(input, base);
  if (issues.length > 0) throw new InvalidRuleError(issues, input);
  return input as RuleJson;
}

/**
 * Validates a list of rules (ids must be unique).
 *
 * @throws {InvalidRuleError} naming the path of the bad node (`rules[3].action.channel`).
 * @example
 * ```ts
 * import { parseRules } from '@retain/node';
 * const rules = parseRules([{ id: 'a', when: { consent: 'email' }, action: { campaign: 'news', channel: 'email' } }]);
 * ```
 */
export function parseRules(input: unknown, base: readonly PropertyKey[] = ['rules']): RuleJson[] {
  if (!Array.isArray(input)) throw new InvalidRuleError([{ path: [...base], message: 'rules must be an array', code: 'invalid_type' }], input);
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, number>();
  input.forEach((rule, i) => {
    issues.push(...ruleIssues(rule, [...base, i]));
    const id = (rule as { id?: unknown } | null)?.id;
    if (typeof id === 'string') {
      const first = seen.get(id);
      if (first !== undefined) issues.push({ path: [...base, i, 'id'], message: `duplicate rule id "${id}" (also at ${String(base.at(-1) ?? '')}[${first}])`, code: 'custom' });
      else seen.set(id, i);
    }
  });
  if (issues.length > 0) throw new InvalidRuleError(issues, input);
  return input as RuleJson[];
}
