/**
 * The ingest handler of the benches and the multi-instance tests, in one place: the webhook
 * example's rules and messages, the default send policy, the workload's fixed clock. Every server
 * process and the single-process reference run build it from here, so they decide alike.
 */
import { createIngestHandler, defaultPolicy, type CustomerStore, type IngestDecision, type IngestHandler, type IngestOptions } from '@retain/node';
import { WEBHOOK_MESSAGES, WEBHOOK_RULES } from '../../examples/node-webhook/webhook-app.js';
import { DEFAULT_WORKLOAD } from './workload.js';

/** The write key the load generator sends. */
export const BENCH_WRITE_KEY = 'wk_bench';

/** The bench's ingest handler over `store`; `extra` overrides options (outbox, maxInFlight…). */
export function createBenchIngest(store: CustomerStore, onDecision: (decision: IngestDecision) => void | Promise<void>, extra: Partial<IngestOptions> = {}): IngestHandler {
  return createIngestHandler({
    writeKeys: [BENCH_WRITE_KEY],
    store,
    rules: WEBHOOK_RULES,
    policy: defaultPolicy,
    messages: WEBHOOK_MESSAGES,
    cors: false,
    now: () => DEFAULT_WORKLOAD.now,
    onDecision,
    onError: (error) => console.error(error),
    ...extra,
  });
}
