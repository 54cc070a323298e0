/**
 * `npm start` keeps its customers: the demo server is started as its own process on the
 * embedded PGlite store, a customer shops, the server is stopped (SIGTERM) and started again
 * over the same data directory, and the customer is still there — with the same state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { basicAuthHeader } from '@retain/node';
import { DEMO_WRITE_KEY } from './demo-app.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `examples/demo/server.ts` on a free port and resolves to its URL. */
function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--conditions=@retain/source', '--import', 'tsx', 'examples/demo/server.ts', '--port', '0'], {
    env: { ...process.env, RETAIN_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ url, child });
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the demo exited (${code}) before serving:\n${out}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

describe('the demo across a restart', () => {
  it('keeps every customer in its data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'retain-demo-'));
    try {
      const first = await startServer(dataDir);
      const now = Date.now();
      const batch = [
        { type: 'identify', traits: { name: 'Ada' }, messageId: `i-${now}`, timestamp: new Date(now - 60_000).toISOString(), userId: 'ada-restart' },
        { type: 'track', event: 'Product Added', properties: { product_id: 'p-grinder', price: 89 }, messageId: `p-${now}`, timestamp: new Date(now - 30_000).toISOString(), userId: 'ada-restart' },
      ];
      const res = await fetch(`${first.url}v1/batch`, { method: 'POST', headers: { authorization: basicAuthHeader(DEMO_WRITE_KEY) }, body: JSON.stringify({ batch }) });
      expect(res.status).toBe(200);
      const before = (await (await fetch(`${first.url}api/customers`)).json()) as { customers: Array<{ id: string }> };
      expect(before.customers.map((c) => c.id)).toContain('ada-restart');
      expect(await stop(first.child)).toBe(0);

      const second = await startServer(dataDir);
      const after = (await (await fetch(`${second.url}api/customers`)).json()) as { customers: Array<{ id: string }> };
      expect(after.customers).toEqual(before.customers);
      // the retried batch is recognised after the restart
      const retry = await fetch(`${second.url}v1/batch`, { method: 'POST', headers: { authorization: basicAuthHeader(DEMO_WRITE_KEY) }, body: JSON.stringify({ batch }) });
      expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 2 });
      expect(await stop(second.child)).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
