/** mergeCustomerStates: merge(fold(A), fold(B)) against fold(A ∪ B), and the algebra of the merge. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerEvents } from '../../test/arbitraries.js';
import { DAY, HOUR, MINUTE, ORIGIN, iso, page, snapshot, track } from '../../test/events.js';
import type { RetainEvent } from '../events/event-schema.js';
import { InvalidMergeError } from '../errors/invalid-merge-error.js';
import { isRetainError } from '../errors/retain-error.js';
import { applyEvent, isDuplicateEvent } from './apply-event.js';
import { createCustomerState } from './create-customer-state.js';
import { parseCustomerState } from './customer-state-schema.js';
import { DEDUPE_WINDOW, type CustomerState } from './customer-state.js';
import { foldEvents } from './fold-events.js';
import { mergeCustomerStates as merge } from './merge-states.js';

const runs = { numRuns: 200 };
const COUNTER = 'Metric Incremented';

/**
 * The events of one side: `customerEvents` with the side's own message ids (so the sides are
 * disjoint), and, for an anonymous visitor, no `userId` (an anonymous id instead).
 */
const side = (prefix: string, maxLength = 30): fc.Arbitrary<RetainEvent[]> =>
  fc.tuple(customerEvents(maxLength), fc.boolean(), fc.boolean()).map(([events, anonymous, dense]) =>
    events.map((e) => {
      const out: Record<string, unknown> = { ...e, messageId: `${prefix}${e.messageId}` };
      // Dense: the same events within 8 minutes (whole minutes), so that times tie across the sides.
      if (dense) out['timestamp'] = iso((Date.parse(e.timestamp) - ORIGIN) % (8 * MINUTE));
      if (anonymous) {
        delete out['userId'];
        out['anonymousId'] ??= 'anon-0';
      }
      return out as unknown as RetainEvent;
    }),
  );
/** Events that contend for the last-write-wins fields and tie-breaks, at three instants only (ties everywhere). */
const contested = (prefix: string): fc.Arbitrary<RetainEvent[]> =>
  fc
    .array(
      fc.tuple(
        fc.integer({ min: 0, max: 2 }),
        fc.oneof(
          fc.record({ event: fc.constant('Consent Changed'), properties: fc.record({ purpose: fc.constant('email'), granted: fc.boolean() }) }),
          fc.record({ event: fc.constant('Experiment Viewed'), properties: fc.record({ experiment_id: fc.constant('e1'), variation_id: fc.constantFrom('a', 'b') }) }),
          fc.record({ event: fc.constant('Metric Set'), properties: fc.record({ metric: fc.constant('seats'), value: fc.integer({ min: 0, max: 3 }) }) }),
          fc.record({ event: fc.constantFrom('Trial Started', 'Subscription Started', 'Subscription Cancelled', 'Trial Ended'), properties: fc.record({ plan: fc.constantFrom('pro', 'team') }) }),
          fc.record({ event: fc.constant('Feedback Given'), properties: fc.record({ nps: fc.integer({ min: 0, max: 10 }) }) }),
          fc.record({ event: fc.constant('Funnel Step Reached'), properties: fc.integer({ min: 0, max: 1 }).chain((i) => fc.record({ funnel: fc.constant('f'), step: fc.constantFrom(`s${i}`, `t${i}`), step_index: fc.constant(i), final: fc.boolean() })) }),
        ),
        fc.constantFrom('u1', 'u2'),
      ),
      { maxLength: 8 },
    )
    .map((items) => items.map(([m, body, userId], i) => track(body.event, m * MINUTE, body.properties, { messageId: `${prefix}${i}`, userId })));
const withoutCounters = (events: RetainEvent[]) => events.filter((e) => !(e.type === 'track' && e.event === COUNTER));

type Kind = CustomerState['kind'];
const fold = (events: readonly RetainEvent[], kind: Kind = 'customer', id = 'u1') => foldEvents(events, createCustomerState(id, kind));
const kinds = fc.constantFrom<Kind>('customer', 'account');

