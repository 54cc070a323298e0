import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../test/helpers/chromium.js';
import { startDemoServer, STRICT_CSP, type DemoServer } from './testing/demo-server.js';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(): Promise<{ page: Page; scripts: string[]; consoleCsp: string[] }> {
  const page = await browser.newPage();
  const scripts: string[] = [];
  const consoleCsp: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) consoleCsp.push(m.text());
  });
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => window.demo !== undefined);
  return { page, scripts, consoleCsp };
}

const messagesChunk = (): string => {
  const name = [...server.files.keys()].find((f) => server.files.get(f)?.includes('data-retain-message') || server.files.get(f)?.includes('retainMessage'));
  if (name === undefined) throw new Error('no messages chunk in the bundle');
  return `/${name}`;
};

describe('in-context messages under a strict Content-Security-Policy (real server, real Chromium)', () => {
  it('serves the page with a CSP that allows neither inline code nor eval', async () => {
    const response = await fetch(`${server.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(STRICT_CSP);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it.each(['modal', 'toast', 'banner', 'anchor', 'inline'])('renders the %s styled, with no CSP violation, loading the messages chunk only on use', async (placement) => {
    const { page, scripts, consoleCsp } = await open();
    try {
      await page.waitForLoadState('networkidle');
      expect(scripts).toContain('/app.js');
      expect(scripts).not.toContain(messagesChunk()); // a page that only tracks does not download the renderer

      await page.evaluate((p) => window.demo.show(p), placement);
      const card = page.locator('[data-retain-message] .msg');
      await card.waitFor({ state: 'visible' });
      expect(scripts).toContain(messagesChunk());

      const styles = await card.evaluate((el) => {
        const cs = getComputedStyle(el);
        const primary = el.querySelector('.action.primary');
        return {
          background: cs.backgroundColor,
          radius: cs.borderTopLeftRadius,
          shadow: cs.boxShadow,
          primary: primary === null ? null : getComputedStyle(primary).backgroundColor,
          font: cs.fontFamily,
        };
      });
      expect(styles.background).toBe('rgb(255, 255, 255)');
      expect(styles.shadow).not.toBe('none');
      expect(styles.primary).toBe('rgb(31, 95, 74)'); // --retain-accent from the page's own stylesheet
      expect(styles.font).toContain('Georgia');
      if (placement !== 'banner') expect(styles.radius).toBe('12px');

      expect(await page.evaluate(() => window.demo.violations)).toEqual([]);
      expect(consoleCsp).toEqual([]);

      // The collector received the automatic event.
      await expect.poll(() => JSON.stringify(server.batches)).toContain('Message Shown');

      // Control: the policy is enforced and violations are seen — an inline style attribute is refused.
      await page.evaluate(() => document.body.setAttribute('style', 'outline: 5px solid red'));
      await expect.poll(() => page.evaluate(() => window.demo.violations.join('\n'))).toContain('style-src');
    } finally {
      await page.close();
    }
  });

  it('caps hold across a reload: the state persisted by the tracking client (IndexedDB) remembers the dismissal', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const count = (name: string) => (JSON.stringify(server.batches).match(new RegExp(`"event":"${name}"`, 'g')) ?? []).length;
    const shownBefore = count('Message Shown');
    try {
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => window.demo !== undefined);
      await page.evaluate(() => window.demo.show('toast'));
      await page.locator('[data-retain-message] .action', { hasText: 'Dismiss' }).click();
      await expect.poll(() => count('Message Dismissed')).toBeGreaterThan(0);
      expect(count('Message Shown')).toBe(shownBefore + 1);

      await page.reload();
      await page.waitForFunction(() => window.demo !== undefined);
      await page.evaluate(() => window.demo.show('toast')); // qualifies again…
      await page.waitForTimeout(500);
      expect(await page.locator('[data-retain-message]').count()).toBe(0); // …but was dismissed in this visit
      expect(count('Message Shown')).toBe(shownBefore + 1);
    } finally {
      await context.close();
    }
  });
});
