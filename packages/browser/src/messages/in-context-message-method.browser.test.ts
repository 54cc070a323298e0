import { afterEach, describe, expect, it } from 'vitest';
import { inContextMessageMethod } from './in-context-message-method.js';
import { InvalidInContextMessageError } from './invalid-in-context-message-error.js';
import { messageHost, whenShown } from './testing/dom.js';
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
});
