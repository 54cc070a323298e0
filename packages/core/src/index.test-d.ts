import { describe, expectTypeOf, it } from 'vitest';
import {
  applyEvent,
  createCustomerState,
  foldByAccount,
  foldByCustomer,
  foldEvents,
  KnownEvent,
  parseEvent,
  safeApplyEvent,
  safeParseEvent,
  type Channel,
  type CustomerState,
  type InvalidEventError,
  type KnownEventName,
  type KnownEventProperties,
  type RetainEvent,
  type TrackEvent,
} from './index.js';

const state = createCustomerState('u1');

describe('public API types', () => {
  it('applyEvent takes a state and a typed event and returns a state', () => {
    expectTypeOf(applyEvent).parameters.toEqualTypeOf<[CustomerState, RetainEvent]>();
    expectTypeOf(applyEvent(state, { type: 'page', messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' })).toEqualTypeOf<CustomerState>();
    // @ts-expect-error an event without messageId is rejected at compile time
    applyEvent(state, { type: 'page', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' });
    // @ts-expect-error an unknown event type
    applyEvent(state, { type: 'screen', messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' });
    // @ts-expect-error a track event needs its name
    applyEvent(state, { type: 'track', messageId: 'm', timestamp: '2026-11-22T10:00:00Z', userId: 'u1' });
    // @ts-expect-error timestamps are ISO strings, not Dates
    applyEvent(state, { type: 'page', messageId: 'm', timestamp: new Date(), userId: 'u1' });
  });

  it('RetainEvent is discriminated on type', () => {
    const handle = (event: RetainEvent): string => {
      switch (event.type) {
        case 'track':
          expectTypeOf(event).toEqualTypeOf<TrackEvent>();
          return event.event;
        case 'group':
          return event.groupId;
        case 'identify':
        case 'page':
          return event.messageId;
      }
    };
    expectTypeOf(handle).returns.toBeString();
  });

  it('known event properties are typed by name', () => {
    expectTypeOf<KnownEventProperties['Feedback Given']>().toHaveProperty('nps').toEqualTypeOf<number | undefined>();
    expectTypeOf<KnownEventProperties['Feedback Given']['thumbs']>().toEqualTypeOf<'up' | 'down' | undefined>();
    expectTypeOf<KnownEventProperties['Order Completed']['revenue']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<KnownEventProperties['Funnel Step Reached']['step_index']>().toEqualTypeOf<number>();
    expectTypeOf<KnownEventProperties['Consent Changed']['granted']>().toEqualTypeOf<boolean>();
    expectTypeOf<KnownEventProperties['Message Sent']['channel']>().toEqualTypeOf<Channel>();
    expectTypeOf(KnownEvent.OrderCompleted).toEqualTypeOf<'Order Completed'>();
    expectTypeOf<'Order Completed'>().toExtend<KnownEventName>();
    expectTypeOf<'Report Created'>().not.toExtend<KnownEventName>();
  });

  it('results are discriminated unions; errors carry issues', () => {
    const parsed = safeParseEvent({});
    if (parsed.success) expectTypeOf(parsed.event).toEqualTypeOf<RetainEvent>();
    else expectTypeOf(parsed.error).toEqualTypeOf<InvalidEventError>();
    const applied = safeApplyEvent(state, {});
    expectTypeOf(applied.state).toEqualTypeOf<CustomerState>();
    if (!applied.success) expectTypeOf(applied.error.issues[0]!.path).toEqualTypeOf<readonly PropertyKey[]>();
    expectTypeOf(parseEvent).parameter(0).toBeUnknown();
  });

  it('folds', () => {
    expectTypeOf(foldEvents([])).toEqualTypeOf<CustomerState>();
    expectTypeOf(foldByCustomer([])).toEqualTypeOf<Map<string, CustomerState>>();
    expectTypeOf(foldByAccount([], new Map())).toEqualTypeOf<Map<string, CustomerState>>();
    expectTypeOf(state.consent.email).toEqualTypeOf<{ granted: boolean; at: number } | undefined>();
    expectTypeOf(state.subscription.status).toEqualTypeOf<'none' | 'trialing' | 'active' | 'cancelled'>();
  });
});
