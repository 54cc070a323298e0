import type { Channel } from '../events/channels.js';
import { MAX_MESSAGES, type MessageInteractions, type ReceivedMessage } from './customer-state.js';
import { getOwn, insertSorted, setOwn } from './records.js';

const byTime = (a: ReceivedMessage, b: ReceivedMessage) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0);

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

/** @internal The channel of a message event, defaulting to in-context for shown/clicked/dismissed. */
export function messageChannel(value: unknown): Channel {
  return typeof value === 'string' ? (value as Channel) : 'in_context';
}
