import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import type { InContextMessageDefinition, MessagePlacement } from './message-definition.js';
import { createMessenger, type Messenger } from './messenger.js';
import { deepActiveElement } from './render/focus.js';
import { messageHost, messageRoot, nextFrame, whenShown } from './testing/dom.js';
import { createTestHost } from './testing/test-host.js';

const PLACEMENTS: Array<[string, MessagePlacement]> = [
  ['banner', 'banner'],
  ['banner-bottom', 'banner-bottom'],
  ['modal', 'modal'],
  ['toast', 'toast'],
  ['anchor', { anchor: '#cart-button' }],
  ['inline', { inline: '#slot' }],
];

/** Chrome DevTools Protocol: emulate media features (prefers-reduced-motion) in the real browser. */
const emulateMedia = (features: Array<{ name: string; value: string }>) =>
  (cdp() as unknown as { send(method: string, params: object): Promise<unknown> }).send('Emulation.setEmulatedMedia', { features });

let messenger: Messenger | undefined;
afterEach(async () => {
  messenger?.destroy();
  messenger = undefined;
  document.body.replaceChildren();
  document.documentElement.removeAttribute('class');
  await emulateMedia([]);
});

function page(): void {
  document.documentElement.lang = 'en';
  document.title = 'Shop';
  const main = document.createElement('main');
  const h1 = document.createElement('h1');
  h1.textContent = 'Your cart';
  const trigger = document.createElement('button');
  trigger.id = 'cart-button';
  trigger.textContent = 'Cart (2)';
  const slot = document.createElement('div');
  slot.id = 'slot';
  main.append(h1, trigger, slot);
  document.body.append(main);
}

async function show(placement: MessagePlacement, extra: Partial<InContextMessageDefinition> = {}): Promise<{ root: ShadowRoot; host: ReturnType<typeof createTestHost> }> {
  page();
  const host = createTestHost();
  messenger = createMessenger(host);
  await messenger.register({
    id: 'cart-nudge',
    when: (_, e) => e?.type === 'track' && e.event === 'Product Added',
    placement,
    content: {
      title: 'Still thinking it over?',
      body: { rich: 'Your cart is **saved** for 7 days. [Shipping info](/shipping)' },
      actions: [{ label: 'Back to cart', href: '#cart' }, { label: 'Remind me later' }, { label: 'Not now', dismiss: true }],
    },
    ...extra,
  });
  host.track('Product Added');
  const root = await whenShown('cart-nudge');
  await nextFrame();
  // Let the entrance animation finish (axe measures contrast with the current opacity).
  await Promise.all((root.querySelector('.msg') as HTMLElement).getAnimations({ subtree: true }).map((a) => a.finished));
  return { root, host };
}

