/** What tabs of the same app tell each other. */
export type TabMessage =
  /** A tab accepted these events (a JSON array): fold them into your state too. */
  | { t: 'events'; j: string }
  /** The collector acknowledged these queue keys: do not re-send them on unload. */
  | { t: 'acked'; k: string[] }
  /** State was reset (logout) in another tab. */
  | { t: 'reset' };

/** A BroadcastChannel between the tabs of one namespace (a no-op where unavailable). */
export function openTabChannel(name: string, onMessage: (message: TabMessage) => void): { post(message: TabMessage): void; close(): void } {
  if (typeof BroadcastChannel !== 'function') return { post() {}, close() {} };
  const channel = new BroadcastChannel(name);
  channel.onmessage = (e: MessageEvent<TabMessage>) => onMessage(e.data);
  return {
    post(message) {
      try {
        channel.postMessage(message);
      } catch {
        // a closed channel or an uncloneable value: tabs resync on reload
      }
    },
    close: () => channel.close(),
  };
}
