/**
 * Serves the script-tag example with the script-tag build and a local collector that prints every
 * batch it receives. Run `npm run bundle` first (it builds packages/browser/dist/bundle/).
 */
import { readFileSync } from 'node:fs';
import { startCollector } from '../../test/helpers/collector.js';

const collector = await startCollector();
collector.serve('/', readFileSync(new URL('./index.html', import.meta.url), 'utf8'));
for (const file of ['retain.min.js', 'retain-state.js', 'retain-idb.js', 'retain-messages.js', 'retain-core-bridge.js'])
  collector.serve(`/${file}`, readFileSync(new URL(`../../packages/browser/dist/bundle/${file}`, import.meta.url), 'utf8'), 'text/javascript; charset=utf-8');
let seen = 0;
setInterval(() => {
  for (const event of collector.accepted().slice(seen)) console.log('collector received', event['type'], event['event'] ?? '', event['messageId']);
  seen = collector.accepted().length;
}, 250).unref();
console.log(`script-tag example: open ${collector.url}/ (Ctrl-C to stop)`);
process.on('SIGINT', () => void collector.close().then(() => process.exit(0)));
await new Promise(() => {});
