import type { GroupEvent, IdentifyEvent, JsonObject, RetainEvent, TrackEvent } from '../events/event-schema.js';
import { KNOWN_TRACK, PAGE_VIEWED, accountIdOf, eventTime, isActive } from './apply-event.js';
import { setOwn } from './records.js';

/*
 * A batch of events as the batch folds read it: one column per fact that nearly every event
 * needs (time, kind, action name, user, anonymous and account id), read from the events in one
 * pass in the order given ({@link readBatch}), then laid out customer by customer ({@link layOut}).
 * The fold reads these columns in order instead of hopping between the event objects (each a
 * handful of objects and strings scattered over the heap), and touches an event object only for
 * what the columns do not hold (traits, the properties of a known track event).
 *
 * The columns are typed arrays (outside the JavaScript heap: nothing for the garbage collector
 * to trace, and cheap to allocate); ids and names are numbers, indexes into the batch's own
 * table of distinct strings.
 */

/** `info` bits: the kind of event (the low three bits). */
export const KIND = 7;
export const PAGE = 1;
export const TRACK = 2;
export const IDENTIFY = 3;
export const GROUP = 4;
/** `info` bit: the event is activity (a page view, or a track event that counts as activity, not sent with `context.active: false`). */
export const ACTIVE = 8;
/** `info` bit: a known track event (see `KNOWN_TRACK`), applied from the event object. */
export const KNOWN = 16;
/** `info >>> NAME_SHIFT`: the index of the action name in `names` (page views and track events). */
export const NAME_SHIFT = 5;

/** @internal The columns of a batch, row `i` being event `list[i]` (see the module comment). */
export interface EventColumns {
  readonly list: readonly RetainEvent[];
  readonly times: Float64Array;
  readonly info: Int32Array;
  /** `userId`, `anonymousId` and account id (`accountIdOf`) as indexes into `strings`, -1 when absent. */
  readonly user: Int32Array;
  readonly anonymous: Int32Array;
  readonly account: Int32Array;
  /** The distinct ids of the batch. */
  readonly strings: readonly string[];
  /** The distinct action names of the batch. */
  readonly names: readonly string[];
}

/** @internal The rows of a batch laid out group by group: row `p` is event `list[index[p]]`. */
export interface EventRows extends EventColumns {
  readonly index: Int32Array;
  /** `messageId` of row `p` (these two arrays may be longer than the batch). */
  readonly message: readonly string[];
  /** The properties of a known track event, the traits of an identify or group call (else undefined). */
  readonly detail: readonly (JsonObject | undefined)[];
  /** Group `g` is rows `[offsets[g], offsets[g + 1])`. */
  readonly offsets: Int32Array;
}

/**
 * @internal Reads the columns of `list`, in its order.
 * @throws {InvalidEventError} when an event's timestamp is not a date (before anything is folded).
 */
export function readBatch(list: readonly RetainEvent[]): EventColumns {
  const n = list.length;
  const times = new Float64Array(n);
  const info = new Int32Array(n);
  const user = new Int32Array(n);
  const anonymous = new Int32Array(n);
  const account = new Int32Array(n);
  const stringIds = new Map<string, number>();
  const strings: string[] = [];
  const intern = (s: string): number => {
    let id = stringIds.get(s);
    if (id === undefined) {
      id = strings.length;
      stringIds.set(s, id);
      strings.push(s);
      sameId.push(undefined);
      sameIdAs.push(-1);
      sameAccount.push(undefined);
      sameAccountAs.push(-1);
    }
    return id;
  };
  // Per id (a userId, or the anonymousId of an event without one): the anonymousId and the
  // account of its last event, and their ids, so that a customer's usual ids are looked up once.
  const sameId: (string | undefined)[] = [];
  const sameIdAs: number[] = [];
  const sameAccount: (string | undefined)[] = [];
  const sameAccountAs: number[] = [];
  // Action names: each distinct name once, with its bits (known, activity) worked out once.
  const nameIds = new Map<string, number>();
  const names: string[] = [];
  const bits: number[] = [];
  for (let i = 0; i < n; i++) {
    const event = list[i] as RetainEvent;
    times[i] = eventTime(event);
    const type = event.type;
    let row: number;
    if (type === 'page' || type === 'track') {
      const name = type === 'page' ? PAGE_VIEWED : event.event;
      let id = nameIds.get(name);
      if (id === undefined) {
        id = names.length;
        nameIds.set(name, id);
        names.push(asKey(name));
        const known = KNOWN_TRACK.get(name);
        bits.push(known === undefined ? ACTIVE : known ? ACTIVE | KNOWN : KNOWN);
      }
      row = type === 'page' ? PAGE | ACTIVE : TRACK | (bits[id] as number);
      if ((row & ACTIVE) !== 0 && !isActive(event.context)) row &= ~ACTIVE;
      row |= id << NAME_SHIFT;
    } else row = type === 'identify' ? IDENTIFY : type === 'group' ? GROUP : 0;
    info[i] = row;
    const { userId, anonymousId } = event;
    let u = -1;
    let a = -1;
    let owner: number;
    if (userId !== undefined) {
      owner = u = intern(userId);
      if (anonymousId !== undefined) {
        if (anonymousId === sameId[u]) a = sameIdAs[u] as number;
        else {
          a = intern(anonymousId);
          sameId[u] = anonymousId;
          sameIdAs[u] = a;
        }
      }
    } else owner = a = anonymousId === undefined ? -1 : intern(anonymousId);
    user[i] = u;
    anonymous[i] = a;
    const accountId = accountIdOf(event);
    let c = -1;
    if (accountId !== undefined) {
      if (owner >= 0 && accountId === sameAccount[owner]) c = sameAccountAs[owner] as number;
      else {
        c = intern(accountId);
        if (owner >= 0) {
          sameAccount[owner] = accountId;
          sameAccountAs[owner] = c;
        }
      }
    }
    account[i] = c;
  }
  return { list, times, info, user, anonymous, account, strings, names };
}

