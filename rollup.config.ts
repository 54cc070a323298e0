/**
 * Browser bundles of `@retain/browser` (`npm run bundle`), built from source (`@retain/*` resolve to
 * `src/` through the `@retain/source` condition, so they need no prior package build):
 *
 * - `packages/browser/dist/bundle/retain.min.js` — the script-tag build: a classic script (IIFE,
 *   global `Retain`) with the tracking client and the loader snippet's replay
 *   (`src/script-tag/index.ts`). What loads lazily is a sibling ES module that it `import()`s from
 *   its own URL on first use: `retain-messages.js` (the in-context message renderer, on the first
 *   `inContextMessage()`), `retain-core-bridge.js` (conditions given as data, scorecards),
 *   `retain-idb.js` (the IndexedDB queue, on the client's first storage operation) and
 *   `retain-state.js` (the customer-state reducer, right after the client starts). Each sibling is
 *   self-contained (it carries its own copy of the few core helpers it needs).
 * - `packages/browser/dist/bundle/esm/` — the whole package as ES modules, code-split, for a
 *   `<script type="module">` (`import { createRetain } from './retain.js'`).
 *
 * TypeScript is only transpiled here (esbuild); type checking is `npm run typecheck`'s job.
 */
import { rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform } from 'esbuild';
import type { Plugin, RollupOptions, WarningHandlerWithDefault } from 'rollup';

const onwarn: WarningHandlerWithDefault = (warning, warn) => {
  // zod 4 ships annotations and internal cycles that rollup reports harmlessly.
  if (warning.code === 'INVALID_ANNOTATION' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

/** Transpiles `.ts` modules with esbuild (no type check, no emit of declarations). */
const typescript = (): Plugin => ({
  name: 'esbuild-typescript',
  async transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const result = await transform(code, { loader: 'ts', target: 'es2022', sourcefile: id, sourcemap: true });
    return { code: result.code, map: result.map };
  },
});

const plugins = () => [
  nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'], exportConditions: ['@retain/source', 'browser', 'import', 'default'] }),
  typescript(),
];

const src = 'packages/browser/src';
const out = 'packages/browser/dist/bundle';

/** The modules the browser package imports dynamically, and the sibling file each becomes in the script-tag build. */
export const SIBLINGS: Record<string, string> = {
  'messages/index': 'retain-messages.js',
  'messages/core-bridge': 'retain-core-bridge.js',
  'queue/idb-store': 'retain-idb.js',
  'state/reducer-chunk': 'retain-state.js',
};

/**
 * Turns each dynamic `import('./x.js')` of the browser package into `import()` of its sibling file,
 * resolved against the URL the classic script was loaded from (captured while it runs, as
 * `document.currentScript` is only set then). A dynamic import without a sibling fails the build.
 */
const siblingImports = (): Plugin => {
  const targets = new Set(Object.values(SIBLINGS));
  return {
    name: 'sibling-imports',
    resolveDynamicImport(specifier, importer) {
      if (typeof specifier !== 'string' || importer === undefined) return null;
      const key = relative(resolve(src), resolve(dirname(importer), specifier)).replace(/\.[jt]s$/, '');
      const file = SIBLINGS[key];
      if (file === undefined) this.error(`${importer} imports ${specifier} dynamically: give it a sibling file in SIBLINGS (rollup.config.ts)`);
      return { id: file, external: true };
    },
    renderDynamicImport: ({ targetModuleId }) => (targetModuleId !== null && targets.has(targetModuleId) ? { left: 'import(new URL(', right: ', retainScriptUrl).href)' } : null),
  };
};

/** Empties the ESM output folder first, so stale hashed chunks do not pile up. */
const cleanEsm = (): Plugin => ({ name: 'clean-esm', buildStart: () => rmSync(`${out}/esm`, { recursive: true, force: true }) });

const config: RollupOptions[] = [
  {
    input: `${src}/script-tag/index.ts`,
    output: {
      file: `${out}/retain.min.js`,
      format: 'iife',
      name: 'Retain',
      intro: "var retainScriptUrl = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : typeof location !== 'undefined' ? location.href : '';",
      plugins: [terser()],
    },
    plugins: [siblingImports(), ...plugins()],
    onwarn,
  },
  ...Object.entries(SIBLINGS).map(
    ([module, file]): RollupOptions => ({
      input: `${src}/${module}.ts`,
      output: { file: `${out}/${file}`, format: 'es', plugins: [terser()] },
      plugins: plugins(),
      onwarn,
    }),
  ),
  {
    input: `${src}/index.ts`,
    output: { dir: `${out}/esm`, format: 'es', entryFileNames: 'retain.js', chunkFileNames: '[name]-[hash].js', plugins: [terser()] },
    plugins: [cleanEsm(), ...plugins()],
    onwarn,
  },
];

export default config;
