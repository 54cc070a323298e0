import { describe, expect, it } from 'vitest';
import { page, track } from '../../test/events.js';
import { foldEvents } from './fold-events.js';
import { parseCustomerState } from './customer-state-schema.js';
import { STATE_VERSION } from './customer-state.js';

describe('parseCustomerState', () => {
  it('reads back a state written as JSON', () => {
    const s = foldEvents([page(0), track('Subscription Started', 1000, { plan: 'pro' })]);
    expect(parseCustomerState(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('upgrades a version 1 state (seen as pairs; subscription without lifecycle)', () => {
    const current = foldEvents([page(0), track('Subscription Started', 1000, { plan: 'pro' }), page(2000)]);
    const { planAt: _planAt, trialEndedAt: _trialEndedAt, lifecycle: _lifecycle, ...oldSubscription } = current.subscription;
    const v1 = { ...JSON.parse(JSON.stringify(current)), version: 1, seen: current.seen.at.map((at, k) => [at, current.seen.ids[k]]), subscription: oldSubscription };
    const upgraded = parseCustomerState(v1);
    expect(upgraded.version).toBe(STATE_VERSION);
    expect(upgraded).toEqual(current);
  });

  it('rejects a window whose two arrays disagree, and an unknown version', () => {
    const s = JSON.parse(JSON.stringify(foldEvents([page(0)])));
    expect(() => parseCustomerState({ ...s, seen: { at: [1, 2], ids: ['a'] } })).toThrow(/at seen: seen.at and seen.ids must have the same length/);
    expect(() => parseCustomerState({ ...s, version: 3 })).toThrow(/at version: unknown state version/);
  });
});
