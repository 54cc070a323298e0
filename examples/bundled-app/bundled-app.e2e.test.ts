/** The bundled-app example in Chromium against the real local collector. */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../../test/helpers/chromium.js';
import { startCollector, type Collector } from '../../test/helpers/collector.js';
import { buildApp } from './build.js';

let browser: Browser;
let collector: Collector;
let files: Map<string, string>;

beforeAll(async () => {
  collector = await startCollector();
  collector.serve('/', readFileSync(new URL('./index.html', import.meta.url), 'utf8'));
  files = await buildApp(false);
  for (const [path, text] of files) collector.serve(path, text);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await collector?.close();
});

it('sends and stores nothing before consent; after it, delivers every step once and folds the funnel', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${collector.url}/`);
  await page.click('#step-0');
  await page.waitForTimeout(800);
  expect(collector.requests).toHaveLength(0);
  expect(await page.evaluate(async () => (await indexedDB.databases()).length + localStorage.length)).toBe(0);
  await expect.poll(() => page.textContent('#consent-status')).toBe('pending');

  await page.click('#accept');
  await page.click('#step-1');
  await page.click('#step-2');
  await collector.waitForEvents(5, 15_000);
  const names = collector.accepted().map((e) => (e['type'] === 'track' ? `${String(e['event'])}:${String((e['properties'] as { step?: string }).step ?? '')}` : e['type']));
  expect(names.sort()).toEqual(['Funnel Step Reached:Account', 'Funnel Step Reached:Invite team', 'Funnel Step Reached:Profile', 'Signed Up:', 'page'].sort());
  expect(collector.duplicates()).toBe(0);
  await expect.poll(() => page.textContent('#funnel')).toBe('Invite team (step 3 of 3, done)');
  await expect.poll(() => page.textContent('#queued')).toBe('0');
  // the renderer chunk exists but this page, which only tracks, never downloaded it
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name.split('/').pop()));
  const lazy = [...files.keys()].filter((path) => /^\/(index|messenger)-/.test(path));
  expect(lazy.length).toBeGreaterThan(0);
  expect(scripts).toContain('app.js');
  for (const path of lazy) expect(scripts).not.toContain(path.slice(1));
  expect(errors).toEqual([]);
  await page.close();
});
