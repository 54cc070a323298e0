/**
 * @internal Hands decisions to `onDecision` after their transaction committed, and removes them
 * from the outbox once delivered. What could not be delivered (the hook threw, or the process
 * died) stays, and is claimed again once its claim runs out: at least once, each decision with
 * its stable `id` so that a receiver can drop repeats.
 */
import type { CustomerStore } from '../stores/customer-store.js';
import type { IngestDecision } from './decision.js';

/** Options of {@link createOutboxDelivery}. */
export interface OutboxDeliveryOptions {
  store: CustomerStore;
  onDecision: (decision: IngestDecision) => void | Promise<void>;
  onError: (error: unknown) => void;
  /** How long a claimed decision is held before another process (or a later pass) may deliver it. */
  leaseMs: number;
}

/** Delivery of fresh decisions, and of those left in the outbox. */
export function createOutboxDelivery({ store, onDecision, onError, leaseMs }: OutboxDeliveryOptions) {
  const deliverAll = async (decisions: readonly IngestDecision[]): Promise<number> => {
    const delivered: string[] = [];
    for (const decision of decisions) {
      try {
        await onDecision(decision);
        delivered.push(decision.id);
      } catch (error) {
        onError(error);
      }
    }
    if (delivered.length > 0) await store.ackOutbox(delivered).catch(onError);
    return delivered.length;
  };
  let pass: Promise<number> | undefined;
  return {
    /** Delivers the decisions of a batch that just committed (in batch order). */
    deliver: deliverAll,
    /** Claims and delivers what is left in the outbox; one pass at a time. Resolves to how many were delivered. */
    redeliver(limit = 100): Promise<number> {
      pass ??= (async () => {
        let total = 0;
        try {
          for (;;) {
            const entries = await store.claimOutbox(limit, leaseMs);
            if (entries.length === 0) return total;
            total += await deliverAll(entries.map((e) => e.payload as unknown as IngestDecision));
            if (entries.length < limit) return total;
          }
        } finally {
          pass = undefined;
        }
      })();
      return pass;
    },
  };
}
