import { DAY_MS, type RetainEvent } from '@retain/core';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { MessageConditionError } from './message-condition-error.js';
import type { InContextMessageDefinition } from './message-definition.js';
import { createMessenger, type Messenger } from './messenger.js';
import { actionNamed, messageHost, messageRoot, nextFrame, whenShown } from './testing/dom.js';
import { createTestHost, type TestHost } from './testing/test-host.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const added = (_: unknown, event: RetainEvent | null) => event?.type === 'track' && event.event === 'Product Added';

const cartNudge = (extra: Partial<InContextMessageDefinition> = {}): InContextMessageDefinition => ({
  id: 'cart-nudge',
  when: added,
  placement: 'toast',
  content: { title: 'Still thinking it over?', body: 'Your cart is saved.', actions: [{ label: 'Back to cart', href: '#cart' }, { label: 'Not now', dismiss: true }] },
  ...extra,
});

let messengers: Messenger[] = [];
function start(host: TestHost, clock: () => number, caps = {}): Messenger {
  const m = createMessenger(host, { now: clock, caps });
  messengers.push(m);
  return m;
}

afterEach(() => {
  for (const m of messengers) m.destroy();
  messengers = [];
  document.body.replaceChildren();
});

describe('trigger → render → click / dismiss → events → caps across reloads', () => {
  it('renders on the triggering event, records Shown and Dismissed, and hears the customer across reloads', async () => {
    let t = T0;
    const clock = () => t;
    let host = createTestHost({ now: clock });
    let messenger = start(host, clock);
    messenger.register(cartNudge());
    host.page();
    await nextFrame();
    expect(messageHost('cart-nudge')).toBeNull(); // not qualified yet

    host.track('Product Added');
    await expect.poll(() => messageRoot('cart-nudge')?.querySelector('.title')?.textContent).toBe('Still thinking it over?');
    expect(messenger.showing()).toEqual(['cart-nudge']);
    expect(host.tracked('Message Shown')).toEqual([{ message_id: 'cart-nudge', channel: 'in_context', placement: 'toast', priority: 0 }]);
    expect(host.state().interactions['cart-nudge']?.shown).toBe(1);

    await userEvent.click(actionNamed('cart-nudge', 'Not now'));
    expect(messageHost('cart-nudge')).toBeNull();
    expect(host.tracked('Message Dismissed')).toEqual([{ message_id: 'cart-nudge', channel: 'in_context', action: 'Not now', action_index: 1 }]);
    expect(host.state().interactions['cart-nudge']?.dismissed).toBe(1);

    // Reload: a new tracking client and messenger from the persisted state.
    const reload = () => {
      for (const m of messengers) m.destroy();
      host = createTestHost({ now: clock, state: host.state() });
      messenger = start(host, clock);
      messenger.register(cartNudge());
    };
    reload();
    host.track('Product Added');
    await nextFrame();
    expect(messageHost('cart-nudge')).toBeNull(); // same visit, just dismissed

    t = T0 + 2 * DAY_MS; // a new visit two days later
    reload();
    host.track('Product Added');
    await whenShown('cart-nudge');
    await userEvent.click(actionNamed('cart-nudge', 'Not now'));
    expect(host.state().interactions['cart-nudge']?.dismissed).toBe(2);

    t = T0 + 30 * DAY_MS; // "Hear me": dismissed twice, never again
    reload();
    host.track('Product Added');
    await nextFrame();
    expect(messageHost('cart-nudge')).toBeNull();
    expect(host.tracked('Message Shown')).toEqual([]);
  });

  it('records a click with the action, closes, and caps the message per visit across a reload', async () => {
    const t = T0;
    const clock = () => t;
    let host = createTestHost({ now: clock });
    start(host, clock).register(cartNudge());
    host.track('Product Added');
    await whenShown('cart-nudge');
    await nextFrame();
    await userEvent.click(actionNamed('cart-nudge', 'Back to cart'));
    expect(host.tracked('Message Clicked')).toEqual([{ message_id: 'cart-nudge', channel: 'in_context', action: 'Back to cart', action_index: 0, href: '#cart' }]);
    await expect.poll(() => messageHost('cart-nudge')).toBeNull();
    expect(host.state().interactions['cart-nudge']).toMatchObject({ shown: 1, clicked: 1, dismissed: 0 });

    host = createTestHost({ now: clock, state: host.state() });
    start(host, clock).register(cartNudge());
    host.track('Product Added');
    await nextFrame();
    expect(messageHost('cart-nudge')).toBeNull(); // perSession: 1 holds after the reload
  });

  it('evaluates on registration against the current state (event null)', async () => {
    const host = createTestHost();
    host.track('Product Added');
    const seen: Array<RetainEvent | null> = [];
    start(host, Date.now).register(cartNudge({ when: (state, event) => (seen.push(event), (state.actions['Product Added']?.count ?? 0) > 0) }));
    await whenShown('cart-nudge');
    expect(seen).toEqual([null]);
  });

  it('reports a throwing condition as a typed error and keeps the other messages working', async () => {
    const host = createTestHost();
    const messenger = start(host, Date.now);
    messenger.register(cartNudge({ id: 'broken', when: () => { throw new TypeError('boom'); } }));
    messenger.register(cartNudge());
    host.track('Product Added');
    await whenShown('cart-nudge');
    expect(host.errors[0]).toBeInstanceOf(MessageConditionError);
    expect(host.errors[0]?.message).toContain('"broken"');
  });

  it('shows nothing to a customer who opted out of in-context messages', async () => {
    const host = createTestHost();
    start(host, Date.now).register(cartNudge());
    host.track('Consent Changed', { purpose: 'in_context', granted: false });
    host.track('Product Added');
    await nextFrame();
    expect(messageHost('cart-nudge')).toBeNull();
  });
});

