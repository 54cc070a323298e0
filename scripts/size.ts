/**
 * `npm run size` — what npm users download, measured as they get it:
 *
 * 1. builds the packages (`npm run build`; `--no-build` skips it when CI has just built);
 * 2. `npm pack`s `@retain/core`, `@retain/browser` and `@retain/node` into a temporary folder
 *    (checking that no test or testing helper is packed, and running publint on each tarball);
 * 3. creates a fresh app in `os.tmpdir()`, outside the workspace, that installs the tarballs
 *    (their dependencies from the npm cache, `--prefer-offline`), and checks that each package
 *    loads in Node with `import` and with `require`, and that a TypeScript consumer type-checks
 *    as ESM and as CJS (`nodenext`, declarations included);
 * 4. bundles the app's pages for production with rollup (node-resolve, terser, as Vite does) and
 *    with esbuild (`splitting: true`, ESM, minified), and counts what a page downloads: the entry
 *    chunk and every chunk it imports statically, each file gzipped on its own (as it goes over
 *    the wire). The chunks behind a dynamic `import()` are counted when they load: "on top" (the
 *    reducer and the IndexedDB queue, which every page imports right after the client starts,
 *    first; then the message renderer on top of those);
 * 5. measures the script-tag build (`packages/browser/dist/bundle/`, from `npm run bundle`).
 *
 * Exits 1 when a figure is over its budget, or a bundle holds a file it must not.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

/** One output file of a bundler, with its links to the others (file names relative to the output folder). */
export interface Chunk {
  readonly fileName: string;
  readonly code: string;
  /** Files this one imports statically: they download before it runs. */
  readonly imports: readonly string[];
  /** Files this one may `import()` later. */
  readonly dynamicImports: readonly string[];
  /** The module a dynamic `import()` of this file loads (absolute or app-relative path), if any. */
  readonly facade: string | undefined;
  /** Input modules with code in this file (paths with `/` separators). */
  readonly modules: readonly string[];
}

/** A bundler's output: its chunks and the entry chunk. */
export interface ChunkGraph {
  readonly entry: string;
  readonly chunks: ReadonlyMap<string, Chunk>;
}

/** Files and bytes of one download (a set of chunks). */
export interface Download {
  readonly files: readonly string[];
  readonly minBytes: number;
  /** Sum of each file gzipped alone (level 9): what goes over the wire. */
  readonly gzipBytes: number;
  readonly modules: readonly string[];
}

/** What a page downloads up front, and what each dynamic import adds on top of it. */
export interface PageLoad {
  readonly initial: Download;
  /** Per dynamically imported file (by its facade module): the files it brings that are not loaded yet. */
  readonly lazy: ReadonlyArray<{ readonly facade: string; readonly download: Download }>;
}

const posix = (path: string) => path.split(sep).join('/');

/** Gzipped size (level 9) of one file. */
export const gzipBytes = (code: string): number => gzipSync(Buffer.from(code), { level: 9 }).length;

/** The files `start` needs before it runs: itself and, transitively, what it imports statically. */
export function staticClosure(graph: ChunkGraph, start: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const chunk = graph.chunks.get(name);
    if (chunk === undefined) throw new Error(`the bundle has no chunk named ${name}`);
    seen.add(name);
    chunk.imports.forEach(visit);
  };
  start.forEach(visit);
  return seen;
}

/** Sizes a set of chunks. */
export function download(graph: ChunkGraph, files: Iterable<string>): Download {
  const picked = [...files].sort().map((name) => graph.chunks.get(name)!);
  return {
    files: picked.map((c) => c.fileName),
    minBytes: picked.reduce((sum, c) => sum + Buffer.byteLength(c.code), 0),
    gzipBytes: picked.reduce((sum, c) => sum + gzipBytes(c.code), 0),
    modules: [...new Set(picked.flatMap((c) => c.modules))],
  };
}

/**
 * What the page downloads up front (the entry chunk and its static imports), and, for each file
 * that can be imported dynamically from there, what that `import()` adds on top.
 *
 * @param afterStart Facades of the files the page imports by itself right after it starts
 *   (whatever the visitor does): each is counted on top of the first download and of those
 *   before it, and every other dynamic import on top of all of them.
 */