/**
 * The same string as a property key: V8 keeps property names in its string table, so a key read
 * from an event (a fresh copy) would be looked up there on every use as a key; this is looked up once.
 */
function asKey(name: string): string {
  const record: Record<string, number> = {};
  setOwn(record, name, 0);
  return Object.keys(record)[0] ?? name;
}

// The message ids and details of the rows: JavaScript arrays reused from batch to batch, since a
// fresh array of a million elements costs more than the whole column of numbers.
const messages: (string | undefined)[] = [];
const details: (JsonObject | undefined)[] = [];
const MAX_REUSED = 1 << 20;

/**
 * @internal The rows of `batch` grouped: the rows of group `g` (`group[i]`, -1: left out) at
 * `[offsets[g], offsets[g + 1])`, in the order given within a group (a counting sort: one pass to
 * count, one to move, each reading the columns in order). Call {@link releaseRows} when done.
 */
export function layOut(batch: EventColumns, group: Int32Array, groups: number): EventRows {
  const n = group.length;
  const offsets = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) {
    const g = group[i] as number;
    if (g >= 0) offsets[g + 1] = (offsets[g + 1] as number) + 1;
  }
  for (let g = 0; g < groups; g++) offsets[g + 1] = (offsets[g + 1] as number) + (offsets[g] as number);
  const m = offsets[groups] as number;
  const cursor = offsets.slice(0, groups);
  const index = new Int32Array(m);
  const times = new Float64Array(m);
  const info = new Int32Array(m);
  const user = new Int32Array(m);
  const anonymous = new Int32Array(m);
  const account = new Int32Array(m);
  const reuse = m <= MAX_REUSED;
  const message = reuse ? messages : new Array<string | undefined>(m);
  const detail = reuse ? details : new Array<JsonObject | undefined>(m);
  grow(message, m);
  grow(detail, m);
  const { list } = batch;
  for (let i = 0; i < n; i++) {
    const g = group[i] as number;
    if (g < 0) continue;
    const p = cursor[g] as number;
    cursor[g] = p + 1;
    index[p] = i;
    times[p] = batch.times[i] as number;
    const row = batch.info[i] as number;
    info[p] = row;
    user[p] = batch.user[i] as number;
    anonymous[p] = batch.anonymous[i] as number;
    account[p] = batch.account[i] as number;
    const event = list[i] as RetainEvent;
    message[p] = event.messageId;
    const kind = row & KIND;
    detail[p] = (row & KNOWN) !== 0 ? ((event as TrackEvent).properties ?? NO_DETAIL) : kind === IDENTIFY || kind === GROUP ? (event as IdentifyEvent | GroupEvent).traits : undefined;
  }
  return { list, index, times, info, user, anonymous, account, strings: batch.strings, names: batch.names, message: message as string[], detail, offsets };
}

const NO_DETAIL: JsonObject = {};

/** Makes `array` at least `m` long (in one allocation), with `undefined` in the new slots. */
function grow(array: unknown[], m: number): void {
  const n = array.length;
  if (n >= m) return;
  array.length = m;
  array.fill(undefined, n, m);
}

/** @internal Lets go of the message ids held by the rows (the reused array keeps its length). */
export function releaseRows(rows: EventRows): void {
  if (rows.message === messages) messages.fill(undefined, 0, rows.index.length);
  if (rows.detail === details) details.fill(undefined, 0, rows.index.length);
}