describe('priority and queueing', () => {
  const toast = (id: string, priority: number, extra: Partial<InContextMessageDefinition> = {}): InContextMessageDefinition => ({
    id,
    when: added,
    placement: 'toast',
    priority,
    content: { title: id, actions: [{ label: 'Close', dismiss: true }] },
    ...extra,
  });

  it('shows the highest priority; the loser waits and shows when the slot frees', async () => {
    const host = createTestHost();
    const messenger = start(host, Date.now);
    messenger.register(toast('low', 1));
    messenger.register(toast('high', 5));
    host.track('Product Added');
    await expect.poll(() => messenger.showing()).toEqual(['high']);
    await nextFrame();
    await userEvent.click(actionNamed('high', 'Close'));
    await expect.poll(() => messenger.showing()).toEqual(['low']);
    expect(host.tracked('Message Shown').map((p) => p['message_id'])).toEqual(['high', 'low']);
  });

  it('breaks a priority tie by recency', async () => {
    const host = createTestHost();
    const messenger = start(host, Date.now);
    messenger.register(toast('older', 1, { when: (_, e) => e?.type === 'track' && e.event === 'A' }));
    messenger.register(toast('newer', 1, { when: (_, e) => e?.type === 'track' && e.event === 'B' }));
    host.track('A');
    host.track('B'); // same microtask: both qualify before the messenger picks
    await expect.poll(() => messenger.showing()).toEqual(['newer']);
  });

  it('shows at most one modal, and nothing else while it is open', async () => {
    const host = createTestHost();
    const messenger = start(host, Date.now);
    const modal = (id: string, priority: number) => toast(id, priority, { placement: 'modal' });
    messenger.register(modal('modal-a', 3));
    messenger.register(modal('modal-b', 2));
    messenger.register(toast('toast-c', 1, { placement: 'banner' }));
    host.track('Product Added');
    await expect.poll(() => messenger.showing()).toEqual(['modal-a']);
    expect(document.querySelectorAll('[data-retain-message]')).toHaveLength(1);
    await userEvent.click(actionNamed('modal-a', 'Close'));
    await expect.poll(() => messenger.showing()).toEqual(['modal-b']);
    await userEvent.click(actionNamed('modal-b', 'Close'));
    await expect.poll(() => messenger.showing()).toEqual(['toast-c']);
  });

  it('drops a loser whose validity ran out while it waited', async () => {
    let t = T0;
    const host = createTestHost({ now: () => t });
    const messenger = start(host, () => t);
    messenger.register(toast('first', 5));
    messenger.register(toast('short-lived', 1, { validForMs: 60_000 }));
    host.track('Product Added');
    await expect.poll(() => messenger.showing()).toEqual(['first']);
    t += 120_000;
    await nextFrame();
    await userEvent.click(actionNamed('first', 'Close'));
    await nextFrame();
    expect(messenger.showing()).toEqual([]);
    expect(host.tracked('Message Shown').map((p) => p['message_id'])).toEqual(['first']);
  });

  it('applies the global per-visit cap across messages', async () => {
    const host = createTestHost();
    const messenger = start(host, Date.now, { perSession: 1 });
    messenger.register(toast('one', 2));
    messenger.register(toast('two', 1, { placement: 'banner' }));
    host.track('Product Added');
    await expect.poll(() => messenger.showing()).toEqual(['one']);
    await nextFrame();
    expect(messenger.showing()).toEqual(['one']);
  });
});

