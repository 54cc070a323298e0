import { afterEach, describe, expect, it } from 'vitest';
import type { MessagePlacement } from './message-definition.js';
import { createMessenger, type Messenger } from './messenger.js';
import { messageHost, nextFrame, whenShown } from './testing/dom.js';
import { createTestHost } from './testing/test-host.js';
import { UnsafeUrlError } from './unsafe-url-error.js';

declare global {
  interface Window {
    __xss?: number;
  }
}

const PAYLOADS = [
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '<script>window.__xss=(window.__xss||0)+1</script>',
  '"><svg onload="window.__xss=(window.__xss||0)+1">',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '&lt;b&gt;entity&lt;/b&gt; <style>*{display:none}</style>',
];

let messenger: Messenger | undefined;
afterEach(() => {
  messenger?.destroy();
  messenger = undefined;
  document.body.replaceChildren();
  delete window.__xss;
});

const PLACEMENTS: MessagePlacement[] = ['banner', 'modal', 'toast', { anchor: '#anchor' }, { inline: '#slot' }];

describe('content is text: XSS attempts render as text', () => {
  it.each(PAYLOADS.flatMap((payload) => PLACEMENTS.map((placement) => [payload, placement] as const)))('%s in every field, placement %j', async (payload, placement) => {
    document.body.innerHTML = '<button id="anchor">anchor</button><div id="slot"></div>'; // the test page itself, not message content
    const host = createTestHost();
    messenger = createMessenger(host);
    await messenger.register({
      id: 'xss',
      when: () => true,
      placement,
      content: {
        title: `T ${payload}`,
        body: { rich: `**${payload}** _${payload}_ [${payload}](/safe) ${payload}` },
        actions: [{ label: `A ${payload}`, href: `/x?q=${payload}` }, { label: `B ${payload}`, id: payload }, { label: `C ${payload}`, dismiss: true }],
        closeLabel: `Close ${payload}`,
      },
    });
    const root = await whenShown('xss');
    await new Promise((resolve) => setTimeout(resolve, 50)); // give any injected handler a chance to run
    await nextFrame();
    expect(window.__xss).toBeUndefined();
    expect(root.querySelectorAll('img,script,svg,iframe,style,object,embed')).toHaveLength(0);
    expect(document.querySelectorAll('img,script[data-x],svg,iframe')).toHaveLength(0);
    expect(root.querySelector('.title')?.textContent).toBe(`T ${payload}`);
    expect(root.querySelector('.body')?.textContent).toContain(payload);
    if (!payload.includes('*')) expect(root.querySelector('strong')?.textContent).toBe(payload); // `*` is rich-text markup
    expect(root.querySelector('.body a')?.textContent).toBe(payload);
    expect([...root.querySelectorAll('.action')].map((a) => a.textContent)).toEqual([`A ${payload}`, `B ${payload}`, `C ${payload}`]);
    expect(root.querySelector('.close')?.getAttribute('aria-label')).toBe(`Close ${payload}`);
    // Every element in the message is one the renderer creates.
    const tags = new Set([...root.querySelectorAll('*')].map((el) => el.localName));
    for (const tag of tags) expect(['section', 'dialog', 'button', 'div', 'h2', 'p', 'strong', 'em', 'a', 'br']).toContain(tag);
  });

  it('a javascript: URL is refused with a typed error and nothing renders or is recorded', async () => {
    const host = createTestHost();
    messenger = createMessenger(host);
    const attempt = messenger.register({ id: 'evil', when: () => true, placement: 'toast', content: { title: 'Hi', actions: [{ label: 'Go', href: ' JaVaScRiPt:window.__xss=1' }] } });
    await expect(attempt).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(attempt).rejects.toMatchObject({ path: ['content', 'actions', 0, 'href'] });
    const rich = messenger.register({ id: 'evil-rich', when: () => true, placement: 'toast', content: { title: 'Hi', body: { rich: '[click](javascript:window.__xss=1)' } } });
    await expect(rich).rejects.toBeInstanceOf(UnsafeUrlError);
    await nextFrame();
    expect(messageHost('evil')).toBeNull();
    expect(messageHost('evil-rich')).toBeNull();
    expect(host.events).toEqual([]);
    expect(window.__xss).toBeUndefined();
  });
});
