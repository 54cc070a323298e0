/**
 * Dotted paths into a {@link CustomerState}: a type that makes a typo a compile error, the same
 * check at run time for paths that arrive as JSON, and precompiled accessors.
 */
import type { JsonObject, JsonValue } from '../events/event-schema.js';
import type { CustomerState } from '../state/customer-state.js';

type Terminal = string | number | boolean | null | undefined | readonly unknown[];
type Depth = [never, 0, 1, 2, 3];

/**
 * The dotted paths of `T`. A path may end at a field of a fixed shape, or at any leaf; under a
 * `Record<string, …>` (metrics, funnels, milestones…) the key is free (`${string}`) but the
 * fields after it are checked. Traits (`identity.traits.x`) are free-form JSON.
 *
 * @example
 * ```ts
 * import type { Path } from '@retain/core';
 * type P = Path<{ a: { b: number } }>; // 'a' | 'a.b'
 * const p: P = 'a.b';
 * ```
 */
export type Path<T, D extends number = 4> = [D] extends [never]
  ? never
  : T extends Terminal
    ? never
    : { [K in keyof T & string]-?: KeyPaths<K, NonNullable<T[K]>, D> }[keyof T & string];

/** Free-form JSON (traits): any key below it. */
type IsFreeJson<V> = [JsonValue] extends [V] ? true : string extends keyof V ? ([JsonObject] extends [V] ? true : false) : false;

type KeyPaths<K extends string, V, D extends number> = string extends K
  ? // a record key: free, but the fields below it are checked
    V extends Terminal
    ? `${string}`
    : IsFreeJson<V> extends true
      ? `${string}`
      : `${string}.${Path<V, Depth[D]>}`
  : V extends Terminal
    ? K
    : IsFreeJson<V> extends true
      ? K | `${K}.${string}`
      : K | `${K}.${Path<V, Depth[D]>}`;

/**
 * Every valid path into a customer state, e.g. `'subscription.status'`, `'metrics.seats.value'`,
 * `'funnels.checkout.completed'`, `'identity.traits.plan'`.
 *
 * @example
 * ```ts
 * import type { StatePath } from '@retain/core';
 * const ok: StatePath = 'transactions.orders';
 * // @ts-expect-error a typo is a compile error
 * const typo: StatePath = 'transaction.orders';
 * ```
 */
export type StatePath = Path<CustomerState>;

/** The shape of the state, for checking paths at run time: `'*'` a free key, `null` a leaf, `'json'` free-form. */
type Shape = null | 'json' | { readonly [key: string]: Shape };

const consentRecord = { granted: null, at: null };
const STATE_SHAPE: Shape = {
  version: null,
  kind: null,
  id: null,
  identity: {
    anonymousIds: null,
    userId: null,
    userIdAt: null,
    accountId: null,
    accountIdAt: null,
    members: null,
    traits: 'json',
    traitTimes: { '*': null },
  },
  visits: { sessions: null, archived: { count: null, durationMs: null, events: null }, firstSeen: null, lastSeen: null },
  actions: { '*': { count: null, first: null, last: null } },
  metrics: { '*': { value: null, updatedAt: null } },
  milestones: { '*': null },
  funnels: { '*': { furthestStep: null, furthestIndex: null, reachedAt: null, startedAt: null, lastActivityAt: null, completed: null } },
  activity: { '*': null },
  transactions: { orders: null, revenue: null, refunds: null, refundedAmount: null, firstOrderAt: null, lastOrderAt: null, purchaseDays: null },
  subscription: { status: null, plan: null, since: null, paymentFailures: null, lastPaymentFailedAt: null, trialEndsAt: null },
  feedback: { history: null, total: null, negatives: null, lastNps: { score: null, at: null }, consecutiveNegatives: null },
  consent: {
    in_context: consentRecord,
    banner: consentRecord,
    email: consentRecord,
    direct_mail: consentRecord,
    push: consentRecord,
    sms: consentRecord,
    analytics: consentRecord,
  },
  messages: null,
  interactions: { '*': { shown: null, clicked: null, dismissed: null, lastShownAt: null, lastClickedAt: null, lastDismissedAt: null } },
  experiments: { '*': { variation: null, at: null } },
  eventCount: null,
  updatedAt: null,
  seen: null,
};

/**
 * @internal Checks a dotted state path at run time against the state's shape (the same rule as
 * {@link StatePath}). Returns `null` when valid, else what is wrong.
 */
export function checkStatePath(path: string): string | null {
  const keys = path.split('.');
  let shape: Shape = STATE_SHAPE;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === '') return `"${path}" has an empty segment`;
    if (shape === 'json') return null;
    if (shape === null) return `"${path}": "${keys.slice(0, i).join('.')}" has no fields`;
    const next: Shape | undefined = Object.hasOwn(shape, key) ? shape[key] : Object.hasOwn(shape, '*') ? shape['*'] : undefined;
    if (next === undefined) {
      const known = Object.keys(shape);
      return `"${path}": unknown field "${key}"${i === 0 ? '' : ` under "${keys.slice(0, i).join('.')}"`} (known: ${known.join(', ')})`;
    }
    shape = next;
  }
  return null;
}

/** @internal An accessor compiled from a path: own properties only; `undefined` when any step is missing. */
export type Accessor = (root: unknown) => unknown;

const own = (o: unknown, k: string): unknown =>
  typeof o === 'object' && o !== null && Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined;

/**
 * @internal Compiles a path (dotted, or as keys) into an accessor. Reads own properties only
 * (never the prototype: `constructor` or `__proto__` read as missing), and never throws.
 */
export function compileAccessor(path: string | readonly string[]): Accessor {
  const keys = typeof path === 'string' ? path.split('.') : path;
  switch (keys.length) {
    case 1: {
      const [a] = keys as [string];
      return (r) => own(r, a);
    }
    case 2: {
      const [a, b] = keys as [string, string];
      return (r) => own(own(r, a), b);
    }
    case 3: {
      const [a, b, c] = keys as [string, string, string];
      return (r) => own(own(own(r, a), b), c);
    }
    default:
      return (r) => {
        let v = r;
        for (const k of keys) {
          v = own(v, k);
          if (v === undefined) return undefined;
        }
        return v;
      };
  }
}