describe('holdout', () => {
  it('the control group sees nothing and records "would have shown" once per visit', async () => {
    const host = createTestHost();
    const messenger = start(host, Date.now);
    messenger.register(cartNudge({ holdout: 1 }));
    host.track('Product Added');
    host.track('Product Added');
    await nextFrame();
    host.track('Product Added');
    await nextFrame();
    expect(messageHost('cart-nudge')).toBeNull();
    expect(host.tracked('Message Shown')).toEqual([]);
    expect(host.tracked('Experiment Viewed')).toEqual([
      { experiment_id: 'message:cart-nudge', variation_id: 'control', message_id: 'cart-nudge', holdout: 1, would_have_shown: true },
    ]);
    expect(host.state().experiments['message:cart-nudge']?.variation).toBe('control');
  });

  it('the treatment group sees it and records its group', async () => {
    const host = createTestHost({ userId: 'user-42' }); // bucket 0.31 for cart-nudge
    start(host, Date.now).register(cartNudge({ holdout: 0.2 }));
    host.track('Product Added');
    await whenShown('cart-nudge');
    expect(host.tracked('Experiment Viewed')).toEqual([{ experiment_id: 'message:cart-nudge', variation_id: 'treatment', message_id: 'cart-nudge', holdout: 0.2 }]);
  });
});

describe('messages shipped as data', () => {
  it('a JSON condition triggers the message and Message Shown carries the scorecard score', async () => {
    const host = createTestHost();
    const messenger = createMessenger(host, { loadCore: () => import('./core-bridge.js') });
    messengers.push(messenger);
    await messenger.register(
      JSON.parse(
        '{"id":"cart-nudge","when":{"event":"event","op":"eq","value":"Product Added"},"placement":"toast","content":{"title":"Still thinking it over?"},"score":{"value":"high","effort":"low","relevantTo":["Product Added"]}}',
      ),
    );
    host.track('Page Scrolled');
    await nextFrame();
    expect(messageHost('cart-nudge')).toBeNull();
    host.track('Product Added');
    await whenShown('cart-nudge');
    const [shown] = host.tracked('Message Shown');
    expect(typeof shown?.['score']).toBe('number');
    expect(host.state().messages.at(-1)?.score).toBe(shown?.['score']); // goodwill reads it from the state
  });

  it('refuses a condition given as data when the messenger cannot load the core condition language', async () => {
    const messenger = start(createTestHost(), Date.now);
    await expect(messenger.register({ id: 'data', when: { since: 'lastVisit', op: 'gte', value: 14 }, placement: 'toast', content: { title: 'T' } })).rejects.toMatchObject({
      name: 'InvalidInContextMessageError',
      path: ['when'],
    });
  });

  it('waits while the tab is hidden and shows when it becomes visible', async () => {
    const host = createTestHost();
    const messenger = start(host, Date.now);
    await messenger.register(cartNudge());
    // The test cannot hide Chromium's tab, so it overrides what the page reads, and announces the change.
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      host.track('Product Added');
      await nextFrame();
      expect(messageHost('cart-nudge')).toBeNull();
      expect(host.tracked('Message Shown')).toEqual([]);
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
    document.dispatchEvent(new Event('visibilitychange'));
    await whenShown('cart-nudge');
    expect(host.tracked('Message Shown')).toHaveLength(1);
  });
});
