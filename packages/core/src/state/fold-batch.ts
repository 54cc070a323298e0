import type { JsonObject } from '../events/event-schema.js';
import { addAnonymousId, addMember, applyTrack, countAction, mergeTraits, recordActive, setAccountId, setUserId } from './apply-event.js';
import type { ActionStats, CustomerState } from './customer-state.js';
import { mergeSeen, wasSeen } from './dedupe.js';
import { ACTIVE, GROUP, IDENTIFY, KIND, KNOWN, NAME_SHIFT, PAGE, TRACK, type EventRows } from './event-batch.js';
import { loadHot, storeHot } from './hot-fields.js';

/**
 * @internal Per action name of a batch, the stats object of the state being folded (valid when
 * `owner[name]` is that state's serial number): an event's action is counted without looking its
 * name up in `actions` (a dictionary keyed by the customer's own strings).
 */
export interface ActionCache {
  stats: (ActionStats | undefined)[];
  owner: Int32Array;
}

/** @internal An empty cache for the action names of `batch`. */
export const newActionCache = (batch: EventRows): ActionCache => ({ stats: new Array<ActionStats | undefined>(batch.names.length), owner: new Int32Array(batch.names.length).fill(-1) });

// Scratch space for the events applied by a fold (reused from state to state, so only the window
// of remembered ids kept at the end is allocated per state).
let appliedTimes = new Float64Array(1024);
const appliedIds: string[] = [];

/** @internal Lets go of the message ids held in the scratch space (after a batch). */
export function releaseScratch(): void {
  appliedIds.length = 0;
}

/**
 * @internal Folds the rows `order[from, to)` of `batch` into `draft`: `order` is sorted by time and
 * `times[j]` is the time of row `order[j]`. `serial` tells this state's entries in `cache` apart.
 *
 * Duplicates are recognised as the one-at-a-time reducer does — same `messageId` and timestamp as
 * an event in the state's window or in this batch — but the window (`draft.seen`) is rebuilt once
 * at the end rather than per event.
 */
export function foldRows(draft: CustomerState, batch: EventRows, order: Int32Array, times: Float64Array, from: number, to: number, serial: number, cache: ActionCache): void {
  const before = draft.seen;
  const beforeLast = before.at.length === 0 ? -Infinity : (before.at[before.at.length - 1] as number);
  if (appliedTimes.length < to - from) appliedTimes = new Float64Array(Math.max(to - from, 2 * appliedTimes.length));
  const at = appliedTimes;
  let applied = 0;
  let runTime = NaN;
  let runStart = 0;
  let runIds: Set<string> | undefined;
  const hot = loadHot(draft);
  const customer = draft.kind === 'customer';
  const { info, account, message, detail, user, anonymous, names, strings } = batch;
  // The ids last added (adding one again changes nothing), so that a customer's usual id is not searched for per event.
  let lastAnonymous = -1;
  let lastMember = -1;
  for (let j = from; j < to; j++) {
    const p = order[j] as number;
    const t = times[j] as number;
    const id = message[p] as string;
    if (t !== runTime) {
      runTime = t;
      runStart = applied;
      runIds = undefined;
    }
    // A duplicate within the batch has the same time, so it is in the current run of equal times.
    let duplicate = false;
    if (runIds !== undefined) duplicate = runIds.has(id);
    else {
      for (let k = runStart; k < applied && !duplicate; k++) duplicate = appliedIds[k] === id;
      if (applied - runStart > 16) runIds = new Set(appliedIds.slice(runStart, applied));
    }
    if (duplicate || (t <= beforeLast && wasSeen(before, t, id))) continue;
    at[applied] = t;
    appliedIds[applied++] = id;
    runIds?.add(id);

    // What applyNewEvent does, from the columns.
    hot.eventCount++;
    if (t > hot.updatedAt) hot.updatedAt = t;
    const anonymousId = anonymous[p] as number;
    if (anonymousId >= 0 && customer && anonymousId !== lastAnonymous) {
      addAnonymousId(draft, strings[anonymousId] as string);
      lastAnonymous = anonymousId;
    }
    const userId = user[p] as number;
    if (userId >= 0) {
      if (customer) setUserId(hot, strings[userId] as string, t);
      else if (userId !== lastMember) {
        addMember(draft, strings[userId] as string);
        lastMember = userId;
      }
    }
    const accountId = account[p] as number;
    if (accountId >= 0) setAccountId(hot, strings[accountId] as string, t);
    const row = info[p] as number;
    const kind = row & KIND;
    if (kind === PAGE || kind === TRACK) {
      if ((row & ACTIVE) !== 0) recordActive(draft, t, hot);
      const name = row >>> NAME_SHIFT;
      let stats = cache.owner[name] === serial ? cache.stats[name] : undefined;
      if (stats === undefined) {
        cache.stats[name] = countAction(draft, names[name] as string, t);
        cache.owner[name] = serial;
      } else {
        stats.count++;
        if (t < stats.first) stats.first = t;
        if (t > stats.last) stats.last = t;
      }
      if ((row & KNOWN) !== 0) applyTrack(draft, names[name] as string, detail[p] as JsonObject, id, t, hot);
    } else if (kind === IDENTIFY ? customer : kind === GROUP && !customer) {
      const traits = detail[p];
      if (traits !== undefined) mergeTraits(draft, traits, t);
    }
  }
  storeHot(draft, hot);
  draft.seen = mergeSeen(before, at, appliedIds, applied);
}

/**
 * @internal Sorts `order[from, to)` (rows) and `times[from, to)` (their times, side by side) by
 * time, ties by row (stable). Streams are nearly in time order, so this is an insertion sort
 * (linear when little is out of place), which hands over to `Array.prototype.sort` as soon as the
 * input turns out to be badly shuffled. The times sit next to each other (not indexed by row),
 * so the sort and the fold read them from the cache rather than from all over memory.
 */
export function sortByTime(order: Int32Array, times: Float64Array, from: number, to: number): void {
  let budget = 8 * (to - from) + 64;
  for (let j = from + 1; j < to; j++) {
    const i = order[j] as number;
    const t = times[j] as number;
    let k = j - 1;
    while (k >= from && (times[k] as number) > t) {
      order[k + 1] = order[k] as number;
      times[k + 1] = times[k] as number;
      k--;
      if (--budget < 0) {
        order[k + 1] = i;
        times[k + 1] = t;
        const at = new Map<number, number>();
        for (let m = from; m < to; m++) at.set(order[m] as number, times[m] as number);
        const part = Array.from(order.subarray(from, to));
        part.sort((x, y) => (at.get(x) as number) - (at.get(y) as number) || x - y);
        order.set(part, from);
        for (let m = from; m < to; m++) times[m] = at.get(order[m] as number) as number;
        return;
      }
    }
    order[k + 1] = i;
    times[k + 1] = t;
  }
}
