import type { CustomerState, JsonObject, RetainError, RetainEvent } from '@retain/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createRetain, HttpError, QueueFullError, StorageError } from '@retain/browser';
import type { MessageHost, Retain, RetainOptions, RetainStats } from '@retain/browser';

describe('public types of @retain/browser', () => {
  it('createRetain needs an endpoint and returns a Retain that is a MessageHost', () => {
    expectTypeOf(createRetain).parameter(0).toEqualTypeOf<RetainOptions>();
    expectTypeOf(createRetain({ endpoint: '/v1/batch' })).toEqualTypeOf<Retain>();
    expectTypeOf<Retain>().toMatchTypeOf<MessageHost>();
    // @ts-expect-error the endpoint is required
    createRetain({});
    // @ts-expect-error onInvalid is 'throw' or 'report'
    createRetain({ endpoint: '/b', onInvalid: 'ignore' });
  });

  it('tracking calls take JSON properties only', () => {
    const retain = createRetain({ endpoint: '/v1/batch' });
    expectTypeOf(retain.track).parameters.toEqualTypeOf<[event: string, properties?: JsonObject]>();
    // @ts-expect-error functions are not JSON
    retain.track('Clicked', { onClick: () => 1 });
    // @ts-expect-error the event name is a string
    retain.track(42);
    expectTypeOf(retain.flush()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(retain.state()).toEqualTypeOf<CustomerState>();
    expectTypeOf(retain.stats()).toEqualTypeOf<RetainStats>();
  });

  it('on() gives each listener the right value', () => {
    const retain = createRetain({ endpoint: '/v1/batch' });
    retain.on('error', (e) => expectTypeOf(e).toEqualTypeOf<RetainError>());
    retain.on('queueFull', (e) => expectTypeOf(e).toEqualTypeOf<QueueFullError>());
    retain.on('storageFallback', (e) => expectTypeOf(e).toEqualTypeOf<StorageError>());
    retain.on('delivered', (events) => expectTypeOf(events).toEqualTypeOf<readonly RetainEvent[]>());
    // @ts-expect-error unknown event type
    retain.on('sent', () => {});
    expectTypeOf<HttpError['events']>().toEqualTypeOf<readonly RetainEvent[]>();
  });
});
