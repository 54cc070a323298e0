import { applyEvent, cond, createCustomerState, scoreMessage } from '@retain/core';
import { describe, expect, it } from 'vitest';
import { completeWithCore } from './core-bridge.js';
import { InvalidInContextMessageError } from './invalid-in-context-message-error.js';
import type { InContextMessageDefinition, MessageScoreInput } from './message-definition.js';
import { parseMessageDefinition } from './message-schema.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const complete = (d: InContextMessageDefinition) => completeWithCore(parseMessageDefinition(d), d);
const base = { id: 'cart-nudge', placement: 'toast', content: { title: 'Still thinking it over?' } } as const;
const added = applyEvent(createCustomerState('u1'), { type: 'track', event: 'Product Added', messageId: 'm1', timestamp: new Date(T0).toISOString(), userId: 'u1' });

describe('messages with the shared condition language and the scorecard', () => {
  it('evaluates a JSON condition (as shipped from a server) against state and event', () => {
    const json = JSON.parse('{"all":[{"event":"event","op":"eq","value":"Product Added"},{"state":"transactions.orders","op":"eq","value":0}]}');
    const spec = complete({ ...base, when: json });
    const event = { type: 'track', event: 'Product Added', messageId: 'm1', timestamp: new Date(T0).toISOString(), userId: 'u1' } as const;
    expect(spec.when(added, event, T0)).toBe(true);
    expect(spec.when(added, { ...event, event: 'Page Scrolled' }, T0)).toBe(false);
    expect(spec.when(added, null, T0)).toBe(false); // event comparisons are false without an event
  });

  it('accepts the cond builder', () => {
    const spec = complete({ ...base, when: cond.actionCount('Product Added').gte(1) });
    expect(spec.when(added, null, T0)).toBe(true);
    expect(spec.when(createCustomerState('u2'), null, T0)).toBe(false);
  });

  it('reports a bad condition with its path under when', () => {
    let error: unknown;
    try {
      complete({ ...base, when: { all: [{ since: 'lastVisit', op: 'bigger', value: 3 }] } as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInContextMessageError);
    expect((error as InvalidInContextMessageError).path.slice(0, 3)).toEqual(['when', 'all', 0]);
  });

  it('scores the message with the core scorecard for this customer', () => {
    const score: MessageScoreInput = { value: 'high', effort: 'low', relevantTo: ['Product Added'] };
    const spec = complete({ ...base, when: () => true, score });
    expect(spec.score?.(added, T0 + 60_000)).toBe(scoreMessage({ ...score, id: 'cart-nudge', channel: 'in_context' as const }, added, T0 + 60_000).score);
  });

  it('reports bad scorecard fields with their path under score', () => {
    let error: unknown;
    try {
      complete({ ...base, when: () => true, score: { value: 'huge' } as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInContextMessageError);
    expect((error as InvalidInContextMessageError).issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['score']));
    expect((error as InvalidInContextMessageError).issues.some((i) => i.path[1] === 'value')).toBe(true);
  });
});
