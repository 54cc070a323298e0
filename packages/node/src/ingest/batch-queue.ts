/**
 * @internal The batches waiting for the store. At most `lanes` store transactions run at once;
 * batches that arrive while they run wait, and the next transaction folds all the waiting ones
 * together (up to `maxEvents` events), as if the clients had sent one larger batch. A quiet
 * endpoint sends each batch alone at once; a busy one pays a transaction's fixed costs (its round
 * trips, its commit) once for several batches, which is most of what a small batch costs.
 *
 * Each batch learns its own share of the outcome: the events of its own that were folded or
 * were repeats, and the decisions its events triggered.
 */
import type { RetainEvent } from '@retain/core';
import type { BatchOutcome } from './ingest-batch.js';
import type { IngestDecision } from './decision.js';

/** @internal One batch's share of a transaction's outcome. */
export interface BatchShare {
  applied: number;
  duplicates: number;
  decisions: IngestDecision[];
}

/**
 * @internal Runs one transaction over `events` (without repeats); with `trackApplied`, the outcome
 * says which events were folded (`appliedIds`), as batches folded together need.
 */
export type RunBatch = (events: readonly RetainEvent[], trackApplied: boolean) => Promise<BatchOutcome>;

interface Waiting {
  events: readonly RetainEvent[];
  resolve: (share: BatchShare) => void;
  reject: (error: unknown) => void;
}

/** @internal A queue of batches in front of {@link RunBatch}, `lanes` transactions at a time. */
export function createBatchQueue(run: RunBatch, lanes: number, maxEvents: number): (events: readonly RetainEvent[]) => Promise<BatchShare> {
  const waiting: Waiting[] = [];
  let running = 0;

  const next = (): void => {
    while (running < lanes && waiting.length > 0) {
      // the waiting batches in order of arrival, up to maxEvents (always at least one)
      let count = 0;
      let take = 0;
      while (take < waiting.length && (take === 0 || count + (waiting[take] as Waiting).events.length <= maxEvents)) count += (waiting[take++] as Waiting).events.length;
      const group = waiting.splice(0, take);
      running++;
      void runGroup(group).finally(() => {
        running--;
        next();
      });
    }
  };

  const runGroup = async (group: Waiting[]): Promise<void> => {
    if (group.length === 1) {
      const only = group[0] as Waiting;
      try {
        const outcome = await run(only.events, false);
        only.resolve({ applied: outcome.applied, duplicates: outcome.duplicates, decisions: outcome.decisions });
      } catch (error) {
        only.reject(error);
      }
      return;
    }
    // One list of the batches' events; an id a later batch repeats is that batch's duplicate.
    const owner = new Map<string, number>();
    const events: RetainEvent[] = [];
    const repeated = group.map(() => 0);
    group.forEach((w, k) => {
      for (const event of w.events) {
        if (owner.has(event.messageId)) repeated[k]!++;
        else {
          owner.set(event.messageId, k);
          events.push(event);
        }
      }
    });
    let outcome: BatchOutcome;
    try {
      outcome = await run(events, true);
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    const shares: BatchShare[] = group.map((_, k) => ({ applied: 0, duplicates: repeated[k]!, decisions: [] }));
    const applied = outcome.appliedIds ?? new Set<string>();
    for (const [id, k] of owner) {
      const share = shares[k] as BatchShare;
      if (applied.has(id)) share.applied++;
      else share.duplicates++;
    }
    for (const decision of outcome.decisions) {
      const k = owner.get(decision.trigger.messageId);
      if (k !== undefined) (shares[k] as BatchShare).decisions.push(decision);
    }
    group.forEach((w, k) => w.resolve(shares[k] as BatchShare));
  };

  return (events) =>
    new Promise<BatchShare>((resolve, reject) => {
      waiting.push({ events, resolve, reject });
      next();
    });
}
