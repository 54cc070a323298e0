import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { createMessenger, type Messenger } from './messenger.js';
import { messageRoot, nextFrame, whenShown } from './testing/dom.js';
import { createTestHost } from './testing/test-host.js';

let messenger: Messenger | undefined;
afterEach(async () => {
  messenger?.destroy();
  messenger = undefined;
  document.body.replaceChildren();
  window.scrollTo(0, 0);
  await page.viewport(414, 896);
});

const card = () => messageRoot('tip')?.querySelector('.msg') as HTMLElement;
const settle = async () => {
  await nextFrame();
  await Promise.all((card()?.getAnimations({ subtree: true }) ?? []).map((a) => a.finished));
  await nextFrame();
};

function layout(): HTMLButtonElement {
  const spacer = document.createElement('div');
  spacer.className = 'spacer';
  const spacerSheet = new CSSStyleSheet();
  spacerSheet.replaceSync('.spacer{height:300px} .tall{height:3000px} #cart-button{margin-left:300px}');
  document.adoptedStyleSheets = [spacerSheet];
  const anchor = document.createElement('button');
  anchor.id = 'cart-button';
  anchor.textContent = 'Cart';
  const tall = document.createElement('div');
  tall.className = 'tall';
  document.body.append(spacer, anchor, tall);
  return anchor;
}

async function showTip(): Promise<void> {
  const host = createTestHost();
  messenger = createMessenger(host);
  await messenger.register({ id: 'tip', when: () => true, placement: { anchor: '#cart-button' }, content: { title: 'Your cart is saved', body: 'For 7 days.' } });
  await whenShown('tip');
  await settle();
}

describe('anchored placement', () => {
  it('sits next to its anchor and follows it on scroll and resize', async () => {
    await page.viewport(800, 600);
    const anchor = layout();
    await showTip();
    const check = () => {
      const a = anchor.getBoundingClientRect();
      const c = card().getBoundingClientRect();
      expect(card().hidden).toBe(false);
      expect(Math.abs(c.top - (a.bottom + 8))).toBeLessThanOrEqual(1); // just below
      expect(Math.abs(c.left + c.width / 2 - (a.left + a.width / 2))).toBeLessThanOrEqual(1); // centred
    };
    check();
    window.scrollTo(0, 120);
    await settle();
    expect(anchor.getBoundingClientRect().top).toBeLessThan(200);
    check();
    await page.viewport(500, 700);
    await settle();
    check();
  });

  it('flips above the anchor when there is no room below', async () => {
    await page.viewport(800, 600);
    const anchor = layout();
    await showTip();
    window.scrollTo(0, 0);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.spacer{height:540px}');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    await settle();
    const a = anchor.getBoundingClientRect();
    const c = card().getBoundingClientRect();
    expect(Math.abs(c.bottom - (a.top - 8))).toBeLessThanOrEqual(1);
    expect(card().dataset['side']).toBe('top');
  });

  it('hides while the anchor is scrolled out of view, and comes back with it', async () => {
    await page.viewport(800, 600);
    layout();
    await showTip();
    window.scrollTo(0, 1500);
    await settle();
    expect(card().hidden).toBe(true);
    window.scrollTo(0, 0);
    await settle();
    expect(card().hidden).toBe(false);
  });

  it('hides when the anchor leaves the page', async () => {
    await page.viewport(800, 600);
    const anchor = layout();
    await showTip();
    anchor.remove();
    await settle();
    expect(card().hidden).toBe(true);
  });

  it('waits (not lost) while its anchor is not on the page yet', async () => {
    const host = createTestHost();
    messenger = createMessenger(host);
    await messenger.register({ id: 'tip', when: (_, e) => e?.type === 'page', placement: { anchor: '#cart-button' }, content: { title: 'Your cart is saved' } });
    host.page();
    await settle();
    expect(messageRoot('tip')).toBeNull();
    layout();
    host.track('Scrolled'); // the next state change finds the anchor
    await whenShown('tip');
    expect(host.tracked('Message Shown')).toHaveLength(1);
  });

  /** Renders message 'tip' inline in a new `#slot` element. */
  async function showInlineTip() {
    const slot = document.createElement('div');
    slot.id = 'slot';
    document.body.append(slot);
    const host = createTestHost();
    const inline = createMessenger(host);
    messenger = inline;
    await inline.register({ id: 'tip', when: () => true, placement: { inline: '#slot' }, content: { title: 'Inline' } });
    await whenShown('tip');
    return { slot, host, inline };
  }

  it('renders an inline message inside its slot', async () => {
    const { slot } = await showInlineTip();
    expect(slot.querySelector('[data-retain-message="tip"]')).not.toBeNull();
    expect(getComputedStyle(card()).position).toBe('relative');
  });

  it('frees the slot when the inline slot leaves the page', async () => {
    const { slot, host, inline } = await showInlineTip();
    expect(inline.showing()).toEqual(['tip']);
    slot.remove();
    host.track('Navigated');
    await nextFrame();
    expect(inline.showing()).toEqual([]);
  });
});