export function pageLoad(graph: ChunkGraph, afterStart: readonly RegExp[] = []): PageLoad {
  const initial = staticClosure(graph, [graph.entry]);
  const lazy: Array<{ facade: string; download: Download }> = [];
  const seen = new Set<string>();
  const facadeOf = (name: string) => graph.chunks.get(name)!.facade ?? name;
  const dynamicOf = (names: Iterable<string>) => [...names].flatMap((name) => graph.chunks.get(name)!.dynamicImports);
  /** Counts `target` on top of `loaded`; returns its static closure. */
  const count = (target: string, loaded: ReadonlySet<string>): Set<string> => {
    seen.add(target);
    const closure = staticClosure(graph, [target]);
    lazy.push({ facade: facadeOf(target), download: download(graph, [...closure].filter((file) => !loaded.has(file))) });
    return closure;
  };
  let started = new Set(initial);
  for (const target of new Set(dynamicOf(initial)))
    if (afterStart.some((pattern) => pattern.test(facadeOf(target)))) started = new Set([...started, ...count(target, started)]);
  const visit = (names: Iterable<string>, loaded: Set<string>): void => {
    for (const target of dynamicOf(names)) {
      if (seen.has(target)) continue;
      const closure = count(target, loaded);
      visit(closure, new Set([...loaded, ...closure]));
    }
  };
  visit(started, started);
  return { initial: download(graph, initial), lazy };
}

/** The chunk graph of a rollup build (`bundle.generate()`'s output). */
export function rollupGraph(output: ReadonlyArray<{ type: 'chunk' | 'asset' } & Record<string, unknown>>, base: string): ChunkGraph {
  type RollupChunk = { fileName: string; code: string; isEntry: boolean; isDynamicEntry: boolean; imports: string[]; dynamicImports: string[]; facadeModuleId: string | null; modules: Record<string, { renderedLength: number }> };
  const chunks = output.filter((o) => o.type === 'chunk') as unknown as RollupChunk[];
  const entry = chunks.find((c) => c.isEntry);
  if (entry === undefined) throw new Error('rollup produced no entry chunk');
  return {
    entry: entry.fileName,
    chunks: new Map(
      chunks.map((c) => [
        c.fileName,
        {
          fileName: c.fileName,
          code: c.code,
          imports: c.imports,
          dynamicImports: c.dynamicImports,
          facade: c.facadeModuleId === null ? undefined : posix(relative(base, c.facadeModuleId)),
          modules: Object.entries(c.modules)
            .filter(([, m]) => m.renderedLength > 0)
            .map(([id]) => posix(relative(base, id))),
        },
      ]),
    ),
  };
}

/** Minimal shape of esbuild's metafile outputs and output files (to keep this module free of esbuild's types). */
export interface EsbuildResult {
  readonly metafile: { readonly outputs: Record<string, { readonly entryPoint?: string; readonly imports: ReadonlyArray<{ readonly path: string; readonly kind: string; readonly external?: boolean }>; readonly inputs: Record<string, { readonly bytesInOutput: number }> }> };
  readonly outputFiles: ReadonlyArray<{ readonly path: string; readonly text: string }>;
}

/**
 * The chunk graph of an esbuild build with `splitting: true`, `write: false`, `metafile: true`;
 * `base` is esbuild's `absWorkingDir` (metafile paths are relative to it), `entry` its entry point.
 */
export function esbuildGraph(result: EsbuildResult, base: string, entry: string): ChunkGraph {
  const text = new Map(result.outputFiles.map((f) => [posix(relative(base, f.path)), f.text]));
  const entryPoint = posix(relative(base, entry));
  let entryName: string | undefined;
  const chunks = new Map<string, Chunk>();
  for (const [name, out] of Object.entries(result.metafile.outputs)) {
    if (name.endsWith('.map')) continue;
    const code = text.get(name);
    if (code === undefined) throw new Error(`esbuild wrote no file for ${name}`);
    if (out.entryPoint === entryPoint) entryName = name;
    const links = (kind: string) => out.imports.filter((i) => i.kind === kind && i.external !== true).map((i) => i.path);
    chunks.set(name, {
      fileName: name,
      code,
      imports: links('import-statement'),
      dynamicImports: links('dynamic-import'),
      facade: out.entryPoint,
      modules: Object.entries(out.inputs)
        .filter(([, i]) => i.bytesInOutput > 0)
        .map(([input]) => input),
    });
  }
  if (entryName === undefined) throw new Error(`esbuild produced no chunk for the entry point ${entryPoint}`);
  return { entry: entryName, chunks };
}

