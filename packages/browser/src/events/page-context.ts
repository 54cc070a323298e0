import type { JsonObject } from '@retain/core';

/** The library name sent in `context.library`. */
export const LIBRARY_NAME = '@retain/browser';
/** The library version sent in `context.library`. */
export const LIBRARY_VERSION = '0.1.0';

/** Segment's page properties (`path`, `referrer`, `search`, `title`, `url`) of the current document. */
export function pageProperties(): JsonObject {
  const l = location;
  return { path: l.pathname, referrer: document.referrer, search: l.search, title: document.title, url: l.href };
}

let cached: { href: string; title: string; context: JsonObject; json: string } | undefined;

/**
 * The `context` of an event tracked now (library, page, userAgent, locale) and its JSON. Built
 * and serialised once per page (URL and title) and shared: events are serialised when accepted,
 * so nobody mutates it.
 */
export function eventContextWithJson(): { context: JsonObject; json: string } {
  const href = location.href;
  const title = document.title;
  if (cached?.href !== href || cached.title !== title) {
    const context: JsonObject = { library: { name: LIBRARY_NAME, version: LIBRARY_VERSION }, page: pageProperties(), userAgent: navigator.userAgent, locale: navigator.language };
    cached = { href, title, context, json: JSON.stringify(context) };
  }
  return cached;
}
