/**
 * Browser bundles of `@retain/browser`, built from source (`@retain/*` resolve to `src/` through the
 * `@retain/source` condition, so the bundles are self-contained and need no prior package build):
 * - `packages/browser/dist/bundle/esm/` — ESM, code-split: the in-context message renderer is its
 *   own chunk, loaded by `retain.inContextMessage()` only;
 * - `packages/browser/dist/bundle/retain.min.js` — minified IIFE for a `<script>` tag, global
 *   `Retain` (`Retain.createRetain(…)`); the renderer is inlined there (an IIFE cannot split).
 *
 * TypeScript is only transpiled here (esbuild); type checking is `npm run typecheck`'s job.
 */
import { rmSync } from 'node:fs';
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

const input = 'packages/browser/src/index.ts';

/** Empties the ESM output folder first, so stale hashed chunks do not pile up. */
const cleanEsm = (): Plugin => ({ name: 'clean-esm', buildStart: () => rmSync('packages/browser/dist/bundle/esm', { recursive: true, force: true }) });

const config: RollupOptions[] = [
  {
    input,
    output: { dir: 'packages/browser/dist/bundle/esm', format: 'es', entryFileNames: 'retain.js', chunkFileNames: '[name]-[hash].js', plugins: [terser()] },
    plugins: [cleanEsm(), ...plugins()],
    onwarn,
  },
  {
    input,
    output: { file: 'packages/browser/dist/bundle/retain.min.js', format: 'iife', name: 'Retain', inlineDynamicImports: true, plugins: [terser()] },
    plugins: plugins(),
    onwarn,
  },
];

export default config;