/** A page of the test app, bundled by both bundlers. */
interface Page {
  readonly name: string;
  readonly code: string;
}

/** The app's pages (plain ES modules, as a user writes them). */
export const PAGES = {
  tracking: {
    name: 'tracking',
    code: [
      "import { createRetain } from '@retain/browser';",
      "const retain = createRetain({ endpoint: '/v1/batch', writeKey: 'wk_size' });",
      "retain.identify('user-42', { plan: 'pro' });",
      "retain.track('Signed Up', { method: 'email' });",
      'retain.page();',
    ].join('\n'),
  },
  messages: {
    name: 'messages',
    code: [
      "import { createRetain } from '@retain/browser';",
      "const retain = createRetain({ endpoint: '/v1/batch', writeKey: 'wk_size' });",
      "retain.track('Signed Up', { method: 'email' });",
      "document.getElementById('help')?.addEventListener('click', () => {",
      "  void retain.inContextMessage({ id: 'help', placement: 'toast', when: (state) => state.eventCount > 0, content: { title: 'Need a hand?', body: 'Ask us anything.' } });",
      '});',
    ].join('\n'),
  },
  core: {
    name: 'core',
    code: ["import { applyEvent } from '@retain/core';", 'globalThis.applyEvent = applyEvent;'].join('\n'),
  },
} satisfies Record<string, Page>;

/** Where a lazy chunk comes from: the in-context message renderer, and the core bridge (conditions as data, zod). */
const MESSAGES_FACADE = /@retain\/browser\/dist\/messages\/index\.js$/;
const CORE_BRIDGE_FACADE = /@retain\/browser\/dist\/messages\/core-bridge\.js$/;
/** The IndexedDB queue, which the client imports on its first storage operation (right after it starts). */
const IDB_FACADE = /@retain\/browser\/dist\/queue\/idb-store\.js$/;
/** The customer-state reducer, which the client imports right after it starts. */
const REDUCER_FACADE = /@retain\/browser\/dist\/state\/reducer-chunk\.js$/;
/** What every page that creates a client loads right after it starts, whatever the visitor does. */
const AFTER_START = [REDUCER_FACADE, IDB_FACADE];

