/**
 * @internal One batch, inside one store transaction: drop what was already received, route each
 * event to its customer through the identity links, merge an anonymous visitor into the user
 * they became, fold the events into account and customer states, run the rules and send
 * checks, and write states, message ids, links and decisions together.
 *
 * Runs again from the start when the store retries the transaction, so it keeps every effect
 * inside the transaction and its returned outcome.
 */
import { accountIdOf, applyEvent, applyEventInPlace, createCustomerState, KnownEvent } from '@retain/core';
import type { CustomerState, JsonObject, RetainEvent } from '@retain/core';
import { stateKey, type NextState, type StateRef, type StoredState, type StoreTransaction } from '../stores/customer-store.js';
import type { IngestDecision, ProposedMessage, RulesContext, RulesOutcome, SendContext, SendVerdict } from './decision.js';
import type { WakeHooks } from './engine-adapters.js';
import { copyState } from './copy-state.js';
import { mergeRecords } from './merge-records.js';

/** The hooks a batch runs, resolved from the handler's options. */
export interface BatchHooks {
  rules: ((context: RulesContext) => RulesOutcome | Promise<RulesOutcome>) | undefined;
  policy: (context: SendContext) => SendVerdict | Promise<SendVerdict>;
  /** When the customer next needs an evaluation without an event. */
  dueAt: WakeHooks['dueAt'] | undefined;
  /** That evaluation. */
  wake: WakeHooks['wake'] | undefined;
}

/** What a batch did. */
export interface BatchOutcome {
  applied: number;
  /** The `messageId`s of the events folded (the others were repeats), when asked for (`BatchContext.trackApplied`). */
  appliedIds?: Set<string>;
  duplicates: number;
  decisions: IngestDecision[];
  /** Errors thrown by the rules or the send checks (the events were stored). */
  errors: unknown[];
}

/** The batch's settings. */
export interface BatchContext {
  at: number;
  hooks: BatchHooks;
  /** Decisions are queued in the outbox, claimed by this process until this time; `null`: no outbox (nobody receives them). */
  claimUntil: number | null;
  /** Record which events were folded (`BatchOutcome.appliedIds`): batches folded together need it to tell each its share. */
  trackApplied?: boolean;
}

const customerRef = (id: string): StateRef => ({ kind: 'customer', id });

/**
 * A state this batch may fold into in place: the record's own when the store hands out records
 * nobody else holds (`tx.ownedReads`), else a copy (one per record and batch, not one per event);
 * a new state when there is no record.
 */
function draftOf(start: StoredState | NextState | undefined, owned: boolean, id: string, kind?: 'account'): CustomerState {
  if (start === undefined) return createCustomerState(id, kind);
  return owned ? start.state : copyState(start.state);
}

/** Folds `events` (already without repeats inside the batch) in `tx`. */
export async function ingestBatch(tx: StoreTransaction, events: readonly RetainEvent[], context: BatchContext): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { applied: 0, duplicates: 0, decisions: [], errors: [] };
  if (context.trackApplied === true) outcome.appliedIds = new Set();
  const messageIds = events.map((e) => e.messageId);
  // One round trip where the store offers it: the links of every anonymous id of the batch (a superset of those asked below).
  const prefetched = tx.seenAndLinks === undefined ? undefined : await tx.seenAndLinks(messageIds, anonymousIdsOf(events));
  const known = prefetched?.seen ?? (await tx.seen(messageIds));
  const fresh = known.size === 0 ? events : events.filter((e) => !known.has(e.messageId));
  outcome.duplicates += events.length - fresh.length;
  if (fresh.length === 0) return outcome;

  // Identity: the stored link of an anonymous id wins (the first link is kept); new links come from this batch.
  const batchLinks = new Map<string, string>();
  const anonymousOnly = new Set<string>();
  for (const e of fresh) {
    if (e.anonymousId === undefined) continue;
    if (e.userId === undefined) anonymousOnly.add(e.anonymousId);
    else if (e.userId !== e.anonymousId && !batchLinks.has(e.anonymousId)) batchLinks.set(e.anonymousId, e.userId);
  }
  const asked = new Set([...anonymousOnly, ...batchLinks.keys()]);
  const stored = prefetched?.links ?? (asked.size === 0 ? new Map<string, string>() : await tx.links([...asked]));
  const newLinks: Array<readonly [string, string]> = [];
  for (const [anonymousId, userId] of batchLinks) if (!stored.has(anonymousId)) newLinks.push([anonymousId, userId]);
  const userOf = (anonymousId: string) => stored.get(anonymousId) ?? batchLinks.get(anonymousId);
  const customerOf = (e: RetainEvent) => e.userId ?? (e.anonymousId === undefined ? '' : (userOf(e.anonymousId) ?? e.anonymousId));

  const byAccount = groupBy(fresh, accountIdOf);
  const byCustomer = groupBy(fresh, customerOf);
  const refs: StateRef[] = [...[...byAccount.keys()].map((id): StateRef => ({ kind: 'account', id })), ...[...byCustomer.keys()].map(customerRef)];
  for (const [anonymousId] of newLinks) if (!byCustomer.has(anonymousId)) refs.push(customerRef(anonymousId));
  const records = await tx.read(refs);

  // A visitor who just became a user: their anonymous record continues in the user's (merged when both exist).
  const starts = new Map<string, StoredState | NextState>();
  for (const [anonymousId, userId] of newLinks) {
    const anonymous = records.get(stateKey(customerRef(anonymousId)));
    if (anonymous === undefined || !byCustomer.has(userId)) continue;
    const user = starts.get(userId) ?? records.get(stateKey(customerRef(userId)));
    starts.set(userId, mergeRecords(user, anonymous, userId));
    tx.remove(customerRef(anonymousId));
  }

  const accounts = new Map<string, CustomerState>();
  for (const [id, list] of byAccount) {
    const ref: StateRef = { kind: 'account', id };
    const current = records.get(stateKey(ref));
    const state = draftOf(current, tx.ownedReads === true, id, 'account');
    for (const event of list) applyEventInPlace(state, event);
    accounts.set(id, state);
    tx.write(ref, current, { state, memory: current?.memory ?? {}, dueAt: current?.dueAt ?? null });
  }

  for (const [id, list] of byCustomer) {
    const ref = customerRef(id);
    const current = records.get(stateKey(ref));
    const merged = starts.get(id);
    // A merged record may share parts with the records it came from: copied like a shared one.
    const next = await foldCustomer(merged ?? current, merged === undefined && tx.ownedReads === true, id, list, accounts, context, outcome);
    tx.write(ref, current, next);
  }

  tx.remember(
    fresh.map((e) => e.messageId),
    context.at,
  );
  if (newLinks.length > 0) tx.link(newLinks, context.at);
  if (context.claimUntil !== null && outcome.decisions.length > 0) {
    tx.enqueue(
      outcome.decisions.map((d) => ({ id: d.id, customerId: d.customerId, payload: d as unknown as JsonObject, createdAt: d.at })),
      context.claimUntil,
    );
  }
  return outcome;
}

