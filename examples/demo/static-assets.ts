/**
 * The demo's static files: a fixed list (no path from the URL ever reaches the file system),
 * the page scripts compiled from TypeScript with esbuild on first request, and the real
 * `@retain/browser` IIFE bundle from `packages/browser/dist/bundle/`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Where the browser bundle is read from (`npm run build` writes it; `RETAIN_BROWSER_BUNDLE` overrides). */
export const BUNDLE_PATH = process.env['RETAIN_BROWSER_BUNDLE'] ?? here('../../packages/browser/dist/bundle/retain.min.js');

type Asset = { type: string; load: () => Promise<string> };

/** A file of the script-tag build: {@link BUNDLE_PATH}, or a sibling module next to it. */
function bundleFile(path: string): Asset {
  return {
    type: 'text/javascript; charset=utf-8',
    load: async () => {
      try {
        return await readFile(path, 'utf8');
      } catch {
        throw new Error(`the browser bundle is missing at ${path}: run \`npm run build\` (npm start does it)`);
      }
    },
  };
}

const file = (path: string) => () => readFile(here(path), 'utf8');
const script = (entry: string) => async () => {
  const result = await build({ entryPoints: [here(entry)], bundle: true, format: 'esm', target: 'es2022', write: false, minify: false, logLevel: 'silent' });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
};

const ASSETS: Record<string, Asset> = {
  '/': { type: 'text/html; charset=utf-8', load: file('./public/index.html') },
  '/customers': { type: 'text/html; charset=utf-8', load: file('./public/customers.html') },
  '/assets/style.css': { type: 'text/css; charset=utf-8', load: file('./public/style.css') },
  '/assets/shop.js': { type: 'text/javascript; charset=utf-8', load: script('./public/shop.ts') },
  '/assets/customers.js': { type: 'text/javascript; charset=utf-8', load: script('./public/customers.ts') },
  '/retain.min.js': bundleFile(BUNDLE_PATH),
  // the sibling modules retain.min.js imports from its own URL on first use (message renderer, core bridge, IndexedDB queue, reducer)
  '/retain-messages.js': bundleFile(join(dirname(BUNDLE_PATH), 'retain-messages.js')),
  '/retain-core-bridge.js': bundleFile(join(dirname(BUNDLE_PATH), 'retain-core-bridge.js')),
  '/retain-idb.js': bundleFile(join(dirname(BUNDLE_PATH), 'retain-idb.js')),
  '/retain-state.js': bundleFile(join(dirname(BUNDLE_PATH), 'retain-state.js')),
};

/** Security headers of every page and script: only this origin's scripts, no framing, no sniffing. */
export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Serves a static asset, or `undefined` when `pathname` is not one. Compiled scripts are cached. */
export function createStaticAssets(): (pathname: string) => Promise<Response | undefined> {
  const cache = new Map<string, Promise<string>>();
  return async (pathname) => {
    const asset = ASSETS[pathname];
    if (asset === undefined) return undefined;
    let body = cache.get(pathname);
    if (body === undefined) {
      body = asset.load();
      // Cache compiled scripts only; files are re-read so that edits and rebuilds show up.
      if (pathname.startsWith('/assets/') && pathname.endsWith('.js')) cache.set(pathname, body);
    }
    try {
      const content = await body;
      return new Response(content, { headers: { 'content-type': asset.type, 'cache-control': 'no-cache', ...SECURITY_HEADERS } });
    } catch (error) {
      cache.delete(pathname);
      const message = error instanceof Error ? error.message : String(error);
      return new Response(message, { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
  };
}
