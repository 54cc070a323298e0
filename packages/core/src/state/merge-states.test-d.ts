import { expectTypeOf, test } from 'vitest';
import { createCustomerState, InvalidMergeError, mergeCustomerStates, RetainError, type CustomerState, type MergeStatesOptions } from '../index.js';

test('mergeCustomerStates: two states and an optional id, one state back', () => {
  const s = createCustomerState('u1');
  expectTypeOf(mergeCustomerStates(s, s)).toEqualTypeOf<CustomerState>();
  expectTypeOf(mergeCustomerStates(s, s, { id: 'u2' })).toEqualTypeOf<CustomerState>();
  expectTypeOf<MergeStatesOptions>().toEqualTypeOf<{ id?: string }>();
  // @ts-expect-error exactOptionalPropertyTypes: leave the id out rather than pass undefined
  mergeCustomerStates(s, s, { id: undefined });
  // @ts-expect-error a state is required on both sides
  mergeCustomerStates(s);
  expectTypeOf<InvalidMergeError>().toMatchTypeOf<RetainError>();
  expectTypeOf<InvalidMergeError['path']>().toEqualTypeOf<readonly PropertyKey[]>();
});
