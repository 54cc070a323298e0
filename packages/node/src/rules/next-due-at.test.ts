import { cond, DAY_MS, foldEvents, type JsonObject, type RetainEvent } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { rule } from './builder.js';
import { compileRules } from './compile-rule.js';
import { evaluate } from './evaluate.js';
import { nextDueAt } from './next-due-at.js';

const T0 = Date.parse('2026-11-01T10:00:00Z');
let seq = 0;
const track = (event: string, t: number, properties: JsonObject = {}): RetainEvent => ({
  type: 'track', event, properties, messageId: `n${seq++}`, timestamp: new Date(t).toISOString(), userId: 'u1',
});
const page = (t: number): RetainEvent => ({ type: 'page', messageId: `n${seq++}`, timestamp: new Date(t).toISOString(), userId: 'u1' });
const email = (campaign: string) => ({ campaign, channel: 'email' as const });

describe('nextDueAt', () => {
  const state = foldEvents([page(T0), page(T0 + 3 * DAY_MS)]);
  const lastVisit = T0 + 3 * DAY_MS;

  it('"no visit for 14 days" is due on day 14, not at the next cron', () => {
    const rules = compileRules([rule('dormant').when(cond.since('lastVisit').gte(14)).send(email('winback'))]);
    const due = nextDueAt(rules, state, T0 + 5 * DAY_MS);
    expect(due).toBe(lastVisit + 14 * DAY_MS);
    // and evaluating at that instant fires, one millisecond earlier does not
    expect(evaluate(rules, state, { now: due as number }).decisions).toHaveLength(1);
    expect(evaluate(rules, state, { now: (due as number) - 1 }).decisions).toHaveLength(0);
  });

  it('takes the earliest over rules, and handles strict comparisons', () => {
    const rules = compileRules([
      rule('late').when(cond.since('lastVisit').gte(30)).send(email('a')),
      rule('strict').when(cond.since('lastVisit', 'hours').gt(48)).send(email('b')),
    ]);
    const due = nextDueAt(rules, state, lastVisit + DAY_MS);
    expect(due).toBe(lastVisit + 48 * 3_600_000 + 1);
  });

  it('finds when a window condition starts to hold (a visit drops out of the last 7 days)', () => {
    const rules = compileRules([rule('quiet').when(cond.visits(7).eq(0)).send(email('nudge'))]);
    const due = nextDueAt(rules, state, lastVisit);
    expect(due).toBe(lastVisit + 7 * DAY_MS + 1); // the window is [now − 7 days, now]
    expect(evaluate(rules, state, { now: due as number }).decisions).toHaveLength(1);
    expect(evaluate(rules, state, { now: (due as number) - 1 }).decisions).toHaveLength(0);
  });

  it('waits for a cooldown to end when the condition still holds', () => {
    const rules = compileRules([rule('dormant').when(cond.since('lastVisit').gte(14)).send(email('winback')).cooldown(30, 'days')]);
    const firedAt = lastVisit + 14 * DAY_MS;
    const { memory } = evaluate(rules, state, { now: firedAt });
    expect(nextDueAt(rules, state, firedAt, memory)).toBe(firedAt + 30 * DAY_MS);
  });

  it('trial ending: due three days before the end', () => {
    const trial = foldEvents([track('Trial Started', T0, { trial_end_date: new Date(T0 + 14 * DAY_MS).toISOString() })]);
    const rules = compileRules([rule('trial-ending').when(cond.state('subscription.status').eq('trialing'), cond.until('subscription.trialEndsAt').between(0, 3)).send(email('trial'))]);
    expect(nextDueAt(rules, trial, T0)).toBe(T0 + 11 * DAY_MS + 1); // until < 3 is strict
  });

  it('is null when nothing can start to hold without an event, or when rules need an event', () => {
    const rules = compileRules([
      rule('orders').when(cond.state('transactions.orders').gte(1)).send(email('a')),
      rule('on-order').on('Order Completed').when(cond.since('lastVisit').gte(1)).send(email('b')),
      rule('past').when(cond.since('lastVisit').lt(1)).send(email('c')),
    ]);
    expect(nextDueAt(rules, state, lastVisit + 2 * DAY_MS)).toBeNull();
  });

  it('skips rules that already fire now (the host evaluates now)', () => {
    const rules = compileRules([rule('dormant').when(cond.since('lastVisit').gte(14)).send(email('winback'))]);
    expect(nextDueAt(rules, state, lastVisit + 20 * DAY_MS)).toBeNull();
  });
});

describe('nextDueAt for anniversaries', () => {
  it('schedules a birthday rule for the birthday, months ahead', () => {
    const state = foldEvents([{ type: 'identify', traits: { birthday: '1990-03-14' }, messageId: 'b1', timestamp: '2026-06-01T10:00:00Z', userId: 'u1' }]);
    const rules = compileRules([rule('birthday').when(cond.anniversary('identity.traits.birthday').eq(0)).send(email('birthday'))]);
    expect(new Date(nextDueAt(rules, state, Date.parse('2026-06-01T10:00:00Z')) ?? 0).toISOString()).toBe('2027-03-14T00:00:00.000Z');
    const weekBefore = compileRules([rule('soon').when(cond.anniversary('identity.traits.birthday').eq(7)).send(email('soon'))]);
    expect(new Date(nextDueAt(weekBefore, state, Date.parse('2027-03-10T10:00:00Z')) ?? 0).toISOString()).toBe('2028-03-07T00:00:00.000Z');
  });
});
