import { describe, expect, it } from 'vitest';
import type { RetainEvent } from '@retain/core';
import { createIngestHandler, type IngestOptions, type IngestResult } from './ingest-handler.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { basicAuthHeader } from './write-key.js';
import { InvalidIngestOptionsError } from './invalid-ingest-options-error.js';
import type { CustomerStore } from '../stores/customer-store.js';
import type { RuleJson } from '../rules/rule.js';
import type { IngestDecision } from './decision.js';

const URL_ = 'http://127.0.0.1/v1/batch';
const T0 = '2026-11-22T10:00:00.000Z';

const page = (messageId: string, userId = 'u1', extra: Partial<RetainEvent> = {}): RetainEvent =>
  ({ type: 'page', name: 'Home', messageId, timestamp: T0, userId, ...extra }) as RetainEvent;

function post(body: unknown, init: { key?: string | null; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (init.key !== null) headers['authorization'] = basicAuthHeader(init.key ?? 'wk_test');
  return new Request(URL_, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

function setup(options: Partial<IngestOptions> = {}) {
  const store = createMemoryStore();
  const handler = createIngestHandler({ writeKeys: ['wk_test'], store, now: () => Date.parse('2026-11-22T12:00:00Z'), onError: () => undefined, ...options });
  return { store, handler };
}

describe('createIngestHandler', () => {
  it('refuses limits that cannot work with an InvalidIngestOptionsError naming each one, before any request', () => {
    const attempt = (options: Partial<IngestOptions>) => {
      try {
        setup(options);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    const error = attempt({ maxTransactions: Number.NaN, maxEventsPerTransaction: 0, maxInFlight: 2.5, maxWaitMs: -1 });
    expect(error).toBeInstanceOf(InvalidIngestOptionsError);
    const issues = (error as InvalidIngestOptionsError).issues;
    expect(issues.map((i) => i.path[0])).toEqual(['maxInFlight', 'maxTransactions', 'maxEventsPerTransaction', 'maxWaitMs']);
    expect((error as Error).message).toMatch(/maxTransactions.*whole number ≥ 1 \(got NaN\)/s);
    expect(attempt({ maxBodyBytes: 0 })).toBeInstanceOf(InvalidIngestOptionsError);
    expect(attempt({ maxWaitMs: Number.POSITIVE_INFINITY, maxTransactions: 1, maxEventsPerTransaction: 1 })).toBeUndefined();
  });

  it('folds a valid batch into customer and account states and answers 200', async () => {
    const { store, handler } = setup();
    const res = await handler(
      post({
        batch: [
          page('m1', 'u1', { context: { groupId: 'acct-1' } }),
          { type: 'track', event: 'Order Completed', properties: { revenue: 80 }, messageId: 'm2', timestamp: T0, userId: 'u1' },
          page('m3', 'u2'),
        ],
        sentAt: T0,
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as IngestResult;
    expect(body).toMatchObject({ ok: true, accepted: 3, duplicates: 0, rejected: [] });
    const u1 = await store.get({ kind: 'customer', id: 'u1' });
    expect(u1?.state.eventCount).toBe(2);
    expect(u1?.state.transactions.revenue).toBe(80);
    expect((await store.get({ kind: 'customer', id: 'u2' }))?.state.eventCount).toBe(1);
    expect((await store.get({ kind: 'account', id: 'acct-1' }))?.state.identity.members).toEqual(['u1']);
  });

  it('accepts the write key in the body (sendBeacon cannot set headers)', async () => {
    const { store, handler } = setup();
    const res = await handler(post({ batch: [page('m1')], writeKey: 'wk_test' }, { key: null, headers: { 'content-type': 'text/plain' } }));
    expect(res.status).toBe(200);
    expect((await store.get({ kind: 'customer', id: 'u1' }))?.state.eventCount).toBe(1);
  });

  it('answers 401 and stores nothing without a valid write key', async () => {
    const { store, handler } = setup();
    for (const req of [post({ batch: [page('m1')] }, { key: null }), post({ batch: [page('m1')] }, { key: 'wrong' }), post({ batch: [page('m1')], writeKey: 'wrong' }, { key: null })]) {
      const res = await handler(req);
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { name: string; message: string } };
      expect(body.error.name).toBe('UnauthorizedError');
      expect(body.error.message).toMatch(/write key/);
    }
    expect(await store.get({ kind: 'customer', id: 'u1' })).toBeUndefined();
  });

  it('answers 413 while reading: it stops pulling an endless body at the limit', async () => {
    const { handler } = setup({ maxBodyBytes: 10_000 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const req = new Request(URL_, { method: 'POST', headers: { authorization: basicAuthHeader('wk_test') }, body: endless, duplex: 'half' } as RequestInit);
    const res = await handler(req);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/10000 bytes/);
    expect(pulled).toBeLessThan(20);
  });

  it('reads gzip bodies, and applies the limit to the decompressed bytes (no zip bomb)', async () => {
    const gzip = async (text: string) => new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const { store, handler } = setup({ maxBodyBytes: 50_000 });
    const headers = { authorization: basicAuthHeader('wk_test'), 'content-encoding': 'gzip' };
    const ok = await handler(new Request(URL_, { method: 'POST', headers, body: await gzip(JSON.stringify({ batch: [page('m1')] })) }));
    expect(ok.status).toBe(200);
    expect((await store.get({ kind: 'customer', id: 'u1' }))?.state.eventCount).toBe(1);
    const bomb = await gzip(JSON.stringify({ batch: [], pad: ' '.repeat(5_000_000) }));
    expect(bomb.byteLength).toBeLessThan(50_000);
    expect((await handler(new Request(URL_, { method: 'POST', headers, body: bomb }))).status).toBe(413);
    const corrupt = await handler(new Request(URL_, { method: 'POST', headers, body: 'not gzip' }));
    expect(corrupt.status).toBe(400);
    const br = await handler(new Request(URL_, { method: 'POST', headers: { ...headers, 'content-encoding': 'br' }, body: 'x' }));
    expect(((await br.json()) as { error: { message: string } }).error.message).toMatch(/unsupported Content-Encoding "br"/);
  });

  it('answers 413 from a declared Content-Length before reading', async () => {
    const { handler } = setup({ maxBodyBytes: 100 });
    const res = await handler(post(JSON.stringify({ batch: [page('m1')], pad: 'x'.repeat(200) })));
    expect(res.status).toBe(413);
  });

  it('answers 400 with a readable error for a malformed body', async () => {
    const { handler } = setup();
    const notJson = await handler(post('{"batch": ['));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toMatch(/not JSON/);
    const noBatch = await handler(post({ events: [] }));
    expect(noBatch.status).toBe(400);
    expect(((await noBatch.json()) as { error: { message: string } }).error.message).toMatch(/at batch: no "batch" array/);
    const notArray = await handler(post({ batch: 'x' }));
    expect(((await notArray.json()) as { error: { name: string } }).error.name).toBe('MalformedBatchError');
  });

  it('stores the good events of a mixed batch and reports each rejected one with its index, messageId and paths', async () => {
    const { store, handler } = setup();
    const res = await handler(
      post({
        batch: [
          page('ok-1'),
          { type: 'track', event: 'Feedback Given', properties: { nps: 14 }, messageId: 'bad-1', timestamp: T0, userId: 'u1' },
          page('ok-2'),
          { type: 'page', messageId: 'bad-2', timestamp: 'yesterday', userId: 'u1' },
          42,
        ],
      }),
    );
    expect(res.status).toBe(207);
    const body = (await res.json()) as IngestResult;
    expect(body.ok).toBe(false);
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.messageId])).toEqual([
      [1, 'bad-1'],
      [3, 'bad-2'],
      [4, null],
    ]);
    expect(body.rejected[0]?.issues[0]).toMatchObject({ path: ['properties', 'nps'], at: 'properties.nps' });
    expect(body.rejected[1]?.issues[0]?.path).toEqual(['timestamp']);
    expect(body.rejected[0]?.message).toMatch(/batch\[1\]\.properties\.nps/);
    expect((await store.get({ kind: 'customer', id: 'u1' }))?.state.eventCount).toBe(2);
  });

  it('answers 400 when every event of the batch is rejected, and hands them to onRejected', async () => {
    const seen: unknown[] = [];
    const { handler } = setup({ onRejected: (rejected) => void seen.push(...rejected) });
    const res = await handler(post({ batch: [{ type: 'page' }] }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as IngestResult).rejected).toHaveLength(1);
    expect(seen).toMatchObject([{ index: 0, messageId: null }]);
  });

  it('acknowledges a retried batch as duplicates without folding it twice', async () => {
    const { store, handler } = setup();
    const batch = { batch: [page('m1'), page('m2'), page('m2')] };
    const first = (await (await handler(post(batch))).json()) as IngestResult;
    expect(first).toMatchObject({ accepted: 2, duplicates: 1 });
    const again = (await (await handler(post(batch))).json()) as IngestResult;
    expect(again).toMatchObject({ ok: true, accepted: 0, duplicates: 3 });
    expect((await store.get({ kind: 'customer', id: 'u1' }))?.state.eventCount).toBe(2);
  });

  it('still catches a retry the global window forgot, through the per-customer window', async () => {
    const { store, handler } = setup();
    await handler(post({ batch: [page('m1')] }));
    await handler(post({ batch: [page('m2', 'u2')] }));
    expect(await store.pruneSeen(Number.MAX_SAFE_INTEGER)).toBe(2); // the global window forgets everything
    const again = (await (await handler(post({ batch: [page('m1')] }))).json()) as IngestResult;
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await store.get({ kind: 'customer', id: 'u1' }))?.state.eventCount).toBe(1);
  });

  it('answers CORS preflight for allowed origins only, and adds CORS headers to answers', async () => {
    const { handler } = setup({ cors: ['https://shop.example'] });
    const preflight = (origin: string) => new Request(URL_, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const ok = await handler(preflight('https://shop.example'));
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect((await handler(preflight('https://evil.example'))).status).toBe(403);
    const res = await handler(post({ batch: [page('m1')] }, { headers: { origin: 'https://shop.example' } }));
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('answers 405 to other methods', async () => {
    const { handler } = setup();
    const res = await handler(new Request(URL_));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('runs rules and send checks, records allowed sends, and hands every decision to onDecision', async () => {
    const decisions: unknown[] = [];
    const { store, handler } = setup({
      rules: ({ event, state }) => ({
        messages:
          event.type === 'track' && event.event === 'Feedback Given'
            ? [
                { rule: 'feedback-response', id: 'thanks', channel: 'email' },
                { rule: 'feedback-upsell', id: 'upsell', channel: 'sms' },
              ]
            : [],
        memory: { lastEvaluated: state.eventCount },
      }),
      policy: ({ message }) => (message.channel === 'sms' ? { allowed: false, reasons: ['sms would burn goodwill'] } : { allowed: true, reasons: ['goodwill ok'] }),
      onDecision: (d) => void decisions.push(d),
    });
    const res = await handler(
      post({ batch: [page('m1'), { type: 'track', event: 'Feedback Given', properties: { nps: 3 }, messageId: 'f1', timestamp: T0, userId: 'u1' }] }),
    );
    expect(((await res.json()) as IngestResult).decisions).toEqual({ allowed: 1, refused: 1 });
    expect(decisions).toMatchObject([
      { customerId: 'u1', allowed: true, message: { id: 'thanks' }, trigger: { messageId: 'f1', event: 'Feedback Given' } },
      { customerId: 'u1', allowed: false, reasons: ['sms would burn goodwill'], message: { id: 'upsell' } },
    ]);
    const stored = await store.get({ kind: 'customer', id: 'u1' });
    expect(stored?.state.messages.map((m) => [m.id, m.channel])).toEqual([['thanks', 'email']]);
    // the hook's memory, and what was decided per rule (counted by the handler, in the same write)
    expect(stored?.memory).toEqual({
      lastEvaluated: 2,
      decided: { 'feedback-response': { allowed: 1, refused: 0, lastAt: Date.parse('2026-11-22T12:00:00Z') }, 'feedback-upsell': { allowed: 0, refused: 1, lastAt: Date.parse('2026-11-22T12:00:00Z') } },
    });
  });

  it('answers 503 and remembers nothing when the store fails, so that a retry is folded', async () => {
    const memory = createMemoryStore();
    let failing = true;
    const store: CustomerStore = {
      ...memory,
      transaction: (work) => (failing ? Promise.reject(new Error('database down')) : memory.transaction(work)),
    };
    const { handler } = setup({ store });
    const res = await handler(post({ batch: [page('m1')] }));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/database down/);
    failing = false;
    const retry = (await (await handler(post({ batch: [page('m1')] }))).json()) as IngestResult;
    expect(retry).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it('reports an onDecision failure through onError without failing the stored batch', async () => {
    const errors: unknown[] = [];
    const { handler } = setup({
      rules: () => ({ messages: [{ rule: 'r', id: 'm', channel: 'in_context' }] }),
      onDecision: () => {
        throw new Error('webhook down');
      },
      onError: (e) => void errors.push(e),
    });
    const res = await handler(post({ batch: [page('m1')] }));
    expect(res.status).toBe(200);
    expect(errors).toHaveLength(1);
  });

  it('runs the rules engine and checkSend: consent decides, sends are recorded with their score, rule memory persists', async () => {
    const decisions: IngestDecision[] = [];
    const rules: RuleJson[] = [
      {
        id: 'feedback-response',
        on: { type: 'track', event: 'Feedback Given' },
        when: { all: [] },
        action: { campaign: 'feedback', message: 'feedback-reply', channel: 'email' },
        cooldown: { value: 1, unit: 'days' },
      },
    ];
    const { store, handler } = setup({
      rules,
      messages: { 'feedback-reply': { value: 'high', effort: 'low', relevance: 'high' } },
      onDecision: (d) => void decisions.push(d),
    });
    const consent = (userId: string) => ({ type: 'track', event: 'Consent Changed', properties: { purpose: 'email', granted: true }, messageId: `c-${userId}`, timestamp: T0, userId });
    const feedback = (id: string, userId: string) => ({ type: 'track', event: 'Feedback Given', properties: { nps: 9 }, messageId: id, timestamp: T0, userId });
    await handler(post({ batch: [consent('yes'), feedback('f1', 'yes'), feedback('f2', 'no')] }));

    expect(decisions.map((d) => [d.customerId, d.message.rule, d.allowed])).toEqual([
      ['yes', 'feedback-response', true],
      ['no', 'feedback-response', false],
    ]);
    expect(decisions[1]?.reasons.join('\n')).toMatch(/never consented to email/);
    const yes = await store.get({ kind: 'customer', id: 'yes' });
    expect(yes?.state.messages).toHaveLength(1);
    expect(yes?.state.messages[0]?.score).toBe(decisions[0]?.score);
    expect(decisions[0]?.goodwill?.after).toBeGreaterThan(0);

    // The cooldown lives in the stored rule memory: a second feedback the same day fires nothing.
    await handler(post({ batch: [feedback('f3', 'yes')] }));
    expect(decisions).toHaveLength(2);
  });

  it('stores the events even when a rule throws, and reports the error through onError', async () => {
    const errors: unknown[] = [];
    const { store, handler } = setup({
      rules: () => {
        throw new Error('broken rule');
      },
      onError: (e) => void errors.push(e),
    });
    const res = await handler(post({ batch: [page('m1'), page('m2')] }));
    expect(res.status).toBe(200);
    expect((await store.get({ kind: 'customer', id: 'u1' }))?.state.eventCount).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['broken rule', 'broken rule']);
  });

  it('refuses a __proto__ key (no prototype pollution through a batch)', async () => {
    const { store, handler } = setup();
    const body = '{"batch":[{"type":"track","event":"Evil","properties":{"__proto__":{"polluted":true}},"messageId":"p1","timestamp":"2026-11-22T10:00:00.000Z","userId":"u1"},' +
      '{"type":"page","messageId":"p2","timestamp":"2026-11-22T10:00:00.000Z","userId":"u1"}]}';
    const res = await handler(post(body));
    expect(res.status).toBe(207);
    expect(((await res.json()) as IngestResult).rejected.map((r) => r.index)).toEqual([0]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((await store.get({ kind: 'customer', id: 'u1' }))?.state.eventCount).toBe(1);
  });

  it('routes an anonymous visitor to their user once an event links them (same batch, and later batches)', async () => {
    const { store, handler } = setup();
    const anon = (id: string) => ({ type: 'page', messageId: id, timestamp: T0, anonymousId: 'a-1' });
    await handler(post({ batch: [anon('before')] }));
    await handler(post({ batch: [anon('same-batch'), { type: 'identify', traits: { name: 'Ada' }, messageId: 'id', timestamp: T0, anonymousId: 'a-1', userId: 'ada' }] }));
    await handler(post({ batch: [anon('after')] }));
    const ada = await store.get({ kind: 'customer', id: 'ada' });
    // a new user: their state continues from the anonymous one, which is removed
    expect(ada?.state.eventCount).toBe(4);
    expect(ada?.state.id).toBe('ada');
    expect(ada?.state.identity).toMatchObject({ userId: 'ada', anonymousIds: ['a-1'], traits: { name: 'Ada' } });
    expect(await store.get({ kind: 'customer', id: 'a-1' })).toBeUndefined();
  });

  it('a sign-up keeps the anonymous history (visits, cart, consent); a known user on a new device gets that device\'s history merged in', async () => {
    const { store, handler } = setup();
    const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
    const browse = (anonymousId: string, id: string, minutes: number, extra: object = {}) => ({ type: 'track', event: 'Product Added', properties: { sku: 's1' }, messageId: id, timestamp: at(minutes), anonymousId, ...extra });
    await handler(post({ batch: [browse('a-new', 'p1', 0), browse('a-new', 'p2', 1), { type: 'track', event: 'Consent Changed', properties: { purpose: 'email', granted: true }, messageId: 'c1', timestamp: at(2), anonymousId: 'a-new' }] }));
    await handler(post({ batch: [{ type: 'identify', traits: { plan: 'free' }, messageId: 'i1', timestamp: at(3), anonymousId: 'a-new', userId: 'bea' }] }));
    const bea = (await store.get({ kind: 'customer', id: 'bea' }))?.state;
    expect(bea?.actions['Product Added']?.count).toBe(2);
    expect(bea?.consent.email?.granted).toBe(true);
    expect(bea?.visits.sessions).toHaveLength(1); // the browsing and the sign-up: one visit
    // the anonymous events' retries are still recognised as duplicates in the user's state
    const retried = (await (await handler(post({ batch: [browse('a-new', 'p1', 0)] }))).json()) as IngestResult;
    expect(retried.duplicates).toBe(1);

    // a known user on a second device: the device's history is merged into theirs, and its record removed
    await handler(post({ batch: [browse('a-second', 'p3', 10)] }));
    await handler(post({ batch: [{ type: 'identify', messageId: 'i2', timestamp: at(11), anonymousId: 'a-second', userId: 'bea' }] }));
    const merged = (await store.get({ kind: 'customer', id: 'bea' }))?.state;
    expect(merged?.actions['Product Added']?.count).toBe(3);
    expect(merged?.consent.email?.granted).toBe(true);
    expect(merged?.identity.anonymousIds).toEqual(expect.arrayContaining(['a-new', 'a-second']));
    expect(await store.get({ kind: 'customer', id: 'a-second' })).toBeUndefined();
    // the second device's later events go to bea through the stored link
    await handler(post({ batch: [browse('a-second', 'p4', 12)] }));
    expect((await store.get({ kind: 'customer', id: 'bea' }))?.state.actions['Product Added']?.count).toBe(4);
  });
});
