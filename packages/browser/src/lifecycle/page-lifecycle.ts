/**
 * Calls `onHide` when the page is hidden or unloaded (`visibilitychange` to hidden, `pagehide`)
 * and `onOnline` when the network comes back. Returns a function that removes the listeners.
 */
export function watchPageLifecycle(onHide: () => void, onOnline: () => void): () => void {
  const visibility = () => {
    if (document.visibilityState === 'hidden') onHide();
  };
  addEventListener('pagehide', onHide);
  addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', visibility);
  return () => {
    removeEventListener('pagehide', onHide);
    removeEventListener('online', onOnline);
    document.removeEventListener('visibilitychange', visibility);
  };
}
