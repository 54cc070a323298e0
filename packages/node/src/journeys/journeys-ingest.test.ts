/** Journeys inside the ingest handler: positions stored with the customer, waits woken from the due index, a restart resumes. */
import { describe, expect, it } from 'vitest';
import type { IngestDecision } from '../ingest/decision.js';
import { createIngestHandler } from '../ingest/ingest-handler.js';
import { basicAuthHeader } from '../ingest/write-key.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { explainJourney } from './explain-journey.js';
import { journeyPositions } from './journey-hooks.js';
import { journeyTemplates } from './journey-templates.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T10:00:00Z');

describe('createIngestHandler({ journeys })', () => {
  it('runs onboarding end to end: welcome on sign-up, the nudge from ingest.wake() a week later, and a restart resumes where each customer was', async () => {
    let clock = T0;
    const store = createMemoryStore();
    const decisions: IngestDecision[] = [];
    const open = () =>
      createIngestHandler({
        writeKeys: ['wk'],
        store,
        now: () => clock,
        policy: () => ({ allowed: true, reasons: ['ok'] }),
        journeys: [journeyTemplates.onboarding()],
        onDecision: (d) => void decisions.push(d),
      });
    let ingest = open();
    const track = (userId: string, event: string, at: number, properties: object = {}) => ({ type: 'track', event, userId, properties, messageId: `${userId}-${event}-${at}`, timestamp: new Date(at).toISOString() });
    const post = (batch: object[]) => ingest(new Request('http://x/v1/batch', { method: 'POST', headers: { authorization: basicAuthHeader('wk') }, body: JSON.stringify({ batch }) }));
    const signUps = [track('ada', 'Signed Up', T0), track('bea', 'Signed Up', T0)];
    await post(signUps);
    await post(signUps); // a client retry: no second welcome
    expect(decisions.map((d) => [d.customerId, d.message.rule])).toEqual([
      ['ada', 'journey:onboarding/welcome'],
      ['bea', 'journey:onboarding/welcome'],
    ]);
    const ada = await store.get({ kind: 'customer', id: 'ada' });
    expect(journeyPositions(ada?.memory ?? {})['onboarding']).toMatchObject({ status: 'active', step: 'wait-for-purchase', dueAt: T0 + 7 * DAY });
    expect(ada?.dueAt).toBe(T0 + 7 * DAY);

    clock = T0 + 2 * DAY;
    await post([track('bea', 'Order Completed', T0 + 2 * DAY, { order_id: 'o1', revenue: 20 })]);
    expect(decisions.slice(2).map((d) => [d.customerId, d.message.rule])).toEqual([['bea', 'journey:onboarding/recommendations']]);

    await ingest.close();
    ingest = open(); // a restart: the positions are in the store, not in the old handler
    clock = T0 + 7 * DAY; // ada's week is up; bea's 3-day settle (from day 2) came due at day 5
    expect(await ingest.wake()).toMatchObject({ woken: 2, decisions: 2 });
    expect(decisions.slice(3).map((d) => [d.customerId, d.message.rule]).sort()).toEqual([
      ['ada', 'journey:onboarding/nudge'],
      ['bea', 'journey:onboarding/engagement'],
    ]);
    expect(await ingest.wake()).toMatchObject({ woken: 0 }); // not twice
    const bea = await store.get({ kind: 'customer', id: 'bea' });
    expect(explainJourney(journeyTemplates.onboarding(), { position: journeyPositions(bea?.memory ?? {})['onboarding'], now: clock }).status).toBe('completed');
    await ingest.close();
  });
});