async function foldCustomer(
  start: StoredState | NextState | undefined,
  owned: boolean,
  id: string,
  events: readonly RetainEvent[],
  accounts: ReadonlyMap<string, CustomerState>,
  context: BatchContext,
  outcome: BatchOutcome,
): Promise<NextState> {
  const { at, hooks } = context;
  // One state folded in place through the batch: the hooks see it after each event (and each send).
  const state = draftOf(start, owned, id);
  let memory: JsonObject = start?.memory ?? {};
  for (const event of events) {
    if (!applyEventInPlace(state, event)) {
      outcome.duplicates++;
      continue;
    }
    outcome.applied++;
    outcome.appliedIds?.add(event.messageId);
    if (hooks.rules === undefined) continue;
    const accountId = state.identity.accountId;
    const account = accountId === null ? undefined : accounts.get(accountId);
    let proposed: RulesOutcome;
    try {
      proposed = await hooks.rules({ state, account, event, now: at, memory });
    } catch (error) {
      outcome.errors.push(error);
      continue;
    }
    memory = (await decide(id, accountId, state, memory, proposed, event, context, outcome, applyEventInPlace)).memory;
  }
  return { state, memory, dueAt: nextDue(state, memory, start?.dueAt ?? null, context, outcome) };
}

function nextDue(state: CustomerState, memory: JsonObject, previous: number | null, { at, hooks }: BatchContext, outcome: BatchOutcome): number | null {
  if (hooks.dueAt === undefined) return previous;
  try {
    return hooks.dueAt({ state, memory, now: at });
  } catch (error) {
    outcome.errors.push(error);
    return previous;
  }
}

/** What `trigger` stands for in a decision made at a wake-up (no event). */
interface WakeTrigger {
  messageId: string;
  timestamp: string;
}

/**
 * Checks each proposed message with the send policy, records the decisions (and the
 * `Message Sent` of the allowed ones, through `fold`: in place into a state the batch owns, or
 * by `applyEvent` into a new one) and the rules' memory.
 */
async function decide(
  id: string,
  accountId: string | null,
  state: CustomerState,
  memory: JsonObject,
  proposed: RulesOutcome,
  trigger: RetainEvent | WakeTrigger,
  { at, hooks }: BatchContext,
  outcome: BatchOutcome,
  fold: ((draft: CustomerState, event: RetainEvent) => boolean) | undefined,
): Promise<{ state: CustomerState; memory: JsonObject }> {
  if (proposed.memory !== undefined) memory = proposed.memory;
  const event = 'type' in trigger ? trigger : undefined;
  for (const message of proposed.messages) {
    let verdict: SendVerdict;
    try {
      verdict = await hooks.policy({ state, message, now: at, memory });
    } catch (error) {
      outcome.errors.push(error);
      continue;
    }
    if (verdict.memory !== undefined) memory = verdict.memory;
    outcome.decisions.push({
      id: `${id}/${trigger.messageId}/${message.rule}/${message.id}`,
      customerId: id,
      accountId,
      trigger: { messageId: trigger.messageId, type: event?.type ?? 'track', event: event?.type === 'track' ? event.event : null, timestamp: trigger.timestamp },
      message,
      allowed: verdict.allowed,
      reasons: [...verdict.reasons],
      score: verdict.score ?? message.score ?? null,
      goodwill: verdict.goodwill ?? null,
      at,
    });
    memory = countDecision(memory, message.rule, verdict.allowed, at);
    const sent = verdict.score === undefined ? message : { ...message, score: verdict.score };
    if (!verdict.allowed) continue;
    const sentAt = sentEvent(event ?? { messageId: trigger.messageId, userId: id }, sent, at);
    if (fold === undefined) state = applyEvent(state, sentAt);
    else fold(state, sentAt);
  }
  return { state, memory };
}