describe('mergeCustomerStates: the fold of the union', () => {
  it('merge(fold(A), fold(B)) deep-equals fold(A ∪ B) (no counter metric on both sides)', () => {
    fc.assert(
      fc.property(side('a:'), side('b:'), kinds, fc.boolean(), (a, b, kind, dropCounters) => {
        // Counters on one side only are exact too: drop them from B (or from neither when A has none).
        const bEvents = dropCounters ? withoutCounters(b) : a.some((e) => e.type === 'track' && e.event === COUNTER) ? withoutCounters(b) : b;
        const merged = merge(fold(a, kind, 'anon'), fold(bEvents, kind), { id: 'u1' });
        expect(merged).toEqual(fold([...a, ...bEvents], kind));
      }),
      runs,
    );
  });

  it('a counter metric incremented on both sides keeps the later side (value and time); everything else is exact', () => {
    fc.assert(
      fc.property(side('a:'), side('b:'), (a, b) => {
        const fa = fold(a);
        const fb = fold(b);
        const merged = merge(fa, fb);
        const union = fold([...a, ...b]);
        const x = fa.metrics['documents'];
        const y = fb.metrics['documents'];
        if (x !== undefined && y !== undefined) {
          const later = x.updatedAt !== y.updatedAt ? (x.updatedAt > y.updatedAt ? x : y) : x.value >= y.value ? x : y;
          expect(merged.metrics['documents']).toEqual(later);
          expect(merged.metrics['documents']?.updatedAt).toBe(union.metrics['documents']?.updatedAt);
          expect({ ...merged, metrics: { ...merged.metrics, documents: null } }).toEqual({ ...union, metrics: { ...union.metrics, documents: null } });
        } else expect(merged).toEqual(union);
      }),
      runs,
    );
  });

  it('an anonymous visitor merged into a known customer: the id, both anonymous ids, the later traits', () => {
    const visitor = foldEvents([
      { type: 'identify', traits: { plan: 'free', locale: 'fr' }, messageId: 'v1', timestamp: '2026-11-22T10:00:00Z', anonymousId: 'anon-7' },
      { type: 'page', messageId: 'v2', timestamp: '2026-11-22T10:05:00Z', anonymousId: 'anon-7' },
    ]);
    const ada = foldEvents([
      { type: 'identify', traits: { plan: 'pro' }, messageId: 'c1', timestamp: '2026-11-20T09:00:00Z', userId: 'ada', anonymousId: 'anon-1' },
      { type: 'identify', traits: { locale: 'en' }, messageId: 'c2', timestamp: '2026-11-23T09:00:00Z', userId: 'ada' },
    ]);
    const merged = merge(ada, visitor, { id: 'ada' });
    expect(merged.id).toBe('ada');
    expect(merged.identity).toMatchObject({ anonymousIds: ['anon-1', 'anon-7'], userId: 'ada', traits: { plan: 'free', locale: 'en' } });
    expect(merged.visits.sessions).toHaveLength(1);
    expect(merge(visitor, ada).id).toBe(visitor.id); // without an id: a's
  });

  it('visits that straddle the two histories are joined by the 30-minute rule', () => {
    const a = [page(0), page(20 * MINUTE), page(3 * HOUR)];
    const b = [page(45 * MINUTE), page(2 * HOUR + 40 * MINUTE), page(DAY)];
    const merged = merge(fold(a), fold(b));
    expect(merged.visits.sessions).toEqual([
      { start: ORIGIN, end: ORIGIN + 45 * MINUTE, events: 3 },
      { start: ORIGIN + 2 * HOUR + 40 * MINUTE, end: ORIGIN + 3 * HOUR, events: 2 },
      { start: ORIGIN + DAY, end: ORIGIN + DAY, events: 1 },
    ]);
    expect(merged).toEqual(fold([...a, ...b]));
  });

  it('long histories: visits and daily activity past the retention windows are archived and dropped as the fold does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 30 }),
        (daysA, daysB) => {
          const a = daysA.map((d, i) => page(d * DAY + (i % 3) * 10 * MINUTE, { messageId: `a-${i}` }));
          const b = daysB.map((d, i) => page(d * DAY + (i % 3) * 10 * MINUTE, { messageId: `b-${i}` }));
          const merged = merge(fold(a), fold(b));
          const union = fold([...a, ...b]);
          // Exact when no visit archived on one side would have joined the other's: compare the totals always.
          expect(merged.activity).toEqual(union.activity);
          expect(merged.eventCount).toBe(union.eventCount);
          const total = (s: CustomerState) => s.visits.archived.events + s.visits.sessions.reduce((n, v) => n + v.events, 0);
          expect(total(merged)).toBe(total(union));
          // Sides that never touch within 30 minutes: exact.
          const minutesApart = (x: number, y: number) => Math.abs(x - y) * DAY > 30 * MINUTE + 20 * MINUTE;
          if (daysA.every((x) => daysB.every((y) => minutesApart(x, y)))) expect(merged).toEqual(union);
        },
      ),
      runs,
    );
  });
});

