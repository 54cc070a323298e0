import type { foldEvents, STATE_VERSION } from '@retain/core/state';

/** What the client needs of the customer-state reducer (`@retain/core`): the fold, and the version of the states it folds. */
export interface Reducer {
  readonly foldEvents: typeof foldEvents;
  readonly STATE_VERSION: typeof STATE_VERSION;
}

let loading: Promise<Reducer> | undefined;
let loaded: Reducer | undefined;

/** @internal The reducer if its chunk has already loaded on this page (a second client needs not wait). */
export const loadedReducer = (): Reducer | undefined => loaded;

/**
 * @internal Loads the customer-state reducer (`./reducer-chunk.js`, a dynamic `import()`): once per
 * page, shared by every client. A failed load (a blocked or missing chunk) is not cached, so the
 * next call tries again.
 */
export function loadReducer(): Promise<Reducer> {
  return (loading ??= import('./reducer-chunk.js').then(
    (m): Reducer => (loaded = m),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  ));
}
