import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { basicAuthHeader, toNodeListener, type IngestDecision } from '@retain/node';
import { createWebhookApp, decisionLine } from './webhook-app.js';

const T = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString();
const batch = [
  { type: 'track', event: 'Consent Changed', properties: { purpose: 'email', granted: true }, messageId: 'c1', timestamp: T(0), userId: 'ada' },
  { type: 'track', event: 'Signed Up', messageId: 's1', timestamp: T(1), userId: 'ada' },
  { type: 'track', event: 'Signed Up', messageId: 's2', timestamp: T(1), userId: 'bob' },
  { type: 'track', event: 'Feedback Given', properties: { nps: 2 }, messageId: 'f1', timestamp: T(2), userId: 'ada' },
  { type: 'track', event: 'Feedback Given', properties: { nps: 3 }, messageId: 'f2', timestamp: T(3), userId: 'ada' },
];

describe('examples/node-webhook', () => {
  it('runs the rules and send checks over real HTTP and hands every decision to onDecision', async () => {
    const decisions: IngestDecision[] = [];
    const { handler, store } = createWebhookApp({ writeKeys: ['wk_test'], onDecision: (d) => void decisions.push(d) });
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/v1/batch`, { method: 'POST', headers: { authorization: basicAuthHeader('wk_test') }, body: JSON.stringify({ batch }) });
      expect(res.status).toBe(200);
      expect(decisions.map(decisionLine).map((d) => [d.customer, d.rule, d.allowed])).toEqual([
        ['ada', 'welcome', true],
        ['ada', 'two-negative-feedbacks', true],
      ]);
      // bob never consented to email: the welcome rule's condition holds for nobody else.
      expect((await store.get({ kind: 'customer', id: 'ada' }))?.state.messages.map((m) => m.id).sort()).toEqual(['cs-call', 'welcome-1']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('runs with one command and prints decisions as JSON lines', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=@retain/source', '--import', 'tsx', 'examples/node-webhook/server.ts', '--port', '0'], {
      cwd: root,
      env: { ...process.env, RETAIN_WRITE_KEYS: 'wk_cli' },
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
      const res = await fetch(url, { method: 'POST', headers: { authorization: basicAuthHeader('wk_cli') }, body: JSON.stringify({ batch }) });
      expect(res.status).toBe(200);
      await expect.poll(() => stdout.trim().split('\n').filter(Boolean).length).toBe(2);
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { rule: string; allowed: boolean });
      expect(lines.map((l) => l.rule)).toEqual(['welcome', 'two-negative-feedbacks']);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
