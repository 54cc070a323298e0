/**
 * `npm start`: serves the Retain demo shop on 127.0.0.1 and prints its URL.
 * Options: `--port N` or `PORT=N` (0 picks a free port; default 3000). Stops on Ctrl-C / SIGTERM.
 */
import { startDemo } from './demo-server.js';
import { storeFromEnv } from '../store-from-env.js';

function portOption(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : (argv.find((a) => a.startsWith('--port='))?.slice(7) ?? env['PORT']);
  if (raw === undefined) return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`Invalid port ${JSON.stringify(raw)}: use --port N or PORT=N with 0 ≤ N ≤ 65535 (0 picks a free port).`);
    process.exit(2);
  }
  return port;
}

const port = portOption(process.argv.slice(2), process.env);
const { store, where } = storeFromEnv(process.env, 'demo');
// Open the store before serving: a database that cannot be reached (or a data directory another
// demo holds) is said now, not at the first event.
await store.get({ kind: 'customer', id: '-' }).catch((error: unknown) => {
  console.error(`The demo's store (${where}) could not be opened: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const demo = await startDemo({ port, store }).catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') console.error(`Port ${port} is in use: try \`PORT=0 npm start\` (a free port) or \`npm start -- --port 8080\`.`);
  else console.error(error);
  process.exit(1);
});
console.log(`Retain demo running at ${demo.url}`);
console.log(`  shop:      ${demo.url}`);
console.log(`  customers: ${demo.url}customers`);
console.log(`  store:     ${where} (DATABASE_URL=postgres://… to use a PostgreSQL server)`);
console.log('Press Ctrl-C to stop.');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the demo…`);
  demo
    .close()
    .then(() => store.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
