/**
 * Screenshots of each in-context message placement, for `docs/guides/in-context-messages.md`.
 * Reproducible: the demo shop page (`packages/browser/src/messages/testing/demo-server.ts`) on a
 * local server under a strict CSP, in headless Chromium, fixed viewport, reduced motion.
 *
 * Run: `node --conditions=@retain/source --import tsx scripts/screenshots.ts`
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/helpers/chromium.js';
import { startDemoServer } from '../packages/browser/src/messages/testing/demo-server.js';

const PLACEMENTS = ['banner', 'banner-bottom', 'modal', 'toast', 'anchor', 'inline'] as const;
const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const server = await startDemoServer();
  const browser = await launchChromium();
  try {
    for (const placement of PLACEMENTS) {
      const context = await browser.newContext({ viewport: { width: 880, height: 560 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => window.demo !== undefined);
      await page.evaluate((p) => window.demo.show(p), placement);
      await page.locator('[data-retain-message] .msg').waitFor({ state: 'visible' });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const violations = await page.evaluate(() => window.demo.violations);
      if (violations.length > 0) throw new Error(`CSP violations on ${placement}: ${violations.join(', ')}`);
      const file = `${out}${placement}.png`;
      await page.screenshot({ path: file });
      process.stdout.write(`${file}\n`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
