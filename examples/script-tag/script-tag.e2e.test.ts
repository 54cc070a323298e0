/**
 * The script-tag example in Chromium: the page (unchanged) with an IIFE of `@retain/browser`
 * bundled from source, against the real local collector.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleScript } from '../../test/helpers/bundle.js';
import { launchChromium } from '../../test/helpers/chromium.js';
import { startCollector, type Collector } from '../../test/helpers/collector.js';

let browser: Browser;
let collector: Collector;

beforeAll(async () => {
  collector = await startCollector();
  collector.serve('/', readFileSync(new URL('./index.html', import.meta.url), 'utf8'));
  // the same global as the rollup IIFE build (rollup.config.ts: name 'Retain')
  collector.serve('/retain.min.js', await bundleScript(`export * from '@retain/browser';`, { globalName: 'Retain', minify: true }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await collector?.close();
});

it('tracks the clicks of a plain HTML page through the global Retain, and shows the local state', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${collector.url}/`);
  await page.click('#sign-in');
  await page.click('#add');
  await page.click('#buy');
  await page.click('#flush');
  await collector.waitUntil(() => collector.accepted().some((e) => e['event'] === 'Order Completed'), 15_000, 'the order');
  const events = collector.accepted();
  expect(events.map((e) => e['type'] === 'track' ? e['event'] : e['type'])).toEqual(['page', 'identify', 'Product Added', 'Order Completed']);
  expect(events.slice(1).every((e) => e['userId'] === 'user-42')).toBe(true);
  expect(collector.duplicates()).toBe(0);
  expect((collector.requests[0]!.body as { writeKey: string }).writeKey).toBe('wk_example');
  await expect.poll(async () => JSON.parse((await page.textContent('#state')) ?? '{}') as { revenue: number; customer: string }).toMatchObject({ revenue: 80, customer: 'user-42' });
  expect(errors).toEqual([]);
  await page.close();
});
