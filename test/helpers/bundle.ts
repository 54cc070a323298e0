/**
 * Shared test helper: bundles browser code from source with esbuild, so that end-to-end tests
 * and benches load the real package code into a page without a prior `npm run build`.
 * `@retain/*` imports resolve to `src/` (the `@retain/source` export condition).
 *
 * ```ts
 * const js = await bundleScript(`
 *   import { createRetain } from '@retain/browser';
 *   window.retain = createRetain({ endpoint: location.origin + '/v1/batch' });
 * `);
 * collector.serve('/app.js', js);
 * ```
 */
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/** The repository root (imports in inline code resolve from here). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Options of {@link bundleScript} and {@link bundleFile}. */
export interface BundleOptions {
  /** `'iife'` (a classic `<script>`, the default) or `'esm'` (a `<script type="module">`). */
  format?: 'iife' | 'esm';
  /** With `'iife'`: expose the entry's exports as this global. */
  globalName?: string;
  /** Minify (for size figures). @default false */
  minify?: boolean;
  /** Compile-time constants, as esbuild's `define`. */
  define?: Record<string, string>;
  /** Extra esbuild options (escape hatch). */
  esbuild?: BuildOptions;
}

const common = (options: BundleOptions): BuildOptions => ({
  bundle: true,
  write: false,
  format: options.format ?? 'iife',
  platform: 'browser',
  target: 'es2022',
  conditions: ['@retain/source', 'browser'],
  minify: options.minify ?? false,
  logLevel: 'silent',
  ...(options.globalName === undefined ? {} : { globalName: options.globalName }),
  ...(options.define === undefined ? {} : { define: options.define }),
  ...options.esbuild,
});

/**
 * Bundles TypeScript/JavaScript source given inline (imports resolve from the repository root)
 * and returns the JavaScript text.
 *
 * @example
 * ```ts
 * const js = await bundleScript(`import { createRetain } from '@retain/browser'; (window as any).createRetain = createRetain;`);
 * ```
 */
export async function bundleScript(source: string, options: BundleOptions = {}): Promise<string> {
  const result = await build({ ...common(options), stdin: { contents: source, resolveDir: repoRoot, loader: 'ts', sourcefile: 'inline-entry.ts' } });
  return result.outputFiles?.[0]?.text ?? '';
}

/**
 * Bundles a file (absolute, or relative to the repository root) and returns the JavaScript text.
 *
 * @example
 * ```ts
 * const js = await bundleFile('examples/bundled-app/src/main.ts');
 * ```
 */
export async function bundleFile(path: string, options: BundleOptions = {}): Promise<string> {
  const entry = path.startsWith('/') ? path : `${repoRoot}${path}`;
  const result = await build({ ...common(options), entryPoints: [entry] });
  return result.outputFiles?.[0]?.text ?? '';
}
