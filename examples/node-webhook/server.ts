/**
 * A node webhook server with rules. Run from the repository root:
 *   node --conditions=@retain/source --import tsx examples/node-webhook/server.ts [--port 8787]
 * Write keys: `RETAIN_WRITE_KEYS` (comma-separated), default `wk_server`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '@retain/node';
import { storeFromEnv } from '../store-from-env.js';
import { createWebhookApp } from './webhook-app.js';

const argPort = process.argv.indexOf('--port');
const port = Number(argPort >= 0 ? process.argv[argPort + 1] : (process.env['PORT'] ?? 8787));
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error('Invalid port: use --port N or PORT=N (0 picks a free port).');
  process.exit(2);
}
const writeKeys = (process.env['RETAIN_WRITE_KEYS'] ?? 'wk_server').split(',').filter((k) => k !== '');
// PGlite in .retain-data/node-webhook, or PostgreSQL with DATABASE_URL=postgres://…
const { store, where } = storeFromEnv(process.env, 'node-webhook');
const { handler } = createWebhookApp({ writeKeys, store });
const server = createServer(toNodeListener(handler));
server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address() as AddressInfo;
  console.error(`Retain webhook listening on http://127.0.0.1:${actual}/v1/batch (decisions are printed as JSON lines; customers kept in ${where})`);
});
const stop = () => server.close(() => void store.close().then(() => process.exit(0)));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
