/**
 * Server-side rendering: importing `@retain/browser` in Node (no `window`) and calling every
 * method neither throws nor leaves an unhandled rejection, and does nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRetain } from '@retain/browser';

describe('in Node, without window (SSR)', () => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeEach(() => {
    rejections.length = 0;
    process.on('unhandledRejection', onRejection);
  });
  afterEach(() => {
    process.off('unhandledRejection', onRejection);
  });

  it('has no window here (the test would prove nothing otherwise)', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('calls every method without throwing, sending or storing anything', async () => {
    let requests = 0;
    const retain = createRetain({
      endpoint: 'http://127.0.0.1:9/v1/batch',
      httpClient: {
        async post() {
          requests++;
          return { status: 200, header: () => null };
        },
      },
    });
    const errors: unknown[] = [];
    const off = retain.on('error', (e) => errors.push(e));
    const unsubscribe = retain.subscribe(() => {});
    retain.identify('user-42', { plan: 'pro' });
    retain.track('Order Completed', { revenue: 80 });
    retain.page();
    retain.page('Pricing', { variant: 'b' });
    retain.group('acct-7', { seats: 12 });
    await retain.flush();
    retain.reportError(new Error('x') as never);
    retain.setConsent(true);
    retain.setConsent(false);
    retain.reset();
    expect(retain.state().eventCount).toBe(0);
    expect(typeof retain.customerId()).toBe('string');
    expect(typeof retain.anonymousId()).toBe('string');
    expect(retain.consent()).toBe('granted');
    expect(retain.stats()).toMatchObject({ accepted: 0, delivered: 0, queued: 0, storage: 'none' });
    unsubscribe();
    off();
    retain.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(requests).toBe(0);
    expect(errors.map(String)).toEqual(["Error: x"]); // the one reported above, nothing else
    expect(rejections).toEqual([]);
  });

  it('still refuses bad input with a typed error (so server-side code finds bugs too)', () => {
    const retain = createRetain({ endpoint: '/v1/batch' });
    expect(() => retain.track('')).toThrow(/Invalid call track "": 1 problem\n {2}- at event: must not be empty/);
  });
});
