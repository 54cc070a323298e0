import { describe, expectTypeOf, it } from 'vitest';
import type { JsonValue } from '../events/event-schema.js';
import { cond, type PathValue } from './builder.js';
import type { CustomerState } from '../state/customer-state.js';
import type { StatePath } from './state-path.js';

describe('state paths are checked at compile time', () => {
  it('accepts real paths, including under records', () => {
    expectTypeOf<'subscription.status'>().toExtend<StatePath>();
    expectTypeOf<'metrics.seats.value'>().toExtend<StatePath>();
    expectTypeOf<'funnels.checkout.completed'>().toExtend<StatePath>();
    expectTypeOf<'milestones.signedUp'>().toExtend<StatePath>();
    expectTypeOf<'identity.traits.plan'>().toExtend<StatePath>();
    expectTypeOf<'consent.email.granted'>().toExtend<StatePath>();
    cond.state('transactions.orders').gte(1);
    cond.state('feedback.lastNps.score').lte(6);
  });

  it('rejects typos', () => {
    expectTypeOf<'subscripton.status'>().not.toExtend<StatePath>();
    expectTypeOf<'metrics.seats.valu'>().not.toExtend<StatePath>();
    expectTypeOf<'consent.fax.granted'>().not.toExtend<StatePath>();
    // @ts-expect-error a typo in a field path is a compile error
    cond.state('transactions.order');
    // @ts-expect-error a typo under a record
    cond.state('funnels.checkout.complete');
    // @ts-expect-error until/anniversary take state paths too
    cond.until('subscription.trialEnds');
  });

  it('types the compared value from the path', () => {
    expectTypeOf<PathValue<CustomerState, 'subscription.status'>>().toEqualTypeOf<'none' | 'trialing' | 'active' | 'cancelled'>();
    expectTypeOf<PathValue<CustomerState, 'metrics.seats.value'>>().toEqualTypeOf<number>();
    expectTypeOf<PathValue<CustomerState, 'identity.traits.plan'>>().toEqualTypeOf<JsonValue>();
    cond.state('subscription.status').eq('active');
    // @ts-expect-error not a subscription status
    cond.state('subscription.status').eq('actve');
    // @ts-expect-error gt takes a number
    cond.since('lastVisit').gt('14');
    // @ts-expect-error consent purposes are a closed set
    cond.consent('fax');
  });
});
