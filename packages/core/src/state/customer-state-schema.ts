/** zod schema of the customer state, for loading states from storage or the network. */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { InvalidStateError } from '../errors/invalid-state-error.js';
import { CONSENT_PURPOSES, CHANNELS } from '../events/channels.js';
import { JsonObjectSchema } from '../events/event-schema.js';
import { toValidationIssues } from '../events/parse-event.js';
import { STATE_VERSION, type CustomerState } from './customer-state.js';
import { setOwn } from './records.js';

// Module-level schemas are built in `/* @__PURE__ */` IIFEs: bundlers drop the ones an app does not use
// (zod calls are not side-effect free as far as a bundler can tell).
const time = /* @__PURE__ */ (() => z.number().check(z.refine(Number.isFinite, 'must be a finite time in epoch ms')))();
const nullableTime = /* @__PURE__ */ (() => z.nullable(time))();
const count = /* @__PURE__ */ (() => z.int().check(z.gte(0)))();
const finite = /* @__PURE__ */ (() => z.number().check(z.refine(Number.isFinite, 'must be finite')))();

const consentRecord = /* @__PURE__ */ (() => z.object({ granted: z.boolean(), at: time }))();
const actionStats = /* @__PURE__ */ (() => z.object({ count, first: time, last: time }))();
const metricState = /* @__PURE__ */ (() => z.object({ value: finite, updatedAt: time }))();
const funnelState = /* @__PURE__ */ (() => z.object({ furthestStep: z.string(), furthestIndex: count, reachedAt: time, startedAt: time, lastActivityAt: time, completed: z.boolean() }))();
const interactions = /* @__PURE__ */ (() => z.object({ shown: count, clicked: count, dismissed: count, lastShownAt: nullableTime, lastClickedAt: nullableTime, lastDismissedAt: nullableTime }))();
const experiment = /* @__PURE__ */ (() => z.object({ variation: z.string(), at: time }))();

/**
 * The maps keyed by customer input, with the schema of their values. zod records skip a
 * `__proto__` key (neither validated nor kept), so {@link parseCustomerState} validates and
 * restores it itself: an action named `__proto__` survives a round-trip like any other.
 */
const KEYED_MAPS: ReadonlyArray<readonly [readonly string[], z.ZodMiniType]> = [
  [['identity', 'traitTimes'], time],
  [['actions'], actionStats],
  [['metrics'], metricState],
  [['milestones'], time],
  [['funnels'], funnelState],
  [['interactions'], interactions],
  [['experiments'], experiment],
];

const select = (root: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), root);

/**
 * The zod schema of {@link CustomerState}.
 *
 * @example
 * ```ts
 * import { CustomerStateSchema, createCustomerState } from '@retain/core';
 * CustomerStateSchema.safeParse(createCustomerState('u1')).success; // true
 * ```
 */
