import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerEvents } from '../../test/arbitraries.js';
import { iso, page, snapshot, track } from '../../test/events.js';
import { InvalidEventError } from '../errors/invalid-event-error.js';
import { isRetainError } from '../errors/retain-error.js';
import { applyEvent } from '../state/apply-event.js';
import { createCustomerState } from '../state/create-customer-state.js';
import { safeApplyEvent } from '../state/safe-apply-event.js';
import { parseEvent, safeParseEvent } from './parse-event.js';

const valid = { type: 'track', event: 'Order Completed', properties: { revenue: 80 }, messageId: 'm-1', timestamp: '2026-11-22T10:00:00.000Z', userId: 'u1' };

/** Parses, expecting a failure, and returns the error. */
function rejection(input: unknown): InvalidEventError {
  const result = safeParseEvent(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.error;
}

describe('parseEvent / safeParseEvent', () => {
  it('accepts Segment-compatible identify, track, page and group calls', () => {
    expect(parseEvent(valid)).toEqual(valid);
    expect(safeParseEvent({ type: 'identify', traits: { plan: 'pro' }, messageId: 'a', timestamp: iso(0), anonymousId: 'x' }).success).toBe(true);
    expect(safeParseEvent({ type: 'page', name: 'Home', messageId: 'b', timestamp: '2026-11-22T10:00:00+01:00', userId: 'u' }).success).toBe(true);
    expect(safeParseEvent({ type: 'group', groupId: 'acct', messageId: 'c', timestamp: iso(0), userId: 'u', context: { ip: '1.2.3.4' } }).success).toBe(true);
    expect(safeParseEvent({ ...valid, event: 'Any Custom Name', properties: { anything: [1, { a: null }] } }).success).toBe(true);
  });

  it.each([
    [{ ...valid, messageId: undefined }, 'messageId'],
    [{ ...valid, messageId: '' }, 'messageId'],
    [{ ...valid, timestamp: 'yesterday' }, 'timestamp'],
    [{ ...valid, timestamp: '2026-11-22T10:00:00' }, 'timestamp'],
    [{ ...valid, userId: undefined }, 'userId'],
    [{ ...valid, type: 'screen' }, 'type'],
    [{ ...valid, event: '' }, 'event'],
    [{ ...valid, properties: { revenue: '80' } }, 'properties.revenue'],
    [{ ...valid, properties: { revenue: Number.NaN } }, 'properties.revenue'],
    [{ ...valid, event: 'Feedback Given', properties: { nps: 11 } }, 'properties.nps'],
    [{ ...valid, event: 'Feedback Given', properties: {} }, 'properties'],
    [{ ...valid, event: 'Consent Changed', properties: { purpose: 'fax', granted: true } }, 'properties.purpose'],
    [{ ...valid, event: 'Funnel Step Reached', properties: { funnel: 'checkout', step: 'cart', step_index: -1 } }, 'properties.step_index'],
    [{ ...valid, context: { nested: { bad: Number.POSITIVE_INFINITY } } }, 'context.nested.bad'],
  ])('rejects %j with a message naming the path %s', (input, path) => {
    const error = rejection(input);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(isRetainError(error)).toBe(true);
    expect(error.name).toBe('InvalidEventError');
    expect(error.issues.some((i) => i.path.join('.') === path || (path === 'properties' && i.path.join('.') === 'properties'))).toBe(true);
    expect(error.message).toContain(`at ${path}`);
    expect(error.event).toBe(input);
  });

  it('says what is wrong in words a person can act on', () => {
    const error = rejection({ ...valid, event: 'Feedback Given', properties: { comment: 'meh' } });
    expect(error.message).toMatch(/^Invalid event track "Feedback Given" \(messageId m-1\): 1 problem\n {2}- at properties: feedback needs a score/);
    expect(rejection({ ...valid, userId: undefined }).message).toContain('needs an anonymousId or a userId');
    expect(rejection(null).message).toMatch(/^Invalid event: /);
    expect(rejection({ ...valid, messageId: undefined }).message).toContain('at messageId: messageId is required');
    expect(rejection({ ...valid, event: 42 }).message).toContain('at event: event name must be a string');
  });

  it("rejects a '__proto__' key instead of dropping it silently (zod records skip it)", () => {
    const input = JSON.parse('{"type":"identify","traits":{"plan":"pro","prefs":{"__proto__":{"admin":true}}},"messageId":"m","timestamp":"2026-11-22T10:00:00Z","userId":"u"}');
    expect(rejection(input).message).toContain("at traits.prefs: '__proto__' is not allowed as a key");
    expect(rejection({ ...valid, properties: JSON.parse('{"__proto__":1}') }).issues[0]?.path).toEqual(['properties']);
  });

  it('parseEvent throws the same InvalidEventError', () => {
    expect(() => parseEvent({ ...valid, timestamp: 42 })).toThrow(InvalidEventError);
    expect(() => parseEvent({ ...valid, timestamp: 42 })).toThrow(/at timestamp/);
  });
});

describe('bad input never changes the state and is never dropped silently', () => {
  /** A valid event with one field corrupted. */
  const corrupted = fc.tuple(customerEvents(5).filter((e) => e.length > 0), fc.constantFrom('messageId', 'timestamp', 'type', 'userId', 'properties', 'context'), fc.anything()).map(([events, key, value]) => {
    const event: Record<string, unknown> = { ...(events[0] as object) };
    if (key === 'userId') delete event['userId'];
    else event[key] = key === 'properties' || key === 'context' ? { x: Number.NaN, y: value } : typeof value === 'string' && key === 'type' ? `${value}!` : value;
    return { event, key };
  });

  it('safeApplyEvent returns the state untouched and the input inside the error', () => {
    const state = [page(0), track('Order Completed', 1000, { revenue: 5 })].reduce(applyEvent, createCustomerState('u1'));
    const before = snapshot(state);
    fc.assert(
      fc.property(fc.oneof(corrupted, fc.anything().map((event) => ({ event, key: undefined }))), ({ event: input, key }) => {
        const result = safeApplyEvent(state, input);
        if (result.success) return; // a corrupted value may, rarely, still be valid (e.g. another string id)
        expect(result.state).toBe(state);
        expect(result.error).toBeInstanceOf(InvalidEventError);
        expect(result.error.event).toBe(input);
        expect(result.error.issues.length).toBeGreaterThan(0);
        expect(result.error.message).toMatch(/ at [^:]+: /);
        // The corrupted field is named, with its path, in the issues and in the message.
        if (key !== undefined) {
          expect(result.error.issues.some((issue) => issue.path[0] === key)).toBe(true);
          expect(result.error.message).toContain(`at ${key}`);
        }
      }),
      { numRuns: 300 },
    );
    expect(state).toEqual(before);
  });

  it('safeApplyEvent folds a valid event', () => {
    const result = safeApplyEvent(createCustomerState('u1'), valid);
    expect(result.success && result.state.transactions.revenue).toBe(80);
  });
});
