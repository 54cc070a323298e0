/**
 * The build of each published package (`packages/*\/tsup.config.ts`), as bundlers and Node need it:
 * - ESM, one file per source module (`dist/**\/*.js`, imports kept as they are): bundlers tree-shake
 *   what an app imports down to the modules it uses, and a module that nothing imports (the zod
 *   schemas for a page that only tracks) is never part of the app. A single bundled file cannot
 *   be split that way: its top-level statements all live in one module.
 * - CJS, one bundled file (`dist/index.cjs`) for `require()` in Node, where tree-shaking is moot.
 * - Declarations bundled per entry point for ESM (`dist/index.d.ts`, and e.g. `dist/state/index.d.ts`;
 *   shared declarations in common chunks, so a class is one type whichever entry point names it),
 *   and `dist/index.d.cts` for CJS. A subpath's `require` condition points at `dist/index.cjs`, a
 *   superset of it: one copy of each class in a Node process, whatever it requires.
 *
 * `npm run build -w <package>` empties `dist` first (the two builds run at once, so neither may clean).
 */
import type { Options } from 'tsup';

/**
 * Source modules that ship: tests, type tests and testing helpers stay out of `dist`, and so does
 * the script-tag entry (`@retain/browser`'s `src/script-tag/`, built by `rollup.config.ts` into
 * `dist/bundle/`), which has side effects and is not an entry point of the package.
 */
export const SOURCE_MODULES = ['src/**/*.ts', '!src/**/*.test.ts', '!src/**/*.test-d.ts', '!src/**/testing/**', '!src/script-tag/**'];

const common = { target: 'es2022', sourcemap: true, clean: false } satisfies Options;
const dts = (entry: string[]) => ({ entry, compilerOptions: { customConditions: [] } });

/**
 * The tsup configurations of a package.
 *
 * @param entryPoints The package's entry points (`exports`), `src/index.ts` first.
 *
 * @example
 * ```ts
 * // packages/core/tsup.config.ts
 * import { defineConfig } from 'tsup';
 * import { packageBuild } from '../../tsup.preset.js';
 * export default defineConfig(packageBuild());
 * ```
 */
export function packageBuild(entryPoints: string[] = ['src/index.ts']): Options[] {
  return [
    { ...common, entry: SOURCE_MODULES, format: ['esm'], bundle: false, dts: dts(entryPoints) },
    { ...common, entry: ['src/index.ts'], format: ['cjs'], treeshake: true, dts: dts(['src/index.ts']) },
  ];
}
