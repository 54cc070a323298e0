/**
 * @internal The customer-state reducer as a chunk of its own: what {@link loadReducer} imports
 * right after the client starts, so that a page's first download holds the tracking client only
 * (the reducer is about half of it). In the script-tag build it is the sibling `retain-state.js`.
 *
 * @packageDocumentation
 */
export { foldEvents, STATE_VERSION } from '@retain/core/state';
