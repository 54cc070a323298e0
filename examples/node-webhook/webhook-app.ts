/**
 * A node webhook server with rules: the `@retain/node` ingest handler, a few rule templates, the
 * default send policy, and `onDecision` writing each decision as one JSON line (hand it to your
 * email/SMS provider instead).
 */
import { createIngestHandler, createMemoryStore, defaultPolicy, templates } from '@retain/node';
import type { CustomerStore, FetchHandler, IngestDecision, MessageCatalogue, RuleJson } from '@retain/node';

/** The rules of this example: ready-made templates of `@retain/node` (see the rules guide). */
export const WEBHOOK_RULES: readonly RuleJson[] = [
  ...templates.welcomeSeries({ days: [0] }),
  templates.paymentFailed(),
  templates.feedbackResponse(),
  templates.consecutiveNegativeFeedback(),
].map((builder) => builder.toJSON());

/** How the messages score (DOMAIN.md §3), by message key (a template's message, else its campaign). */
export const WEBHOOK_MESSAGES: MessageCatalogue = {
  'welcome-series-1': { value: 'high', effort: 'low', relevantTo: ['Signed Up'] },
  'payment-failed': { value: 'high', effort: 'low', relevantTo: ['Payment Failed'] },
  'feedback-response': { value: 'high', effort: 'low', relevantTo: ['Feedback Given'] },
  'consecutive-negative-feedback': { value: 'high', effort: 'low', relevantTo: ['Feedback Given'] },
};

/** Options of {@link createWebhookApp}. */
export interface WebhookAppOptions {
  writeKeys: readonly string[];
  /** Receives each decision. @default one JSON line on stdout */
  onDecision?: (decision: IngestDecision) => void;
  store?: CustomerStore;
  /** The clock (epoch ms). @default Date.now */
  now?: () => number;
}

/**
 * The webhook's Fetch handler and store.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { toNodeListener } from '@retain/node';
 * import { createWebhookApp } from './webhook-app.js';
 * const { handler } = createWebhookApp({ writeKeys: ['wk_server'] });
 * createServer(toNodeListener(handler)).listen(8787, '127.0.0.1');
 * ```
 */
export function createWebhookApp(options: WebhookAppOptions): { handler: FetchHandler; store: CustomerStore } {
  const store = options.store ?? createMemoryStore();
  const log = options.onDecision ?? ((d: IngestDecision) => process.stdout.write(`${JSON.stringify(decisionLine(d))}\n`));
  const ingest = createIngestHandler({ writeKeys: options.writeKeys, store, rules: WEBHOOK_RULES, policy: defaultPolicy, messages: WEBHOOK_MESSAGES, cors: false, onDecision: log, ...(options.now === undefined ? {} : { now: options.now }) });
  const handler: FetchHandler = async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/v1/batch') return ingest(request);
    if (pathname === '/health') return new Response('ok');
    return new Response('not found: POST batches to /v1/batch', { status: 404 });
  };
  return { handler, store };
}

/** One decision as a log line. */
export function decisionLine(d: IngestDecision) {
  return { at: new Date(d.at).toISOString(), customer: d.customerId, rule: d.message.rule, message: d.message.id, channel: d.message.channel, allowed: d.allowed, reasons: d.reasons };
}
