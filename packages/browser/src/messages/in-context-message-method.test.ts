import { describe, expect, it } from 'vitest';
import { inContextMessageMethod } from './in-context-message-method.js';
import { createTestHost } from './testing/test-host.js';

describe('retain.inContextMessage() without a DOM (server rendering)', () => {
  it('resolves to a message that never shows, and touches neither the host nor the renderer', async () => {
    const host = createTestHost();
    let hostRead = 0;
    let readyCalls = 0;
    const method = inContextMessageMethod(
      () => (hostRead++, host),
      async () => void readyCalls++,
    );
    const message = await method({ id: 'ssr', when: () => true, placement: 'modal', content: { title: 'Hi' } });
    expect(message.id).toBe('ssr');
    expect(message.isShowing()).toBe(false);
    message.unregister();
    expect(hostRead).toBe(0);
    expect(readyCalls).toBe(0);
    expect(host.events).toEqual([]);
  });
});
