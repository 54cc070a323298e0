import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { basicAuthHeader, toNodeListener, type IngestDecision } from '@retain/node';
import { createWebhookApp, decisionLine } from './webhook-app.js';

const NOW = Date.UTC(2026, 10, 22, 12, 0);
const batchAt = (now: number) => {
  const T = (minute: number) => new Date(now - 2 * 3_600_000 + minute * 60_000).toISOString();
  return [
  { type: 'track', event: 'Consent Changed', properties: { purpose: 'email', granted: true }, messageId: 'c1', timestamp: T(0), userId: 'ada' },
  { type: 'track', event: 'Signed Up', messageId: 's1', timestamp: T(1), userId: 'ada' },
  { type: 'track', event: 'Signed Up', messageId: 's2', timestamp: T(1), userId: 'bob' },
  { type: 'track', event: 'Feedback Given', properties: { nps: 2 }, messageId: 'f1', timestamp: T(2), userId: 'ada' },
  { type: 'track', event: 'Feedback Given', properties: { nps: 3 }, messageId: 'f2', timestamp: T(3), userId: 'ada' },
  ];
};
const batch = batchAt(NOW);

describe('examples/node-webhook', () => {
  it('runs the rules and send checks over real HTTP and hands every decision to onDecision', async () => {
    const decisions: IngestDecision[] = [];
    const { handler, store } = createWebhookApp({ writeKeys: ['wk_test'], now: () => NOW, onDecision: (d) => void decisions.push(d) });
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/v1/batch`, { method: 'POST', headers: { authorization: basicAuthHeader('wk_test') }, body: JSON.stringify({ batch }) });
      expect(res.status).toBe(200);
      expect(decisions.map(decisionLine).map((d) => [d.customer, d.rule, d.allowed])).toEqual([
        ['ada', 'welcome-series-1', true],
        ['ada', 'feedback-response', true],
        ['ada', 'consecutive-negative-feedback', true],
        ['ada', 'feedback-response', false],
      ]);
      // The fourth email in a day is held by the default caps, with the reason and when it would pass.
      expect(decisions[3]?.reasons.join('\n')).toMatch(/3 of at most 3 messages on email in 7 days[\s\S]*suggestion/);
      // bob never consented to email: the welcome series does not fire for him.
      expect((await store.get({ kind: 'customer', id: 'ada' }))?.state.messages.map((m) => m.id).sort()).toEqual(['consecutive-negative-feedback', 'feedback-response', 'welcome-series-1']);
      expect((await store.get({ kind: 'customer', id: 'bob' }))?.state.messages).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('runs with one command and prints decisions as JSON lines', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=@retain/source', '--import', 'tsx', 'examples/node-webhook/server.ts', '--port', '0'], {
      cwd: root,
      // A fresh PGlite data directory: the server keeps its customers there between runs.
      env: { ...process.env, RETAIN_WRITE_KEYS: 'wk_cli', DATABASE_URL: '', RETAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'retain-webhook-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stderr);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      // The server runs on the real clock: events of two hours ago.
      const res = await fetch(url, { method: 'POST', headers: { authorization: basicAuthHeader('wk_cli') }, body: JSON.stringify({ batch: batchAt(Date.now()) }) });
      expect(res.status).toBe(200);
      await expect.poll(() => stdout.trim().split('\n').filter(Boolean).length).toBe(4);
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { rule: string; allowed: boolean });
      expect(lines.map((l) => [l.rule, l.allowed])).toEqual([
        ['welcome-series-1', true],
        ['feedback-response', true],
        ['consecutive-negative-feedback', true],
        ['feedback-response', false],
      ]);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