/** Modules a page that only tracks must not download. */
// (the message errors may come: they are exported by the package's entry point, and esbuild gives
// modules the page reaches and a lazy chunk uses to the page)
// (nor the reducer: the state modules up front are the empty state and its constants)
const NOT_IN_TRACKING = [
  /node_modules\/zod\//,
  /node_modules\/ky\//,
  /@retain\/browser\/dist\/messages\/(?!in-context-message-method\.js|errors\.js|[\w-]+-error\.js)/,
  /@retain\/core\/dist\/(conditions|scoring)\//,
  /@retain\/core\/dist\/state\/(?!create-customer-state\.js|customer-state\.js)/,
];
const NOT_IN_CORE = [/node_modules\/zod\//, /@retain\/browser\//];

/** One line of the report. */
export interface Figure {
  readonly what: string;
  readonly bundler: string;
  readonly download: Download;
  /** Budget in gzipped bytes; none for a figure shown for information. */
  readonly budget?: number;
  /** Modules that must not be part of the download. */
  readonly forbidden?: readonly RegExp[];
}

/** What is wrong with a figure (empty when it is within budget and holds nothing forbidden). */
export function problemsOf(figure: Figure): string[] {
  const problems: string[] = [];
  if (figure.budget !== undefined && figure.download.gzipBytes > figure.budget) problems.push(`${figure.download.gzipBytes} B min+gzip is over the budget of ${figure.budget} B`);
  for (const pattern of figure.forbidden ?? []) {
    const offenders = figure.download.modules.filter((m) => pattern.test(m));
    if (offenders.length > 0) problems.push(`holds ${offenders.length} module(s) matching ${String(pattern)}, e.g. ${offenders[0]}`);
  }
  return problems;
}

/** Formats figures as a table: bytes, KiB, budget, verdict. */
export function formatTable(figures: readonly Figure[]): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
  const rows = [
    ['what', 'bundler', 'files', 'min', 'min+gzip', 'budget', ''],
    ...figures.map((f) => [
      f.what,
      f.bundler,
      String(f.download.files.length),
      `${f.download.minBytes} B`,
      `${f.download.gzipBytes} B (${kib(f.download.gzipBytes)})`,
      f.budget === undefined ? '-' : `${f.budget} B`,
      f.budget === undefined && (f.forbidden ?? []).length === 0 ? '' : problemsOf(f).length === 0 ? 'ok' : 'FAIL',
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

// --- packing and installing ---------------------------------------------------------------

const PACKAGES = ['@retain/core', '@retain/browser', '@retain/node'] as const;

/** Files that must never be published. */
const NOT_PUBLISHED = /(\.test\.ts|\.test-d\.ts|\.browser\.test|\/testing\/|__screenshots__)/;

/** The environment for a child npm: without the variables `npm run` sets for this workspace. */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_/i.test(key) && !/^npm_config_(cache|registry|userconfig|globalconfig|cafile)$/i.test(key)) delete env[key];
  return env;
}

const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Packs each package into `dir`; returns the tarballs by package name, and what is wrong with their contents. */
async function pack(dir: string): Promise<{ tarballs: Record<string, string>; problems: string[] }> {
  const out = JSON.parse(npm(['pack', '--json', '--pack-destination', dir, ...PACKAGES.flatMap((p) => ['--workspace', p])], root)) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
  const tarballs: Record<string, string> = {};
  const problems: string[] = [];
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  for (const p of out) {
    tarballs[p.name] = join(dir, p.filename);
    const leaked = p.files.map((f) => f.path).filter((path) => NOT_PUBLISHED.test(path));
    if (leaked.length > 0) problems.push(`${p.name}: the tarball holds ${leaked.length} test file(s), e.g. ${leaked[0]}`);
    const tarball = readFileSync(tarballs[p.name]!);
    const lint = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer }, level: 'warning', strict: true });
    for (const message of lint.messages) problems.push(`${p.name}: publint: ${formatMessage(message, lint.pkg, { color: false }) ?? message.code}`);
  }
  return { tarballs, problems };
}

/** Creates the app in `dir` with the tarballs installed; returns what is wrong with loading them in Node. */
function installApp(dir: string, tarballs: Record<string, string>): string[] {
  mkdirSync(join(dir, 'src'), { recursive: true });
  const dependencies = Object.fromEntries(PACKAGES.map((p) => [p, `file:${tarballs[p]}`]));
  // the packages depend on @retain/core 0.1.0: the tarball, never a registry copy
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'retain-size-app', private: true, type: 'module', dependencies, overrides: { '@retain/core': '$@retain/core' } }, null, 2));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir);
  for (const page of Object.values(PAGES)) writeFileSync(join(dir, 'src', `${page.name}.js`), page.code);
  const problems: string[] = [];
  for (const p of PACKAGES) {
    const checks: Array<[string, string[]]> = [
      ['import', ['--input-type=module', '-e', `const m = await import('${p}'); if (Object.keys(m).length < 5) throw new Error('few exports');`]],
      ['require', ['-e', `const m = require('${p}'); if (Object.keys(m).length < 5) throw new Error('few exports');`]],
    ];
    for (const [how, args] of checks) {
      try {
        execFileSync(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      } catch (error) {
        const lines = String((error as { stderr?: Buffer }).stderr ?? error).split('\n');
        problems.push(`${p}: ${how} fails in Node: ${lines.find((line) => /Error/.test(line))?.trim() ?? lines[0]}`);
      }
    }
  }
  problems.push(...checkTypes(dir));
  return problems;
}

/**
 * Type-checks a TypeScript consumer of the installed packages, as ESM (`.mts`) and as CJS
 * (`.cts`), with `moduleResolution: nodenext` and the packages' declarations checked too
 * (`skipLibCheck: false`): each entry point resolves to its types, and a class is one type
 * whichever entry point names it.
 */