export const CustomerStateSchema = /* @__PURE__ */ (() => z.object({
  version: z.literal(STATE_VERSION, { error: `unknown state version (this build reads version ${STATE_VERSION})` }),
  kind: z.enum(['customer', 'account']),
  id: z.string(),
  identity: z.object({
    anonymousIds: z.array(z.string()),
    userId: z.nullable(z.string()),
    userIdAt: nullableTime,
    accountId: z.nullable(z.string()),
    accountIdAt: nullableTime,
    members: z.array(z.string()),
    traits: JsonObjectSchema,
    traitTimes: z.record(z.string(), time),
  }),
  visits: z.object({
    sessions: z.array(z.object({ start: time, end: time, events: count })),
    archived: z.object({ count, durationMs: finite, events: count }),
    firstSeen: nullableTime,
    lastSeen: nullableTime,
  }),
  actions: z.record(z.string(), actionStats),
  metrics: z.record(z.string(), metricState),
  milestones: z.record(z.string(), time),
  funnels: z.record(z.string(), funnelState),
  activity: z.record(z.string(), count),
  transactions: z.object({
    orders: count,
    revenue: finite,
    refunds: count,
    refundedAmount: finite,
    firstOrderAt: nullableTime,
    lastOrderAt: nullableTime,
    purchaseDays: z.array(z.object({ day: z.int(), amount: finite })),
  }),
  subscription: z.object({
    status: z.enum(['none', 'trialing', 'active', 'cancelled']),
    plan: z.nullable(z.string()),
    since: nullableTime,
    paymentFailures: count,
    lastPaymentFailedAt: nullableTime,
    trialEndsAt: nullableTime,
    planAt: nullableTime,
    trialEndedAt: nullableTime,
    lifecycle: z.nullable(z.object({ status: z.enum(['trialing', 'active', 'cancelled']), at: time })),
  }),
  feedback: z.object({
    history: z.array(z.object({ at: time, kind: z.enum(['nps', 'csat', 'thumbs']), score: finite, negative: z.boolean(), messageId: z.string() })),
    total: count,
    negatives: count,
    lastNps: z.nullable(z.object({ score: finite, at: time })),
    consecutiveNegatives: count,
  }),
  consent: z.partialRecord(z.enum(CONSENT_PURPOSES), consentRecord),
  messages: z.array(z.object({ id: z.string(), channel: z.enum(CHANNELS), score: z.nullable(finite), at: time, campaign: z.nullable(z.string()) })),
  interactions: z.record(z.string(), interactions),
  experiments: z.record(z.string(), experiment),
  eventCount: count,
  updatedAt: nullableTime,
  seen: z
    .object({ at: z.array(time), ids: z.array(z.string()) })
    .check(z.refine((s) => s.at.length === s.ids.length, { message: 'seen.at and seen.ids must have the same length' })),
}))();

/**
 * Upgrades a state of an older layout to the current one. Version 1 kept `seen` as
 * `[timestamp, messageId]` pairs, and the subscription without `planAt`, `trialEndedAt` and
 * `lifecycle` (derived here from `status` and `since`). Anything else is returned as is, for the
 * schema to judge.
 */
function migrate(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Record<string, unknown>;
  if (v['version'] === 1 && Array.isArray(v['seen'])) {
    const pairs = v['seen'] as unknown[];
    const valid = pairs.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'string');
    if (valid) {
      const seen = { at: pairs.map((p) => (p as [number, string])[0]), ids: pairs.map((p) => (p as [number, string])[1]) };
      const sub = (typeof v['subscription'] === 'object' && v['subscription'] !== null ? v['subscription'] : {}) as Record<string, unknown>;
      const status = sub['status'];
      const since = sub['since'];
      const lifecycle = (status === 'trialing' || status === 'active' || status === 'cancelled') && typeof since === 'number' ? { status, at: since } : null;
      const subscription = { planAt: sub['plan'] === null || sub['plan'] === undefined ? null : (since ?? null), trialEndedAt: null, lifecycle, ...sub };
      return { ...v, version: STATE_VERSION, seen, subscription };
    }
  }
  return value;
}

/**
 * Validates a stored state (e.g. read back from a database or `JSON.parse`), upgrading a state
 * of an older layout version.
 *
 * @throws {InvalidStateError} with every issue and its path.
 * @example
 * ```ts
 * import { createCustomerState, parseCustomerState } from '@retain/core';
 * const restored = parseCustomerState(JSON.parse(JSON.stringify(createCustomerState('u1'))));
 * ```
 */
export function parseCustomerState(value: unknown): CustomerState {
  const params = { error: en().localeError };
  const result = CustomerStateSchema.safeParse(migrate(value), params);
  if (!result.success) throw new InvalidStateError(toValidationIssues(result.error.issues), value);
  const state = result.data as CustomerState;
  for (const [path, schema] of KEYED_MAPS) {
    const from = select(value, path);
    if (typeof from !== 'object' || from === null || !Object.hasOwn(from, '__proto__')) continue;
    const entry = schema.safeParse((from as Record<string, unknown>)['__proto__'], params);
    if (!entry.success) throw new InvalidStateError(toValidationIssues(entry.error.issues, [...path, '__proto__']), value);
    setOwn(select(state, path) as Record<string, unknown>, '__proto__', entry.data);
  }
  return state;
}
