/**
 * What tabs of the same app tell each other. A tab broadcasts its events only once it knows
 * another tab is open (a lone tab posts nothing per event): a tab says `hello` when it starts,
 * every open tab answers `here`, and each side then sends the events the other may have missed
 * (those accepted since its last saved state: older ones are in the state a new tab loads).
 *
 * A tab numbers the events it accepts (1, 2, 3…); `q` is the number of the first event of `j`.
 * The saved state records, per tab, the last number folded into it, so a tab that loaded it skips
 * exactly the events it already holds, however many (the state's own dedupe window is finite).
 */
export type TabMessage =
  /** Tab `i` accepted these events (a JSON array, numbered from `q`): fold them into your state too. */
  | { t: 'events'; i: string; q: number; j: string }
  /** Tab `i` started (`hello`) or answers one (`here`); `j`: its events not yet in the saved state, numbered from `q`. */
  | { t: 'hello' | 'here'; i: string; q: number; j: string }
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
