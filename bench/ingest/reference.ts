/**
 * The single-process reference of the multi-instance runs: the same batches posted one after
 * another to one in-process ingest handler on the memory store (its decisions and stored
 * records), and the pure fold of the deduplicated events (`foldByCustomer`, with the
 * `Message Sent` event the handler records for each allowed decision). A run over several
 * instances and one database must end with the same states, memory and decisions.
 */
import { isDeepStrictEqual } from 'node:util';
import { foldByCustomer, KnownEvent, safeParseEvent, type CustomerState, type JsonObject, type RetainEvent } from '@retain/core';
import { basicAuthHeader, createMemoryStore, type CustomerStore, type IngestDecision, type StoredState } from '@retain/node';
import { BENCH_WRITE_KEY, createBenchIngest } from './bench-app.js';
import { batchAt, type Workload } from './workload.js';

/** What the reference run ends with. */
export interface Reference {
  /** Every decision, by id. */
  decisions: Map<string, IngestDecision>;
  /** The handler's stored customer records, by customer id. */
  records: Map<string, StoredState>;
  /** The fold of the deduplicated events (and the sends), by customer id. */
  folded: Map<string, CustomerState>;
  /** Totals of the fold: events, orders and revenue over all customers. */
  totals: Totals;
}

/** Sums over all customers, to say how many were lost or counted twice. */
export interface Totals {
  customers: number;
  events: number;
  orders: number;
  revenue: number;
}

/** Sums `states`. */
export function totalsOf(states: Iterable<CustomerState>): Totals {
  const totals: Totals = { customers: 0, events: 0, orders: 0, revenue: 0 };
  for (const s of states) {
    totals.customers++;
    totals.events += s.eventCount;
    totals.orders += s.transactions.orders;
    totals.revenue += s.transactions.revenue;
  }
  return totals;
}

/** Posts batches `0 … batches-1` of `workload` in order to one handler; folds them. */
export async function referenceRun(batches: number, workload: Workload): Promise<Reference> {
  const store = createMemoryStore();
  const decisions = new Map<string, IngestDecision>();
  const ingest = createBenchIngest(store, (d) => void decisions.set(d.id, d), { outbox: { leaseMs: 30_000, redeliverEveryMs: 3_600_000 } });
  const events: RetainEvent[] = [];
  const auth = basicAuthHeader(BENCH_WRITE_KEY);
  for (let b = 0; b < batches; b++) {
    const batch = batchAt(b, workload);
    const res = await ingest(new Request('http://127.0.0.1/v1/batch', { method: 'POST', headers: { authorization: auth }, body: JSON.stringify({ batch }) }));
    if (res.status !== 200) throw new Error(`reference run: batch ${b} answered ${res.status}: ${await res.text()}`);
    await res.body?.cancel();
    for (const raw of batch) {
      const parsed = safeParseEvent(raw);
      if (!parsed.success) throw new Error(`reference run: event ${String(raw['messageId'])} does not parse`);
      events.push(parsed.event);
    }
  }
  await ingest.close();
  const records = new Map<string, StoredState>();
  for await (const record of store.list('customer')) records.set(record.state.id, record);
  const byMessageId = new Map(events.map((e) => [e.messageId, e]));
  const sends = [...decisions.values()].filter((d) => d.allowed).map((d) => sentEventOf(d, byMessageId.get(d.trigger.messageId)));
  const folded = foldByCustomer([...events, ...sends]);
  return { decisions, records, folded, totals: totalsOf(folded.values()) };
}

/** The `Message Sent` event the ingest handler folds for an allowed decision (as `ingest-batch.ts` writes it). */
function sentEventOf(d: IngestDecision, trigger: RetainEvent | undefined): RetainEvent {
  const properties: JsonObject = { message_id: d.message.id, channel: d.message.channel, rule: d.message.rule };
  if (d.message.campaign !== undefined) properties['campaign'] = d.message.campaign;
  if (d.score !== null) properties['score'] = d.score;
  return {
    type: 'track',
    event: KnownEvent.MessageSent,
    properties,
    messageId: `sent:${d.trigger.messageId}:${d.message.rule}:${d.message.id}`,
    timestamp: new Date(d.at).toISOString(),
    userId: trigger?.userId ?? d.customerId,
    ...(trigger?.anonymousId === undefined ? {} : { anonymousId: trigger.anonymousId }),
  } as RetainEvent;
}

/** How a store's final records differ from the reference. */
export interface Comparison {
  totals: Totals;
  /** Customers whose state differs from the fold (or is missing or extra), first 10. */
  stateMismatches: string[];
  /** Customers whose record (state, memory, due time) differs from the single-process run's, first 10. */
  recordMismatches: string[];
  /** Decision ids missing from `delivered`, first 10, and how many. */
  missingDecisions: { count: number; first: string[] };
  /** Delivered decision ids the reference never made, or made differently. */
  wrongDecisions: { count: number; first: string[] };
}

/** Reads every customer of `store` and compares with `reference`; `delivered`: the decisions the instances delivered (repeats allowed). */
export async function compareWithReference(store: CustomerStore, reference: Reference, delivered: Iterable<IngestDecision>): Promise<Comparison> {
  const states: CustomerState[] = [];
  const stateMismatches: string[] = [];
  const recordMismatches: string[] = [];
  const seen = new Set<string>();
  for await (const record of store.list('customer')) {
    const id = record.state.id;
    seen.add(id);
    states.push(record.state);
    if (!isDeepStrictEqual(record.state, reference.folded.get(id))) stateMismatches.push(id);
    const single = reference.records.get(id);
    if (single === undefined || !isDeepStrictEqual([record.state, record.memory, record.dueAt], [single.state, single.memory, single.dueAt])) recordMismatches.push(id);
  }
  for (const id of reference.folded.keys()) if (!seen.has(id)) stateMismatches.push(`${id} (missing)`);
  const got = new Map<string, IngestDecision>();
  const wrong: string[] = [];
  for (const d of delivered) {
    const expected = reference.decisions.get(d.id);
    if (expected === undefined || !isDeepStrictEqual(JSON.parse(JSON.stringify(d)), JSON.parse(JSON.stringify(expected)))) wrong.push(d.id);
    got.set(d.id, d);
  }
  const missing = [...reference.decisions.keys()].filter((id) => !got.has(id));
  return {
    totals: totalsOf(states),
    stateMismatches: stateMismatches.slice(0, 10),
    recordMismatches: recordMismatches.slice(0, 10),
    missingDecisions: { count: missing.length, first: missing.slice(0, 10) },
    wrongDecisions: { count: wrong.length, first: wrong.slice(0, 10) },
  };
}
