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
  // Acknowledgements go out one statement at a time: the ids delivered while one is under way
  // wait and go together in the next (under load, one DELETE and commit for several batches).
  let pending: string[] = [];
  let waiting: Array<() => void> = [];
  let acking = false;
  const sendAcks = () => {
    const ids = pending;
    const done = waiting;
    pending = [];
    waiting = [];
    acking = true;
    void store
      .ackOutbox(ids)
      .catch(onError)
      .then(() => {
        acking = false;
        for (const resolve of done) resolve();
        if (pending.length > 0) sendAcks();
      });
  };
  /** Removes `ids` from the outbox; resolves when the statement that carried them is done (failures go to onError). */
  const acknowledge = (ids: readonly string[]): Promise<void> =>
    new Promise<void>((resolve) => {
      pending.push(...ids);
      waiting.push(resolve);
      if (!acking) sendAcks();
    });

  const deliverAll = async (decisions: readonly IngestDecision[], waitForAck: boolean): Promise<number> => {
    const delivered: string[] = [];
    for (const decision of decisions) {
      try {
        await onDecision(decision);
        delivered.push(decision.id);
      } catch (error) {
        onError(error);
      }
    }
    if (delivered.length > 0) {
      const ack = acknowledge(delivered);
      if (waitForAck) await ack;
    }
    return delivered.length;
  };
  let pass: Promise<number> | undefined;
  return {
    /**
     * Delivers the decisions of a batch that just committed (in batch order). Resolves once
     * `onDecision` has: the acknowledgement goes on meanwhile, so that a database that stalls
     * right after the commit does not hold the answer (an acknowledgement that is lost means
     * one more delivery, which the stable id makes harmless).
     */
    deliver: (decisions: readonly IngestDecision[]) => deliverAll(decisions, false),
    /** Claims and delivers what is left in the outbox; one pass at a time. Resolves to how many were delivered. */
    redeliver(limit = 100): Promise<number> {
      pass ??= (async () => {
        let total = 0;
        try {
          for (;;) {
            const entries = await store.claimOutbox(limit, leaseMs);
            if (entries.length === 0) return total;
            total += await deliverAll(
              entries.map((e) => e.payload as unknown as IngestDecision),
              true,
            );
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