function checkTypes(dir: string): string[] {
  const body = (how: 'esm' | 'cjs') =>
    [
      "import { HttpError, createRetain } from '@retain/browser';",
      "import { RetainError, parseEvent } from '@retain/core';",
      "import { RetainError as StateRetainError, applyEvent, createCustomerState } from '@retain/core/state';",
      "import { RetainError as ErrorsRetainError, InvalidEventError } from '@retain/core/errors';",
      "import { createCustomerState as emptyState } from '@retain/core/empty-state';",
      "import { createIngestHandler } from '@retain/node';",
      "const error: RetainError = new HttpError(400, '/v1/batch', []);",
      'const same: StateRetainError = error;',
      'const alsoSame: ErrorsRetainError = new InvalidEventError([], {});',
      "const empty: typeof state = emptyState('u2');",
      "const state = applyEvent(createCustomerState('u1'), parseEvent({ type: 'track', event: 'Signed Up', messageId: 'm1', timestamp: '2026-12-07T10:00:00Z', userId: 'u1' }));",
      `export const checked = [same, alsoSame, empty, state.eventCount, createRetain, createIngestHandler, '${how}'] as const;`,
    ].join('\n');
  writeFileSync(join(dir, 'types-esm.mts'), body('esm'));
  writeFileSync(join(dir, 'types-cjs.cts'), body('cjs'));
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', 'false', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2023,dom',
      // a backend that imports @retain/node has Node's types (node:http in toNodeListener)
      '--typeRoots', join(root, 'node_modules/@types'), '--types', 'node', 'types-esm.mts', 'types-cjs.cts'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return [];
  } catch (error) {
    const out = String((error as { stdout?: Buffer }).stdout ?? error).trim().split('\n');
    return [`types: ${out.length} line(s) of tsc errors for a consumer of the packages, e.g. ${out[0]}`];
  }
}

// --- bundling ---------------------------------------------------------------------------------

const PRODUCTION = { 'process.env.NODE_ENV': '"production"' };

/** Bundles a page with rollup as Vite's production build does (node-resolve for browsers, terser, entry signatures not kept). */
async function bundleWithRollup(app: string, page: Page): Promise<ChunkGraph> {
  const [{ rollup }, { default: nodeResolve }, { default: terser }] = await Promise.all([import('rollup'), import('@rollup/plugin-node-resolve'), import('@rollup/plugin-terser')]);
  const bundle = await rollup({
    input: join(app, 'src', `${page.name}.js`),
    preserveEntrySignatures: false,
    onwarn: () => {},
    plugins: [
      {
        name: 'define-production',
        transform: (code) => (code.includes('process.env.NODE_ENV') ? { code: code.replaceAll('process.env.NODE_ENV', PRODUCTION['process.env.NODE_ENV']), map: null } : null),
      },
      nodeResolve({ browser: true, rootDir: app }),
    ],
  });
  const { output } = await bundle.generate({ format: 'es', chunkFileNames: '[name]-[hash].js', plugins: [terser()] });
  await bundle.close();
  return rollupGraph(output as never, app);
}

