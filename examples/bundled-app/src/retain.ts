// One place for the app's Retain imports.
export { createRetain, HttpError } from '@retain/browser';
export { KnownEvent } from '@retain/core';
