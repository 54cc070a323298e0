import { describe, expect, it } from 'vitest';
import { InvalidRuleError } from '@retain/node';
import { run, sampleEvents, START } from './main.js';
import { RULES } from './rules.js';
import { JsonStore, runScheduler } from './scheduler.js';

const DAY = 86_400_000;

describe('examples/rules-scheduler', () => {
  it('fires each rule at the right moment, on events and at scheduled wake-ups', () => {
    const result = run();
    expect(result.decisions.map((d) => `${d.at} ${d.customer} ${d.rule} ${d.trigger}`)).toEqual([
      '2026-11-01T09:00:00.000Z ada welcome-series-1 event',
      '2026-11-02T09:00:00.000Z bo welcome-series-1 event',
      '2026-11-03T09:00:00.000Z ada big-spender-thanks event',
      '2026-11-03T09:00:00.000Z cy welcome-series-1 event',
      '2026-11-04T09:00:00.000Z ada welcome-series-2 event',
      '2026-11-05T09:00:00.000Z bo welcome-series-2 wake-up', // 3 days after sign-up, not at a cron tick
      '2026-11-06T09:00:00.000Z cy welcome-series-2 wake-up',
      '2026-11-06T10:00:00.000Z bo cart-abandon wake-up', // the cart stalled one hour
      '2026-11-09T09:00:00.000Z cy consecutive-negative-feedback event',
      '2026-11-14T09:00:00.000Z cy trial-ending wake-up', // three days before the end of the trial
      '2026-11-18T09:00:00.000Z ada winback wake-up', // 14 days after the last visit, to the millisecond
    ]);
    expect(result.wakeUps).toBe(5);
    expect(result.pending).toEqual({ ada: new Date(Date.parse('2026-11-18T09:00:00.000Z') + 30 * DAY).toISOString() }); // winback cooldown
    const winback = result.decisions.find((d) => d.rule === 'winback');
    expect(winback?.because).toContain('{"since":"lastVisit","op":"gte","value":14} saw 14');
  });

  it('gives the same decisions from stored JSON as from the builders, in any event order', () => {
    const fromBuilders = run();
    const db = new JsonStore();
    db.put('rules', JSON.parse(JSON.stringify(RULES)));
    const reversed = runScheduler(db, sampleEvents().reverse(), START + 30 * DAY);
    const key = (d: { at: string; customer: string; rule: string }) => `${d.at} ${d.customer} ${d.rule}`;
    expect(reversed.decisions.map(key).sort()).toEqual(fromBuilders.decisions.map(key).sort());
  });

  it('refuses corrupted stored rules with the path of the bad node', () => {
    const db = new JsonStore();
    const rules = JSON.parse(JSON.stringify(RULES));
    rules[2].when.all[0].all[1].op = 'less';
    db.put('rules', rules);
    expect(() => runScheduler(db, sampleEvents(), START + 30 * DAY)).toThrow(InvalidRuleError);
    expect(() => runScheduler(db, sampleEvents(), START + 30 * DAY)).toThrow(/rules\[2\]\.when\.all\[0\]\.all\[1\]\.op/);
  });
});
