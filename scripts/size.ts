/**
 * `npm run size` — what a browser app ships: bundles each entry below as an app would (esbuild,
 * browser ESM, minified, tree-shaken, `@retain/*` resolved to source), prints the minified and
 * minified+gzipped bytes, and exits non-zero when an entry is over its budget or contains
 * something it must not (e.g. zod in an app that only folds events).
 *
 * Extend `SIZE_ENTRIES` with your own entry in your section (see the markers in the list).
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollupInitialLoad } from '../test/helpers/bundle.js';

/** One thing a browser app might import, with its budget. */
export interface SizeEntry {
  /** Shown in the table, e.g. `core: applyEvent + event types`. */
  readonly name: string;
  /** The app's module: bundled as the entry point (TypeScript; import from `@retain/*`). */
  readonly code: string;
  /** Budget for minified + gzipped bytes. */
  readonly maxGzipBytes: number;
  /** Text that must not appear in the minified bundle (property names and strings survive minification). */
  readonly forbiddenText?: readonly (string | RegExp)[];
  /** Source files that must not be bundled, matched against esbuild's input paths (e.g. `/node_modules\/zod\//`). */
  readonly forbiddenInputs?: readonly RegExp[];
  /**
   * Measure only what the page downloads up front, bundled as an app bundler does (rollup,
   * code-split): chunks behind a dynamic `import()` are left out. (esbuild without splitting
   * inlines dynamic imports.)
   */
  readonly initialLoadOnly?: boolean;
}

/**
 * The entries measured by `npm run size`. Each owner adds and maintains their own entry in
 * their section; keep budgets a little above what you measure, and say what you measured.
 */
export const SIZE_ENTRIES: SizeEntry[] = [
  // --- core (packages/core): an app that folds events, without validation ---
  {
    name: 'core: applyEvent + event types',
    code: [
      "import { applyEvent } from '@retain/core';",
      "import type { CustomerState, RetainEvent, TrackEvent, KnownEventProperties } from '@retain/core';",
      'export type { CustomerState, RetainEvent, TrackEvent, KnownEventProperties };',
      'export { applyEvent };',
    ].join('\n'),
    maxGzipBytes: 5_500, // measured 5,098 B (13,339 B minified) on 2026-11-23
    // zod (validation) must not come with the reducer, nor any DOM or Node API.
    forbiddenText: ['_zod', 'ZodError', /\bwindow\./, /\bdocument\./, 'node:'],
    forbiddenInputs: [/node_modules[\\/]zod[\\/]/],
  },
  // --- browser (packages/browser): createRetain + track ---
  {
    // Everything a tracking-only page downloads: the client, ky is NOT in (fetch is the default
    // HttpClient), idb-keyval, the core reducer. The in-context message renderer is a lazy chunk.
    name: 'browser: createRetain + track',
    code: "import { createRetain } from '@retain/browser'; createRetain({ endpoint: '/v1/batch' }).track('Signed Up');",
    initialLoadOnly: true,
    maxGzipBytes: 12_000, // issue 3 budget; measured 11,171 B (28,821 B minified) on 2026-11-23
    forbiddenText: ['innerHTML', 'attachShadow'],
    forbiddenInputs: [/node_modules[\\/]zod[\\/]/, /messages[\\/](render|messenger|core-bridge)/],
  },
  // --- browser messages chunk (packages/browser/src/messages) ---
  {
    // What retain.inContextMessage() loads lazily; measured standalone, so it also counts the few
    // core modules it shares with tracking (RetainError, event names, queries): an upper bound.
    name: 'messages chunk (lazy, on top of tracking)',
    code: "export { createMessenger } from './packages/browser/src/messages/index.js';",
    maxGzipBytes: 8_000, // issue 4 budget; measured 7,657 B (19,128 B minified) on 2026-11-23
    // Content is text: no HTML parsing sinks. zod and the core bridge (conditions as data, scorecard) load separately.
    forbiddenText: ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write'],
    forbiddenInputs: [/node_modules[\\/]zod[\\/]/, /messages[\\/]core-bridge/],
  },
];

