/**
 * Cost of evaluating in-context messages on every state change, in real Chromium: 50 registered
 * messages (40 function predicates, 10 conditions as data), 3,000 tracked events; reports the
 * main-thread time per event (fold + evaluation + scheduling), median and worst over rounds of 50 events, next to the same
 * events on a client with no messages (interleaved).
 *
 * Run: `node --conditions=@retain/source --import tsx bench/messages.bench.ts`
 */
import { bundleScript } from '../test/helpers/bundle.js';
import { launchChromium } from '../test/helpers/chromium.js';

const source = `
import { createMessenger } from './packages/browser/src/messages/index.ts';
import { createTestHost } from './packages/browser/src/messages/testing/test-host.ts';
window.runBench = async () => {
  const host = createTestHost();
  const messenger = createMessenger(host, { caps: { perSession: 0 }, loadCore: () => import('./packages/browser/src/messages/core-bridge.ts') }); // measure evaluation, not rendering
  for (let i = 0; i < 40; i++) await messenger.register({ id: 'fn-' + i, when: (s, e) => e?.type === 'track' && e.event === 'Never ' + i && (s.actions['X']?.count ?? 0) > 3, placement: 'toast', content: { title: 'T' } });
  for (let i = 0; i < 10; i++) await messenger.register({ id: 'json-' + i, when: { all: [{ event: 'event', op: 'eq', value: 'Never ' + i }, { since: 'lastVisit', op: 'gte', value: 14 }] }, placement: 'banner', content: { title: 'T' } });
  const baseline = createTestHost();
  for (let i = 0; i < 500; i++) { host.track('Warm ' + i); baseline.track('Warm ' + i); }
  // Interleaved rounds of 50 events (the browser's clock is coarse), so that machine noise hits both series alike.
  const withMessages = [], without = [];
  const round = (h, r) => { const t = performance.now(); for (let i = 0; i < 50; i++) h.track('Event ' + (i % 20), { r, i }); return (performance.now() - t) / 50; };
  for (let r = 0; r < 60; r++) { withMessages.push(round(host, r)); without.push(round(baseline, r)); }
  await new Promise((r) => setTimeout(r, 0));
  const stats = (a) => { const s = [...a].sort((x, y) => x - y); return { median: s[Math.floor(s.length / 2)], p99: s[s.length - 1] }; };
  return { withMessages: stats(withMessages), without: stats(without) };
};
`;

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  await page.setContent('<!doctype html><title>bench</title>');
  await page.addScriptTag({ content: await bundleScript(source, { minify: true }) });
  const r = (await page.evaluate('window.runBench()')) as { withMessages: { median: number; p99: number }; without: { median: number; p99: number } };
  const f = (n: number) => `${(n * 1000).toFixed(0)} µs`;
  process.stdout.write(
    `per tracked event, 50 messages registered: median ${f(r.withMessages.median)}, worst round ${f(r.withMessages.p99)}\n` +
      `per tracked event, no messages:            median ${f(r.without.median)}, worst round ${f(r.without.p99)}\n`,
  );
} finally {
  await browser.close();
}
