/**
 * Serves the script-tag example with the IIFE build and a local collector that prints every
 * batch it receives. Run `npm run bundle` first (it builds packages/browser/dist/bundle/retain.min.js).
 */
import { readFileSync } from 'node:fs';
import { startCollector } from '../../test/helpers/collector.js';

const collector = await startCollector();
collector.serve('/', readFileSync(new URL('./index.html', import.meta.url), 'utf8'));
collector.serve('/retain.min.js', readFileSync(new URL('../../packages/browser/dist/bundle/retain.min.js', import.meta.url), 'utf8'));
let seen = 0;
setInterval(() => {
  for (const event of collector.accepted().slice(seen)) console.log('collector received', event['type'], event['event'] ?? '', event['messageId']);
  seen = collector.accepted().length;
}, 250).unref();
console.log(`script-tag example: open ${collector.url}/ (Ctrl-C to stop)`);
process.on('SIGINT', () => void collector.close().then(() => process.exit(0)));
await new Promise(() => {});
