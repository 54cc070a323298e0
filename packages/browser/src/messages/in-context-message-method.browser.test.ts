import { afterEach, describe, expect, it } from 'vitest';
import { createRetain, type HttpClient } from '../index.js';
import { inContextMessageMethod } from './in-context-message-method.js';
import { InvalidInContextMessageError } from './invalid-in-context-message-error.js';
import { messageHost, nextFrame, whenShown } from './testing/dom.js';
import { createTestHost } from './testing/test-host.js';

afterEach(() => document.body.replaceChildren());

describe('retain.inContextMessage() (lazy renderer)', () => {
  it('waits for the stored state before evaluating, so caps count earlier visits', async () => {
    const host = createTestHost();
    let release!: () => void;
    const ready = new Promise<void>((resolve) => (release = resolve));
    const method = inContextMessageMethod(() => host, () => ready);
    let settled = false;
    const pending = method({ id: 'hello', when: () => true, placement: 'toast', content: { title: 'Hello' } }).then((m) => ((settled = true), m));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    expect(messageHost('hello')).toBeNull();
    release();
    const message = await pending;
    await whenShown('hello');
    expect(message.isShowing()).toBe(true);
    message.unregister();
    expect(messageHost('hello')).toBeNull();
  });

  it('shares one messenger between calls and rejects a bad definition with a typed error', async () => {
    const host = createTestHost();
    const method = inContextMessageMethod(() => host, async () => undefined);
    await expect(method({ id: '', when: () => true, placement: 'toast', content: { title: 'x' } })).rejects.toBeInstanceOf(InvalidInContextMessageError);
    await method({ id: 'a', when: (_, e) => e?.type === 'track' && e.event === 'A', placement: 'modal', content: { title: 'A' } });
    await method({ id: 'b', when: (_, e) => e?.type === 'track' && e.event === 'A', placement: 'modal', content: { title: 'B' } });
    host.track('A');
    await whenShown('b'); // one messenger: the tie goes to the more recently qualified… and only one modal shows
    expect(document.querySelectorAll('[data-retain-message]')).toHaveLength(1);
  });

  it('takes the caps across all messages from createRetain({ messages: { caps } }), and rejects bad ones with a typed error', async () => {
    const http: HttpClient = { post: async () => ({ status: 200, header: () => null }) };
    const run = async (caps?: { perSession: number }) => {
      const retain = createRetain({ endpoint: '/v1/batch', namespace: `caps-${Math.random()}`, httpClient: http, ...(caps === undefined ? {} : { messages: { caps } }) });
      const qualifies = (id: string, placement: 'toast' | 'banner') =>
        retain.inContextMessage({ id, when: (_, e) => e?.type === 'track' && e.event === 'Product Added', placement, content: { title: id } });
      const messages = [await qualifies('first', 'toast'), await qualifies('second', 'banner')];
      retain.track('Product Added');
      await expect.poll(() => messages.some((m) => m.isShowing())).toBe(true);
      await nextFrame();
      const showing = messages.filter((m) => m.isShowing()).length;
      messages.forEach((m) => m.unregister());
      retain.close();
      return showing;
    };
    expect(await run()).toBe(2); // the default allows 3 per visit
    expect(await run({ perSession: 1 })).toBe(1);
    const bad = createRetain({ endpoint: '/v1/batch', namespace: `caps-${Math.random()}`, httpClient: http, messages: { caps: { perSession: -1 } } });
    await expect(bad.inContextMessage({ id: 'x', when: () => false, placement: 'toast', content: { title: 'x' } })).rejects.toBeInstanceOf(InvalidInContextMessageError);
    bad.close();
  });
});
