/**
 * The errors of in-context messages, in one module that both lazy chunks import (the renderer's
 * and the core bridge's) as well as the package's entry point. esbuild splits code by the set of
 * entry points (dynamic imports included) that reach each file: reached alike, the three classes
 * share the chunk the page already loads, instead of a small file of their own up front.
 */
export { InvalidInContextMessageError } from './invalid-in-context-message-error.js';
export { UnsafeUrlError } from './unsafe-url-error.js';
export { MessageConditionError } from './message-condition-error.js';
