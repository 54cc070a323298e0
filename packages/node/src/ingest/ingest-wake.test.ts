import { describe, expect, it } from 'vitest';
import { cond } from '@retain/core';
import { rule } from '../rules/builder.js';
import { createMemoryStore } from '../stores/memory-store.js';
import type { IngestDecision } from './decision.js';
import { createIngestHandler } from './ingest-handler.js';
import { basicAuthHeader } from './write-key.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T10:00:00Z');

describe('ingest.wake: time-based rules without an event', () => {
  it('wakes only the customers due, once, through the store’s due index', async () => {
    let clock = T0;
    const store = createMemoryStore();
    const decisions: IngestDecision[] = [];
    const ingest = createIngestHandler({
      writeKeys: ['wk'],
      store,
      now: () => clock,
      policy: () => ({ allowed: true, reasons: ['ok'] }),
      rules: [rule('dormant').when(cond.since('lastVisit').gte(14)).cooldown(30, 'days').send({ campaign: 'winback', message: 'winback-1', channel: 'email' })],
      onDecision: (d) => void decisions.push(d),
    });
    const visit = (userId: string, at: number) => ({ type: 'page', messageId: `${userId}-${at}`, timestamp: new Date(at).toISOString(), userId });
    const post = (batch: object[]) => ingest(new Request('http://x/v1/batch', { method: 'POST', headers: { authorization: basicAuthHeader('wk') }, body: JSON.stringify({ batch }) }));
    await post([visit('ada', T0), visit('bea', T0 + 5 * DAY)]);
    expect((await store.get({ kind: 'customer', id: 'ada' }))?.dueAt).toBe(T0 + 14 * DAY);

    clock = T0 + 15 * DAY; // ada is due, bea not yet
    expect(await ingest.wake()).toEqual({ woken: 1, decisions: 1 });
    expect(decisions.map((d) => [d.customerId, d.message.rule, d.id])).toEqual([['ada', 'dormant', `ada/wake:${T0 + 14 * DAY}/dormant/winback-1`]]);
    const ada = await store.get({ kind: 'customer', id: 'ada' });
    expect(ada?.state.messages.map((m) => m.id)).toEqual(['winback-1']);
    expect(ada?.dueAt).toBe(T0 + 15 * DAY + 30 * DAY); // the cooldown from the firing
    expect(await ingest.wake()).toEqual({ woken: 0, decisions: 0 }); // not twice

    clock = T0 + 20 * DAY;
    expect(await ingest.wake()).toEqual({ woken: 1, decisions: 1 });
    expect(decisions.map((d) => d.customerId)).toEqual(['ada', 'bea']);
    await ingest.close();
  });
});
