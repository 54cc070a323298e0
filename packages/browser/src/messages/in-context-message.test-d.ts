import { cond } from '@retain/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Retain } from '../create-retain.js';
import type { InContextMessage, InContextMessageDefinition } from './index.js';

declare const retain: Retain;

describe('retain.inContextMessage() types', () => {
  it('returns a promise of a handle', () => {
    expectTypeOf(retain.inContextMessage).returns.toEqualTypeOf<Promise<InContextMessage>>();
  });

  it('accepts a predicate, a JSON condition or the cond builder', () => {
    const base = { id: 'm', placement: 'toast', content: { title: 'Hi' } } as const;
    expectTypeOf({ ...base, when: (state: { eventCount: number }) => state.eventCount > 3 }).toExtend<InContextMessageDefinition>();
    expectTypeOf({ ...base, when: { since: 'lastVisit', op: 'gte', value: 14 } as const }).toExtend<InContextMessageDefinition>();
    expectTypeOf({ ...base, when: cond.actionCount('Product Added').gte(1) }).toExtend<InContextMessageDefinition>();
  });

  it('rejects unknown placements and non-text content at compile time', () => {
    // @ts-expect-error 'popup' is not a placement
    const a: InContextMessageDefinition = { id: 'm', when: () => true, placement: 'popup', content: { title: 'Hi' } };
    // @ts-expect-error the title is text
    const b: InContextMessageDefinition = { id: 'm', when: () => true, placement: 'modal', content: { title: 42 } };
    // @ts-expect-error an action needs a label
    const c: InContextMessageDefinition = { id: 'm', when: () => true, placement: 'modal', content: { title: 'Hi', actions: [{ href: '/x' }] } };
    expectTypeOf([a, b, c]).toBeArray();
  });
});
