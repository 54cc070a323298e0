import { isChannel, type Channel } from '../events/channels.js';
import { MAX_MESSAGES, type MessageInteractions, type ReceivedMessage } from './customer-state.js';
import { getOwn, insertSorted, setOwn } from './records.js';

const cmp = <T extends string | number>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
/** A total order on received messages (time first), so the history does not depend on arrival order. */
const byTime = (a: ReceivedMessage, b: ReceivedMessage) =>
  a.at - b.at || cmp(a.id, b.id) || cmp(a.channel, b.channel) || cmp(a.score ?? -Infinity, b.score ?? -Infinity) || cmp(a.campaign ?? '', b.campaign ?? '');

/** @internal Adds a received message to the history, kept in time order and bounded (mutates `messages`). */
export function recordReceived(messages: ReceivedMessage[], message: ReceivedMessage): void {
  insertSorted(messages, message, byTime);
  if (messages.length > MAX_MESSAGES) messages.splice(0, messages.length - MAX_MESSAGES);
}

/** @internal Counts an interaction with message `id` (mutates `interactions`). */
export function recordInteraction(
  interactions: Record<string, MessageInteractions>,
  id: string,
  kind: 'shown' | 'clicked' | 'dismissed',
  t: number,
): void {
  let entry = getOwn(interactions, id);
  if (entry === undefined) {
    entry = { shown: 0, clicked: 0, dismissed: 0, lastShownAt: null, lastClickedAt: null, lastDismissedAt: null };
    setOwn(interactions, id, entry);
  }
  entry[kind]++;
  const field = kind === 'shown' ? 'lastShownAt' : kind === 'clicked' ? 'lastClickedAt' : 'lastDismissedAt';
  const prev = entry[field];
  entry[field] = prev === null ? t : Math.max(prev, t);
}

/** @internal The channel of a message event; in-context when absent or not a channel. */
export function messageChannel(value: unknown): Channel {
  return isChannel(value) ? value : 'in_context';
}