/**
 * A wake-up: the customers whose `dueAt` has come, evaluated without an event (time-based rules,
 * journeys' waits) in one transaction; their decisions go to the outbox like any other.
 */
export async function wakeBatch(tx: StoreTransaction, refs: readonly StateRef[], context: BatchContext): Promise<BatchOutcome & { woken: number }> {
  const outcome: BatchOutcome & { woken: number } = { applied: 0, duplicates: 0, decisions: [], errors: [], woken: 0 };
  const wake = context.hooks.wake;
  if (wake === undefined) return outcome;
  const records = await tx.read(refs);
  for (const ref of refs) {
    const current = records.get(stateKey(ref));
    const dueAt = current?.dueAt;
    // Another instance may have woken it, or an event moved its wake-up, since it was listed.
    if (current === undefined || dueAt === undefined || dueAt === null || dueAt > context.at) continue;
    outcome.woken++;
    let proposed: RulesOutcome;
    try {
      proposed = await wake({ state: current.state, memory: current.memory, now: context.at });
    } catch (error) {
      outcome.errors.push(error);
      continue;
    }
    const trigger = { messageId: `wake:${dueAt}`, timestamp: new Date(context.at).toISOString() };
    // The stored state is not the wake-up's own: an allowed send is folded by applyEvent, into a new state.
    const next = await decide(ref.id, current.state.identity.accountId, current.state, current.memory, proposed, trigger, context, outcome, undefined);
    let due = nextDue(next.state, next.memory, null, context, outcome);
    if (due !== null && due <= context.at) due = null; // nothing later is asked for: do not wake it again at once
    tx.write(ref, current, { state: next.state, memory: next.memory, dueAt: due });
  }
  if (context.claimUntil !== null && outcome.decisions.length > 0) {
    tx.enqueue(
      outcome.decisions.map((d) => ({ id: d.id, customerId: d.customerId, payload: d as unknown as JsonObject, createdAt: d.at })),
      context.claimUntil,
    );
  }
  return outcome;
}

/**
 * What the rules decided for this customer, per rule, kept in the record's memory as
 * `decided: { [rule]: { allowed, refused, lastAt } }` (dashboards read it from the store).
 */
export interface DecisionCounts {
  [rule: string]: { allowed: number; refused: number; lastAt: number };
}

function countDecision(memory: JsonObject, rule: string, allowed: boolean, at: number): JsonObject {
  const decided = { ...((memory['decided'] as unknown as DecisionCounts | undefined) ?? {}) };
  const count = decided[rule] ?? { allowed: 0, refused: 0, lastAt: at };
  decided[rule] = { allowed: count.allowed + (allowed ? 1 : 0), refused: count.refused + (allowed ? 0 : 1), lastAt: at };
  return { ...memory, decided: decided as unknown as JsonObject };
}

/** The `Message Sent` event recorded for an allowed message, so goodwill and frequency see it. */
function sentEvent(trigger: Pick<RetainEvent, 'messageId' | 'userId' | 'anonymousId'>, message: ProposedMessage, at: number): RetainEvent {
  const properties: JsonObject = { message_id: message.id, channel: message.channel, rule: message.rule };
  if (message.campaign !== undefined) properties['campaign'] = message.campaign;
  if (message.score !== undefined) properties['score'] = message.score;
  return {
    type: 'track',
    event: KnownEvent.MessageSent,
    properties,
    messageId: `sent:${trigger.messageId}:${message.rule}:${message.id}`,
    timestamp: new Date(at).toISOString(),
    ...(trigger.userId === undefined ? {} : { userId: trigger.userId }),
    ...(trigger.anonymousId === undefined ? {} : { anonymousId: trigger.anonymousId }),
  };
}

function groupBy(events: readonly RetainEvent[], keyOf: (event: RetainEvent) => string | undefined): Map<string, RetainEvent[]> {
  const groups = new Map<string, RetainEvent[]>();
  for (const event of events) {
    const key = keyOf(event);
    if (key === undefined || key === '') continue;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [event]);
    else list.push(event);
  }
  return groups;
}

function anonymousIdsOf(events: readonly RetainEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events) if (e.anonymousId !== undefined) ids.add(e.anonymousId);
  return [...ids];
}
