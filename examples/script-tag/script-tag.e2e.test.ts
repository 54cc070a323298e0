/**
 * The script-tag example in Chromium: the page (unchanged, with the documented loader snippet) and
 * the script-tag build made by `rollup.config.ts` (in memory, from source), against the real local
 * collector.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { rollup, type OutputOptions } from 'rollup';
import { afterAll, beforeAll, expect, it } from 'vitest';
import config from '../../rollup.config.js';
import { launchChromium } from '../../test/helpers/chromium.js';
import { startCollector, type Collector } from '../../test/helpers/collector.js';

let browser: Browser;
let collector: Collector;
const html = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
/** The loader snippet, as the page has it. */
const snippet = /<script>\n(\s*!\(function \(w, d, src, options\)[\s\S]*?)\n\s*<\/script>/.exec(html)![1]!;

beforeAll(async () => {
  collector = await startCollector();
  collector.serve('/', html);
  // the classic script and its sibling modules (not the ESM build of the whole package)
  for (const options of config.filter((c) => typeof (c.output as OutputOptions).file === 'string')) {
    const bundle = await rollup({ ...options, onwarn: () => {} });
    const { output } = await bundle.generate(options.output as OutputOptions);
    await bundle.close();
    collector.serve(`/${basename((options.output as OutputOptions).file!)}`, output[0].code, 'text/javascript; charset=utf-8');
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await collector?.close();
});

/** Opens the page with retain.min.js held back for `delayMs`; records the scripts it requests. */
async function open(delayMs: number): Promise<{ page: Page; scripts: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const scripts: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await page.route('**/retain.min.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await route.continue();
  });
  // not until `load`: the page's load event waits for the async script
  await page.goto(`${collector.url}/`, { waitUntil: 'domcontentloaded' });
  return { page, scripts, errors };
}

const names = (events: Array<Record<string, unknown>>) => events.map((e) => (e['type'] === 'track' ? e['event'] : e['type']));

it('the documented snippet is the one the page uses', () => {
  const guide = readFileSync(new URL('../../docs/guides/frontend.md', import.meta.url), 'utf8');
  const body = (text: string) => text.replace(/^\s+/gm, '').replace(/\(window, document, [^\n]*$/m, '').trim();
  const documented = /```html\n<script>\n\s*(!\(function \(w, d, src, options\)[\s\S]*?)<\/script>\n```/.exec(guide)?.[1];
  expect(documented, 'docs/guides/frontend.md has the loader snippet').toBeDefined();
  expect(body(documented!)).toBe(body(snippet));
});

it('queues the calls made before the script arrives, and delivers them in order once it has', async () => {
  const { page, scripts, errors } = await open(1500);
  // the script is held back: these clicks go to the snippet's stub
  await page.click('#sign-in');
  await page.click('#add');
  expect(await page.evaluate(() => (window as unknown as { retain: { q?: unknown[] } }).retain.q?.length)).toBeGreaterThanOrEqual(4); // page, on, subscribe, identify, track
  expect(collector.requests).toHaveLength(0);
  await page.waitForFunction(() => typeof (window as unknown as { Retain?: unknown }).Retain === 'object');
  await page.click('#buy'); // straight to the client now
  await page.click('#flush');
  await collector.waitUntil(() => collector.accepted().some((e) => e['event'] === 'Order Completed'), 15_000, 'the order');
  const events = collector.accepted();
  expect(names(events)).toEqual(['page', 'identify', 'Product Added', 'Order Completed']);
  expect(events.slice(1).every((e) => e['userId'] === 'user-42')).toBe(true);
  expect(collector.duplicates()).toBe(0);
  expect((collector.requests[0]!.body as { writeKey: string }).writeKey).toBe('wk_example');
  await expect.poll(async () => JSON.parse((await page.textContent('#state')) ?? '{}') as { revenue: number; customer: string }).toMatchObject({ revenue: 80, customer: 'user-42' });
  // tracking needed the script, the reducer (the state shown) and the IndexedDB queue, never the message renderer
  expect(scripts).toContain('/retain.min.js');
  expect(scripts).toContain('/retain-state.js');
  expect(scripts).toContain('/retain-idb.js');
  expect(scripts).not.toContain('/retain-messages.js');
  expect(errors).toEqual([]);
  await page.close();
});

it('loads the message renderer from its sibling file on the first inContextMessage(), not before (and the core bridge for a condition as data)', async () => {
  const before = collector.accepted().length;
  const { page, scripts, errors } = await open(0);
  await page.waitForFunction(() => typeof (window as unknown as { Retain?: unknown }).Retain === 'object');
  await collector.waitUntil(() => collector.accepted().length > before, 15_000, 'the page view');
  expect(scripts).not.toContain('/retain-messages.js');

  await page.click('#help');
  await page.click('#add');
  await expect.poll(() => page.locator('[data-retain-message]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(scripts).toContain('/retain-messages.js');
  expect(scripts).not.toContain('/retain-core-bridge.js'); // `when` is a function: no condition language needed

  // a condition given as data needs the condition language: its sibling file, imported then
  const id = await page.evaluate(async () => {
    const retain = (window as unknown as { retain: { inContextMessage(d: object): Promise<{ id: string }> } }).retain;
    return (await retain.inContextMessage({ id: 'data', placement: 'banner', when: { state: 'eventCount', op: 'gte', value: 1 }, content: { title: 'As data' } })).id;
  });
  expect(id).toBe('data');
  expect(scripts).toContain('/retain-core-bridge.js');
  expect(errors).toEqual([]);
  await page.close();
});