/** The measured size of one entry, and what is wrong with it (empty when within budget). */
export interface SizeResult {
  readonly entry: SizeEntry;
  readonly minBytes: number;
  readonly gzipBytes: number;
  /** The source files that contribute bytes to the bundle, relative to the repository. */
  readonly inputs: readonly string[];
  readonly problems: readonly string[];
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles and measures one entry. */
export async function measureEntry(entry: SizeEntry): Promise<SizeResult> {
  if (entry.initialLoadOnly === true) return measureInitialLoad(entry);
  const result = await build({
    stdin: { contents: entry.code, resolveDir: root, loader: 'ts', sourcefile: 'size-entry.ts' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    conditions: ['@retain/source'],
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for "${entry.name}"`);
  const text = output.text;
  // The files that contribute bytes to the output (the metafile's top-level inputs also list
  // modules that were resolved but then shaken away entirely).
  const contributions = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
  const inputs = Object.keys(contributions).filter((input) => (contributions[input]?.bytesInOutput ?? 0) > 0);
  const gzipBytes = gzipSync(output.contents, { level: 9 }).length;
  const problems: string[] = [];
  if (gzipBytes > entry.maxGzipBytes) problems.push(`${gzipBytes} B min+gzip is over the budget of ${entry.maxGzipBytes} B`);
  for (const pattern of entry.forbiddenText ?? []) {
    const found = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
    if (found) problems.push(`the bundle contains forbidden text ${String(typeof pattern === 'string' ? JSON.stringify(pattern) : pattern)}`);
  }
  for (const pattern of entry.forbiddenInputs ?? []) {
    const offenders = inputs.filter((input) => pattern.test(input));
    if (offenders.length > 0) problems.push(`the bundle includes ${offenders.length} forbidden file(s) matching ${String(pattern)}, e.g. ${offenders[0]}`);
  }
  return { entry, minBytes: output.contents.length, gzipBytes, inputs, problems };
}

/** Measures an `initialLoadOnly` entry (rollup, code-split; lazy chunks left out). */
async function measureInitialLoad(entry: SizeEntry): Promise<SizeResult> {
  const { code, inputs } = await rollupInitialLoad(entry.code);
  const bytes = Buffer.from(code);
  const gzipBytes = gzipSync(bytes, { level: 9 }).length;
  const problems: string[] = [];
  if (gzipBytes > entry.maxGzipBytes) problems.push(`${gzipBytes} B min+gzip is over the budget of ${entry.maxGzipBytes} B`);
  for (const pattern of entry.forbiddenText ?? []) {
    if (typeof pattern === 'string' ? code.includes(pattern) : pattern.test(code)) problems.push(`the bundle contains forbidden text ${String(pattern)}`);
  }
  for (const pattern of entry.forbiddenInputs ?? []) {
    const offenders = inputs.filter((input) => pattern.test(input));
    if (offenders.length > 0) problems.push(`the bundle includes ${offenders.length} forbidden file(s) matching ${String(pattern)}, e.g. ${offenders[0]}`);
  }
  return { entry, minBytes: bytes.length, gzipBytes, inputs, problems };
}

/** Formats results as a table (bytes and KiB). */
export function formatTable(results: readonly SizeResult[]): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
  const rows = [
    ['entry', 'min', 'min+gzip', 'budget (gzip)', ''],
    ...results.map((r) => [r.entry.name, `${r.minBytes} B`, `${r.gzipBytes} B (${kib(r.gzipBytes)})`, `${r.entry.maxGzipBytes} B`, r.problems.length === 0 ? 'ok' : 'FAIL']),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const results: SizeResult[] = [];
  for (const entry of SIZE_ENTRIES) results.push(await measureEntry(entry));
  console.log(formatTable(results));
  const failed = results.filter((r) => r.problems.length > 0);
  for (const r of failed) for (const problem of r.problems) console.error(`size: ${r.entry.name}: ${problem}`);
  if (failed.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