describe('accessibility (WCAG 2.2 AA) in real Chromium', () => {
  it.each(PLACEMENTS)('axe-core finds zero violations for the %s placement', async (_, placement) => {
    await show(placement);
    const results = await axe.run(messageHost('cart-nudge') as HTMLElement, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(results.passes.length + results.incomplete.length).toBeGreaterThan(0); // axe did look inside the shadow root
  });

  it('the modal is a labelled, described dialog with aria-modal', async () => {
    const { root } = await show('modal');
    const dialog = root.querySelector('dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(root.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Still thinking it over?');
    expect(root.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent).toContain('Your cart is saved');
    expect(dialog.matches(':modal')).toBe(true);
  });

  it.each(['banner', 'banner-bottom', 'toast'] as const)('the %s announces politely in a labelled live region', async (placement) => {
    const { root } = await show(placement);
    const region = root.querySelector('section') as HTMLElement;
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(root.getElementById(region.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Still thinking it over?');
  });

  it('keyboard only: focus moves into the modal, Tab and Shift+Tab stay trapped, Esc closes, focus returns', async () => {
    page();
    const trigger = document.getElementById('cart-button') as HTMLButtonElement;
    trigger.focus();
    const host = createTestHost();
    messenger = createMessenger(host);
    await messenger.register({
      id: 'cart-nudge',
      when: (_, e) => e?.type === 'track' && e.event === 'Product Added',
      placement: 'modal',
      content: { title: 'Still thinking it over?', actions: [{ label: 'Back to cart', href: '#cart' }, { label: 'Not now', dismiss: true }] },
    });
    trigger.addEventListener('click', () => host.track('Product Added'));
    await userEvent.keyboard('{Enter}'); // open it from the keyboard
    const root = await whenShown('cart-nudge');
    const focused = () => deepActiveElement(document);
    const names = () => (focused() as HTMLElement | null)?.getAttribute('aria-label') ?? focused()?.textContent;
    expect(names()).toBe('Dismiss'); // the first control of the dialog
    const walk: Array<string | null | undefined> = [];
    for (let i = 0; i < 4; i++) {
      await userEvent.keyboard('{Tab}');
      walk.push(names());
    }
    expect(walk).toEqual(['Back to cart', 'Not now', 'Dismiss', 'Back to cart']);
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(names()).toBe('Dismiss');
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(names()).toBe('Not now');
    expect(root.contains(focused())).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(messageHost('cart-nudge')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(host.tracked('Message Dismissed')).toEqual([{ message_id: 'cart-nudge', channel: 'in_context', action: 'escape' }]);
  });

  it('actions work from the keyboard (Enter on a button records the click)', async () => {
    const { root, host } = await show('toast');
    (root.querySelectorAll('button.action')[0] as HTMLButtonElement).focus();
    await userEvent.keyboard('{Enter}');
    expect(host.tracked('Message Clicked')).toEqual([{ message_id: 'cart-nudge', channel: 'in_context', action: 'Remind me later', action_index: 1 }]);
    expect(messageHost('cart-nudge')).toBeNull();
  });

  it('Escape dismisses a toast while focus is inside it', async () => {
    const { root, host } = await show('toast');
    (root.querySelector('.close') as HTMLButtonElement).focus();
    await userEvent.keyboard('{Escape}');
    expect(messageHost('cart-nudge')).toBeNull();
    expect(host.tracked('Message Dismissed')).toEqual([{ message_id: 'cart-nudge', channel: 'in_context', action: 'escape' }]);
  });

  it('honours prefers-reduced-motion', async () => {
    const { root } = await show('toast');
    const card = root.querySelector('.msg') as HTMLElement;
    expect(getComputedStyle(card).animationName).toBe('retain-in');
    await emulateMedia([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    expect(getComputedStyle(card).animationName).toBe('none');
  });
});

describe('Shadow DOM styles and theming', () => {
  it('page styles do not leak in, message styles do not leak out', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('section, .msg, .title, button { display: none !important; color: rgb(255, 0, 0) !important } .title { font-size: 40px }');
    document.adoptedStyleSheets = [sheet];
    try {
      const { root } = await show('toast');
      const title = root.querySelector('.title') as HTMLElement;
      expect(getComputedStyle(title).display).toBe('block');
      expect(getComputedStyle(title).color).not.toBe('rgb(255, 0, 0)');
      const outside = document.createElement('div');
      outside.className = 'title msg';
      document.body.append(outside);
      expect(getComputedStyle(outside).fontWeight).toBe('400'); // the message's .title rule stays inside
      expect(getComputedStyle(outside).position).toBe('static');
    } finally {
      document.adoptedStyleSheets = [];
    }
  });

  it('is themed with CSS custom properties', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(':root { --retain-accent: rgb(10, 125, 79); --retain-bg: rgb(20, 20, 24); --retain-fg: rgb(250, 250, 250); --retain-radius: 2px }');
    document.adoptedStyleSheets = [sheet];
    try {
      const { root } = await show('toast');
      const card = root.querySelector('.msg') as HTMLElement;
      expect(getComputedStyle(root.querySelector('.action.primary') as HTMLElement).backgroundColor).toBe('rgb(10, 125, 79)');
      expect(getComputedStyle(card).backgroundColor).toBe('rgb(20, 20, 24)');
      expect(getComputedStyle(card).borderTopLeftRadius).toBe('2px');
    } finally {
      document.adoptedStyleSheets = [];
    }
  });

  it('uses no style attribute and no <style> element', async () => {
    for (const [, placement] of PLACEMENTS) {
      await show(placement);
      const root = messageRoot('cart-nudge') as ShadowRoot;
      expect(root.querySelectorAll('style,[style]')).toHaveLength(0);
      expect(root.adoptedStyleSheets.length).toBeGreaterThan(0);
      messenger?.destroy();
      document.body.replaceChildren();
    }
  });
});
