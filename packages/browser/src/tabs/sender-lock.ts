/**
 * Runs `task` while holding the page-wide sender lock `name`: with Web Locks, at most one tab of
 * the origin sends at a time, and the next one reads the queue only after the previous has
 * removed what the collector acknowledged, so no event is sent twice by two tabs. A tab that
 * closes mid-send releases the lock with its events still queued. Without Web Locks, tasks of
 * this tab still run one at a time.
 */
export function createSenderLock(name: string): <T>(task: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return <T,>(task: () => Promise<T>): Promise<T> => {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    const run = (): Promise<T> => (locks?.request ? (locks.request(name, task) as Promise<T>) : task());
    const result = chain.then(run, run);
    chain = result.catch(() => undefined);
    return result;
  };
}
