/**
 * Builds the bundled-app example from source and serves it with a local collector on 127.0.0.1
 * that prints every event it receives.
 */
import { readFileSync } from 'node:fs';
import { startCollector } from '../../test/helpers/collector.js';
import { buildApp } from './build.js';

const collector = await startCollector();
collector.serve('/', readFileSync(new URL('./index.html', import.meta.url), 'utf8'));
for (const [path, text] of await buildApp(false)) collector.serve(path, text);
let seen = 0;
setInterval(() => {
  for (const event of collector.accepted().slice(seen)) console.log('collector received', event['type'], event['event'] ?? '', event['messageId']);
  seen = collector.accepted().length;
}, 250).unref();
console.log(`bundled-app example: open ${collector.url}/ (Ctrl-C to stop)`);
process.on('SIGINT', () => void collector.close().then(() => process.exit(0)));
await new Promise(() => {});
