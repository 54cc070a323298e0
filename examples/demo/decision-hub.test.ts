import { describe, expect, it } from 'vitest';
import type { IngestDecision } from '@retain/node';
import { createDecisionHub } from './decision-hub.js';

const decision = (customerId: string, rule: string): IngestDecision => ({
  id: `${customerId}/m/${rule}/${rule}-msg`,
  customerId,
  accountId: null,
  trigger: { messageId: 'm', type: 'track', event: 'Feedback Given', timestamp: '2026-11-22T10:00:00.000Z' },
  message: { rule, id: `${rule}-msg`, channel: 'email' },
  allowed: true,
  reasons: ['ok'],
  score: 4,
  goodwill: { before: 0, after: 12 },
  at: Date.parse('2026-11-22T10:00:00Z'),
});

async function read(response: Response, until: (text: string) => boolean): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  while (!until(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  await reader.cancel();
  return text;
}

describe('createDecisionHub', () => {
  it('replays recent decisions and streams new ones as Server-Sent Events, only about the customer asked for', async () => {
    const hub = createDecisionHub();
    hub.publish(decision('ada', 'welcome'));
    hub.publish(decision('bob', 'welcome'));
    const stream = hub.stream(undefined, 'ada');
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    hub.publish(decision('bob', 'winback'));
    hub.publish(decision('ada', 'feedback-response'));
    const text = await read(stream, (t) => t.includes('feedback-response'));
    const events = text.split('\n\n').filter((frame) => frame.startsWith('id:'));
    expect(events.map((frame) => JSON.parse(frame.split('data: ')[1] ?? '{}') as { customerId: string; rule: string }).map((d) => [d.customerId, d.rule])).toEqual([
      ['ada', 'welcome'],
      ['ada', 'feedback-response'],
    ]);
    hub.close();
  });

  it('keeps a bounded history and ends open streams on close', async () => {
    const hub = createDecisionHub({ history: 2 });
    for (const rule of ['a', 'b', 'c']) hub.publish(decision('ada', rule));
    expect(hub.recent().map((d) => d.rule)).toEqual(['b', 'c']);
    const stream = hub.stream();
    hub.close();
    const text = await read(stream, () => false);
    expect(text).toContain('"rule":"c"');
  });
});