describe('mergeCustomerStates: ties', () => {
  it('breaks every tie as the fold does: merge equals the fold of the union, commutes and associates', () => {
    fc.assert(
      fc.property(contested('a:'), contested('b:'), contested('c:'), (a, b, c) => {
        const [x, y, z] = [fold(a), fold(b), fold(c)];
        expect(merge(x, y)).toEqual(fold([...a, ...b]));
        expect(merge(x, y)).toEqual(merge(y, x));
        expect(merge(merge(x, y), z)).toEqual(merge(x, merge(y, z)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('mergeCustomerStates: algebra', () => {
  it('is commutative (given the same id)', () => {
    fc.assert(
      fc.property(side('a:'), side('b:'), kinds, (a, b, kind) => {
        expect(merge(fold(a, kind, 'x'), fold(b, kind, 'y'), { id: 'u1' })).toEqual(merge(fold(b, kind, 'y'), fold(a, kind, 'x'), { id: 'u1' }));
      }),
      runs,
    );
  });

  it('is associative', () => {
    fc.assert(
      fc.property(side('a:', 20), side('b:', 20), side('c:', 20), kinds, (a, b, c, kind) => {
        const [x, y, z] = [fold(a, kind), fold(b, kind), fold(c, kind)];
        expect(merge(merge(x, y), z)).toEqual(merge(x, merge(y, z)));
      }),
      runs,
    );
  });

  it('has the empty state as identity (apart from the id), on either side', () => {
    fc.assert(
      fc.property(side('a:'), kinds, (a, kind) => {
        const x = fold(a, kind);
        expect(merge(x, createCustomerState('other', kind))).toEqual(x);
        expect(merge(createCustomerState('other', kind), x, { id: x.id })).toEqual(x);
      }),
      runs,
    );
  });

  it('is pure: the inputs are unchanged, and the result shares no object with them', () => {
    fc.assert(
      fc.property(side('a:'), side('b:'), (a, b) => {
        const [x, y] = [fold(a), fold(b)];
        const [before, beforeY] = [snapshot(x), snapshot(y)];
        const merged = merge(x, y);
        const m = JSON.parse(JSON.stringify(merged)) as CustomerState;
        // Scribble over every nested object of the result: the inputs must not see it.
        const scribble = (v: unknown): void => {
          if (typeof v !== 'object' || v === null) return;
          for (const k of Object.keys(v)) {
            const child = (v as Record<string, unknown>)[k];
            if (typeof child === 'object' && child !== null) scribble(child);
            else (v as Record<string, unknown>)[k] = 'scribbled';
          }
        };
        scribble(merged);
        expect(x).toEqual(before);
        expect(y).toEqual(beforeY);
        expect(parseCustomerState(m)).toEqual(m); // and it was a valid state
      }),
      { numRuns: 50 },
    );
  });
});

describe('mergeCustomerStates: duplicates', () => {
  it('recognises a retry of any event of either side that the fold of the union remembers', () => {
    fc.assert(
      fc.property(side('a:'), side('b:'), (a, b) => {
        const merged = merge(fold(a), fold(b));
        const union = fold([...a, ...b]);
        for (const e of [...a, ...b]) expect(isDuplicateEvent(merged, e)).toBe(isDuplicateEvent(union, e));
        // Below the window size, that is every event of both sides.
        if (a.length + b.length <= DEDUPE_WINDOW) for (const e of [...a, ...b]) expect(applyEvent(merged, e)).toBe(merged);
      }),
      runs,
    );
  });

  it('keeps the latest DEDUPE_WINDOW message ids of the two sides together', () => {
    const a = Array.from({ length: 200 }, (_, i) => track('Report Created', i * 2 * MINUTE, undefined, { messageId: `a-${i}` }));
    const b = Array.from({ length: 200 }, (_, i) => track('Report Created', (i * 2 + 1) * MINUTE, undefined, { messageId: `b-${i}` }));
    const merged = merge(fold(a), fold(b));
    expect(merged.seen.ids).toHaveLength(DEDUPE_WINDOW);
    expect(merged.seen).toEqual(fold([...a, ...b]).seen);
    expect(isDuplicateEvent(merged, a[199]!)).toBe(true);
    expect(isDuplicateEvent(merged, b[199]!)).toBe(true);
    expect(isDuplicateEvent(merged, a[0]!)).toBe(false); // older than the window, as after folding the union
  });
});

describe('mergeCustomerStates: invalid input', () => {
  const valid = foldEvents([page(0, { messageId: 'p1' })]);
  const fails = (a: unknown, b: unknown): InvalidMergeError => {
    try {
      merge(a as CustomerState, b as CustomerState);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidMergeError);
      expect(isRetainError(error)).toBe(true);
      return error as InvalidMergeError;
    }
    throw new Error('expected an InvalidMergeError');
  };

  it('rejects states of different kinds, at b.kind', () => {
    const error = fails(valid, createCustomerState('acct-1', 'account'));
    expect(error.path).toEqual(['b', 'kind']);
    expect(error.name).toBe('InvalidMergeError');
    expect(error.message).toMatch(/^Invalid states to merge at b\.kind: /);
    expect(error.states[1]).toMatchObject({ kind: 'account' });
  });

  it('rejects a state of another version, at its version (migrate with parseCustomerState first)', () => {
    const error = fails({ ...valid, version: 1 }, valid);
    expect(error.path).toEqual(['a', 'version']);
    expect(error.message).toMatch(/parseCustomerState/);
  });

  it('rejects a state that is not valid, with the path of the field', () => {
    const broken = snapshot(valid) as unknown as { visits: { sessions: Array<{ end: unknown }> } };
    broken.visits.sessions[0]!.end = 'later';
    expect(fails(valid, broken).path).toEqual(['b', 'visits', 'sessions', 0, 'end']);
    expect(fails(null, valid).issues.map((i) => i.path)).toEqual([['a']]);
    expect(fails(valid, { ...valid, seen: { at: [1], ids: [] } }).path[0]).toBe('b');
  });
});