/** Bundles a page with esbuild, code splitting on. */
async function bundleWithEsbuild(app: string, page: Page): Promise<ChunkGraph> {
  const { build } = await import('esbuild');
  const entry = join(app, 'src', `${page.name}.js`);
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: app,
    outdir: join(app, 'out'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    define: PRODUCTION,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  return esbuildGraph(result, app, entry);
}

const lazyDownload = (load: PageLoad, facade: RegExp, what: string): Download => {
  const found = load.lazy.find((l) => facade.test(l.facade));
  if (found === undefined) throw new Error(`no lazy chunk for ${what} (${String(facade)}); lazy chunks: ${load.lazy.map((l) => l.facade).join(', ') || 'none'}`);
  return found.download;
};

/**
 * Budgets CI enforces, in gzipped bytes: issue 14's figures. The tracking page and the script tag
 * carry the client, the errors and the empty state up front; the reducer is a chunk of its own
 * that the client imports right after it starts (shown on its own line).
 */
export const BUDGETS = { tracking: 10_240, messages: 8_000, core: 5_500, scriptTag: 10_240 } as const;

/** Measures the pages of the installed app with both bundlers. */
async function measureApp(app: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [bundler, bundle] of [
    ['rollup', bundleWithRollup],
    ['esbuild', bundleWithEsbuild],
  ] as const) {
    const tracking = pageLoad(await bundle(app, PAGES.tracking), AFTER_START);
    const messages = pageLoad(await bundle(app, PAGES.messages), AFTER_START);
    const core = pageLoad(await bundle(app, PAGES.core));
    figures.push(
      { what: 'tracking: createRetain + identify/track/page, up front', bundler, download: tracking.initial, budget: BUDGETS.tracking, forbidden: NOT_IN_TRACKING },
      { what: '  + customer-state reducer, right after start', bundler, download: lazyDownload(tracking, REDUCER_FACADE, 'the reducer') },
      { what: '  + IndexedDB queue, right after start', bundler, download: lazyDownload(tracking, IDB_FACADE, 'the IndexedDB queue') },
      { what: 'messages: first inContextMessage(), on top', bundler, download: lazyDownload(messages, MESSAGES_FACADE, 'the message renderer'), budget: BUDGETS.messages, forbidden: [/node_modules\/zod\//] },
      { what: '  + conditions as data / score (core bridge, zod), on top', bundler, download: lazyDownload(messages, CORE_BRIDGE_FACADE, 'the core bridge') },
      { what: 'core: applyEvent', bundler, download: core.initial, budget: BUDGETS.core, forbidden: NOT_IN_CORE },
    );
  }
  return figures;
}

/** The script-tag build (`npm run bundle`): the classic script, and the sibling modules it imports on demand. */
function measureScriptTag(): Figure[] {
  const dir = join(root, 'packages/browser/dist/bundle');
  const file = (name: string): Download => {
    const code = readFileSync(join(dir, name), 'utf8');
    return { files: [name], minBytes: Buffer.byteLength(code), gzipBytes: gzipBytes(code), modules: [] };
  };
  const first = file('retain.min.js');
  const code = readFileSync(join(dir, 'retain.min.js'), 'utf8');
  if (/^\s*(import|export)\b/m.test(code) || !code.startsWith('var Retain=')) throw new Error('retain.min.js must be a classic script defining Retain (no static import or export)');
  // the ES-module build: retain.js and the chunks it imports statically (import(...) is not a static import)
  const esm = join(dir, 'esm');
  const closure = new Set<string>();
  const visit = (name: string): void => {
    if (closure.has(name)) return;
    closure.add(name);
    for (const m of readFileSync(join(esm, name), 'utf8').matchAll(/(?:^|[;}])\s*(?:import|export)\s*(?:[\w$*{}\s,]*from\s*)?["']\.\/([^"']+)["']/g)) visit(m[1]!);
  };
  visit('retain.js');
  const esmFiles = [...closure].map((name) => readFileSync(join(esm, name), 'utf8'));
  const esmFirst: Download = { files: [...closure], minBytes: esmFiles.reduce((n, c) => n + Buffer.byteLength(c), 0), gzipBytes: esmFiles.reduce((n, c) => n + gzipBytes(c), 0), modules: [] };
  return [
    { what: 'script tag: retain.min.js, first download', bundler: 'rollup', download: first, budget: BUDGETS.scriptTag, forbidden: [] },
    { what: '  + retain-state.js (the reducer), right after start', bundler: 'rollup', download: file('retain-state.js') },
    { what: '  + retain-idb.js, right after start', bundler: 'rollup', download: file('retain-idb.js') },
    { what: '  + retain-messages.js, first inContextMessage()', bundler: 'rollup', download: file('retain-messages.js'), budget: BUDGETS.messages },
    { what: '  + retain-core-bridge.js, conditions as data', bundler: 'rollup', download: file('retain-core-bridge.js') },
    { what: 'module script: esm/retain.js (whole package), first download', bundler: 'rollup', download: esmFirst },
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const tmp = mkdtempSync(join(tmpdir(), 'retain-size-'));
  try {
    const { tarballs, problems } = await pack(tmp);
    problems.push(...installApp(join(tmp, 'app'), tarballs));
    const figures = await measureApp(join(tmp, 'app'));
    try {
      figures.push(...measureScriptTag());
    } catch (error) {
      problems.push(`script tag: ${(error as Error).message} (npm run bundle builds it)`);
    }
    console.log(`What an app downloads, from the packed packages (npm pack → a fresh app in ${tmpdir()}), min+gzip per file:\n`);
    console.log(formatTable(figures));
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const figure of figures) for (const problem of problemsOf(figure)) problems.push(`${figure.what} (${figure.bundler}): ${problem}`);
    for (const problem of problems) console.error(`size: ${problem}`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    if (process.env['RETAIN_SIZE_KEEP'] === undefined) rmSync(tmp, { recursive: true, force: true });
    else console.log(`kept ${tmp}`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
