/**
 * End to end: starts the demo exactly as `npm start` does (a real node:http server on
 * 127.0.0.1, an ephemeral port) and drives the shop in real Chromium with playwright-core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test/helpers/chromium.js';
import { startCollector } from '../../test/helpers/collector.js';
import { BUNDLE_PATH } from './static-assets.js';
import { DEFAULT_CDNOW_DIR } from './cdnow-analysis.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let url = '';
let output = '';

function startServer(): Promise<string> {
  const child = spawn(process.execPath, ['--conditions=@retain/source', '--import', 'tsx', 'examples/demo/server.ts', '--port', '0'], {
    cwd: root,
    // A fresh PGlite data directory: the demo keeps its customers between runs.
    env: { ...process.env, DATABASE_URL: '', RETAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'retain-demo-e2e-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the demo server exited (${code}) before printing its URL:\n${output}`)));
  });
}

/** Newest modification time of the sources the browser bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (name.endsWith('.ts') && !name.includes('.test')) newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

beforeAll(async () => {
  // The demo serves the real rollup bundle: build it when it is missing or older than its sources
  // (RETAIN_BROWSER_BUNDLE points at a prebuilt one instead).
  const sources = Math.max(newestSource(join(root, 'packages/browser/src')), newestSource(join(root, 'packages/core/src')));
  const stale = !existsSync(BUNDLE_PATH) || (process.env['RETAIN_BROWSER_BUNDLE'] === undefined && statSync(BUNDLE_PATH).mtimeMs < sources);
  if (stale) {
    const build = spawnSync('npm', ['run', 'bundle'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run bundle failed:\n${build.stdout}\n${build.stderr}`);
  }
  [url, browser] = await Promise.all([startServer(), launchChromium()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (server !== undefined && server.exitCode === null) server.kill('SIGKILL');
});

describe('the demo shop', () => {
  let page: Page;
  const pageErrors: string[] = [];

  it('tracks a customer end to end: in-context messages appear and backend decisions stream into the panel', async () => {
    if (browser === undefined) throw new Error('no browser');
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);

    await page.getByLabel('Also email me').check();
    await page.getByRole('button', { name: 'Accept' }).click();
    const customerId = (await page.locator('#customer-id').textContent()) ?? '';
    expect(customerId).toMatch(/^shopper-/);

    // Browse, add to cart.
    await page.locator('[data-product="p-grinder"]').getByRole('button', { name: 'View' }).click();
    await page.locator('[data-product="p-grinder"]').getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => page.locator('#cart-count').textContent()).toBe('1');
    // The backend refuses the low-value SMS upsell: it would burn goodwill.
    const refused = page.locator('.decision.refused[data-rule="upsell-blast"]');
    await refused.first().waitFor({ timeout: 15_000 });
    expect(await refused.first().textContent()).toMatch(/REFUSED.*promo-blast.*goodwill/s);

    // Feedback: a low score.
    await page.getByRole('button', { name: 'Score 3' }).click();
    await page.getByText('We hear you.').waitFor({ timeout: 15_000 });
    const allowed = page.locator('.decision.allowed[data-rule="feedback-response"]');
    await allowed.first().waitFor({ timeout: 15_000 });
    expect(await allowed.first().textContent()).toMatch(/ALLOWED.*feedback-reply.*email/s);

    // Leave and come back: the cart is remembered, and the shop says so.
    await page.getByRole('button', { name: 'Leave the shop' }).click();
    await page.waitForURL(/returning=1/);
    await page.getByText('Welcome back!').waitFor({ timeout: 15_000 });
    expect(await page.locator('#cart-count').textContent()).toBe('1');
    expect(await page.locator('#customer-id').textContent()).toBe(customerId);

    // Check out: an order for the churn models.
    await page.getByRole('button', { name: 'Checkout' }).click();
    await expect.poll(() => page.locator('#cart-count').textContent()).toBe('0');

    // The customers page lists the customer, with the rules that fired, health, goodwill and
    // P(alive) (from the BG/NBD fit on CDNOW, when the data set is present).
    await page.goto(`${url}customers`);
    const row = page.locator(`tr[data-customer="${customerId}"]`);
    await row.waitFor({ timeout: 15_000 });
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('feedback-response');
    expect(text).toContain('upsell-blast');
    expect(text).toMatch(/latest feedback was negative/);
    await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 30_000 }).toMatch(/1 · \$89\.00/);
    // The order started the post-purchase journey: thank-you sent, now waiting for a score.
    const journey = row.locator('li[data-journey="post-purchase"]');
    await expect.poll(() => journey.textContent(), { timeout: 15_000 }).toMatch(/At wait-for-score since .*: waiting for Feedback Given until .*, then done/);
    expect(await journey.textContent()).toMatch(/last: thank-you: sent \(order-thanks by email\)/);
    const cdnow = page.locator('#cdnow');
    if (existsSync(DEFAULT_CDNOW_DIR)) {
      await expect.poll(() => cdnow.textContent(), { timeout: 60_000 }).toMatch(/BG\/NBD fit: r = 0\.24/);
      expect(await cdnow.locator('svg path.predicted').count()).toBe(1);
      // BG/NBD and Pareto/NBD side by side, and the one that scores the shop named.
      expect(await cdnow.locator('table.models tr td:first-child').allTextContents()).toEqual(['BG/NBD', 'Pareto/NBD']);
      expect(await cdnow.locator('table.models').textContent()).toMatch(/s = 0\.606/);
      expect(await cdnow.locator('.chosen-model').textContent()).toMatch(/^Scoring this shop's customers with (BG\/NBD|Pareto\/NBD): /);
      // P(alive) appears once the model is fitted (the table refreshes every 3 s).
      await expect.poll(async () => (await row.locator('td').nth(6).textContent()) ?? '', { timeout: 30_000 }).toMatch(/\d\.\d\d/);
    } else {
      await expect.poll(() => cdnow.textContent(), { timeout: 30_000 }).toMatch(/not present/);
    }
    expect(pageErrors).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    const child = server;
    if (child === undefined) throw new Error('no server');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('stopping the demo');
  });
});

describe('the ES-module build (npm run bundle) from a <script type="module">', () => {
  it('tracks, and downloads the renderer chunks only when inContextMessage() is first called', async () => {
    const collector = await startCollector();
    const page = await browser!.newPage();
    try {
      const dir = join(root, 'packages/browser/dist/bundle/esm');
      for (const name of readdirSync(dir)) collector.serve(`/retain/${name}`, readFileSync(join(dir, name), 'utf8'), 'text/javascript; charset=utf-8');
      collector.serve(
        '/',
        `<!doctype html><html lang="en"><title>module</title><script type="module">
          import { createRetain } from '/retain/retain.js';
          window.retain = createRetain({ endpoint: location.origin + '/v1/batch', batch: { intervalMs: 50 } });
          window.retain.track('Signed Up', { method: 'email' });
        </script></html>`,
        'text/html; charset=utf-8',
      );
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(collector.url + '/');
      await collector.waitForEvents(1);
      expect(collector.accepted()[0]).toMatchObject({ type: 'track', event: 'Signed Up' });
      const upFront = [...scripts];
      expect(upFront[0]).toBe('/retain/retain.js');

      await page.evaluate(() =>
        (window as unknown as { retain: { inContextMessage(d: object): Promise<unknown> } }).retain.inContextMessage({ id: 'hello', when: () => true, placement: 'toast', content: { title: 'Hello' } }),
      );
      await page.evaluate(() => (window as unknown as { retain: { track(n: string): void } }).retain.track('Pinged'));
      await expect.poll(() => page.locator('[data-retain-message]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      const onUse = scripts.filter((s) => !upFront.includes(s));
      expect(onUse.length).toBeGreaterThan(0); // the renderer came later, in its own chunk(s)
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await collector.close();
    }
  });
});
