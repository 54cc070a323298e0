/** Test helpers: small builders of valid events at times relative to a fixed origin. */
import type { GroupEvent, IdentifyEvent, JsonObject, PageEvent, RetainEvent, TrackEvent } from '../src/index.js';
import { mulberry32 } from '../../../test/helpers/random.js';

/** 2026-11-01T00:00:00.000Z: every helper takes times in ms after this origin. */
export const ORIGIN = Date.parse('2026-11-01T00:00:00.000Z');
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The ISO timestamp `ms` after the origin. */
export const iso = (ms: number): string => new Date(ORIGIN + ms).toISOString();

let counter = 0;
const nextId = () => `m-${++counter}`;

type Extra = { userId?: string; anonymousId?: string; messageId?: string; context?: JsonObject };

function base(ms: number, extra: Extra) {
  const ids = extra.userId === undefined && extra.anonymousId === undefined ? { userId: 'u1' } : {};
  return { messageId: nextId(), timestamp: iso(ms), ...ids, ...extra };
}

export const page = (ms: number, extra: Extra = {}): PageEvent => ({ type: 'page', ...base(ms, extra) });
export const track = (event: string, ms: number, properties?: JsonObject, extra: Extra = {}): TrackEvent => ({
  type: 'track',
  event,
  ...(properties === undefined ? {} : { properties }),
  ...base(ms, extra),
});
export const identify = (ms: number, traits: JsonObject, extra: Extra = {}): IdentifyEvent => ({ type: 'identify', traits, ...base(ms, extra) });
export const group = (ms: number, groupId: string, traits?: JsonObject, extra: Extra = {}): GroupEvent => ({
  type: 'group',
  groupId,
  ...(traits === undefined ? {} : { traits }),
  ...base(ms, extra),
});

/** All permutations-friendly: a shuffled copy (Fisher–Yates with a seeded generator). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export type { RetainEvent };

/** A deep copy of a JSON value (the state is plain JSON), to check later that nothing changed it. */
export const snapshot = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
