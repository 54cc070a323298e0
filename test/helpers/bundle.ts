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

/** What a page downloads before it runs: the entry chunk and the chunks it imports statically. */
export interface InitialLoad {
  /** The entry chunk and its static imports, concatenated (minified). */
  code: string;
  /** Source files with code in those chunks, relative to the repository. */
  inputs: string[];
  /** Dynamically imported chunks (loaded later, on demand), by file name, with their minified size. */
  lazy: Array<{ fileName: string; bytes: number }>;
}

/**
 * Bundles inline app code the way an application bundler does (rollup: ESM, code-split,
 * tree-shaken, minified with terser, `@retain/*` from source) and returns what the page
 * downloads up front, i.e. without the chunks behind dynamic `import()`s (e.g. the in-context
 * message renderer). esbuild without splitting inlines dynamic imports, and with splitting it
 * hoists whole barrels into shared chunks, so neither measures a lazy chunk faithfully.
 *
 * @example
 * ```ts
 * const { code } = await rollupInitialLoad(`import { createRetain } from '@retain/browser'; createRetain({ endpoint: '/b' }).track('x');`);
 * ```
 */
export async function rollupInitialLoad(source: string): Promise<InitialLoad> {
  const [{ rollup }, { default: nodeResolve }, { default: terser }, { transform }] = await Promise.all([
    import('rollup'),
    import('@rollup/plugin-node-resolve'),
    import('@rollup/plugin-terser'),
    import('esbuild'),
  ]);
  const ENTRY = '\0size-entry.ts';
  const bundle = await rollup({
    input: ENTRY,
    onwarn: () => {},
    plugins: [
      {
        name: 'virtual-entry',
        resolveId: (id) => (id === ENTRY ? ENTRY : null),
        load: (id) => (id === ENTRY ? source : null),
      },
      nodeResolve({ browser: true, rootDir: repoRoot, extensions: ['.ts', '.mjs', '.js'], exportConditions: ['@retain/source', 'browser', 'import', 'default'] }),
      {
        name: 'esbuild-typescript',
        async transform(code, id) {
          if (!id.endsWith('.ts')) return null;
          return { code: (await transform(code, { loader: 'ts', target: 'es2022' })).code, map: null };
        },
      },
    ],
  });
  const { output } = await bundle.generate({ format: 'es', plugins: [terser()] });
  await bundle.close();
  const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const entry = [...chunks.values()].find((c) => c.isEntry);
  if (entry === undefined) throw new Error('rollup produced no entry chunk');
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
  };
  visit(entry.fileName);
  const picked = [...initial].map((name) => chunks.get(name)!);
  return {
    code: picked.map((c) => c.code).join('\n'),
    inputs: [...new Set(picked.flatMap((c) => Object.entries(c.modules).filter(([, m]) => m.renderedLength > 0).map(([id]) => id.replace(repoRoot, ''))))],
    lazy: [...chunks.values()].filter((c) => !initial.has(c.fileName)).map((c) => ({ fileName: c.fileName, bytes: c.code.length })),
  };
}
