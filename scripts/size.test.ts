import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildGraph, formatTable, gzipBytes, pageLoad, problemsOf, rollupGraph, staticClosure, type ChunkGraph, type Figure } from './size.js';

// A tiny app: the page imports `shared` statically and `lazy` dynamically; `lazy` imports
// `shared` too, and `extra` (its own), and `later` dynamically. What the counting must say:
// up front = the page with `shared`; on top of it, `lazy` brings `lazy` + `extra` (not `shared`
// again), and `later` brings `later` alone.
const FILES: Record<string, string> = {
  'page.js': "import { shared } from './shared.js';\nconsole.log(shared('page'));\ndocument.body.onclick = () => import('./lazy.js').then((m) => m.lazy());",
  'shared.js': "export const shared = (who) => `shared code, called by ${who}: ${'x'.repeat(40)}`;",
  'lazy.js': "import { shared } from './shared.js';\nimport { extra } from './extra.js';\nexport const lazy = () => { console.log(shared('lazy'), extra()); return import('./later.js'); };",
  'extra.js': "export const extra = () => 'only the lazy chunk needs this';",
  'later.js': "export const later = 'loaded last';",
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'retain-size-test-'));
  mkdirSync(join(dir, 'src'));
  for (const [name, code] of Object.entries(FILES)) writeFileSync(join(dir, 'src', name), code);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const modulesOf = (graph: ChunkGraph, files: readonly string[]) => files.flatMap((f) => graph.chunks.get(f)!.modules).sort();

async function viaRollup(): Promise<ChunkGraph> {
  const bundle = await rollup({ input: join(dir, 'src/page.js'), preserveEntrySignatures: false });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return rollupGraph(output as never, dir);
}

async function viaEsbuild(): Promise<ChunkGraph> {
  const entry = join(dir, 'src/page.js');
  const result = await build({ entryPoints: [entry], absWorkingDir: dir, outdir: join(dir, 'out'), bundle: true, splitting: true, format: 'esm', write: false, metafile: true, logLevel: 'silent' });
  return esbuildGraph(result, dir, entry);
}

describe('scripts/size.ts: what a page downloads', () => {
  for (const [bundler, bundle] of [
    ['rollup', viaRollup],
    ['esbuild', viaEsbuild],
  ] as const) {
    it(`${bundler}: counts the entry and its static imports up front, and each dynamic import on top of what is loaded`, async () => {
      const graph = await bundle();
      const load = pageLoad(graph);
      expect(modulesOf(graph, load.initial.files)).toEqual(['src/page.js', 'src/shared.js']);
      expect(load.initial.gzipBytes).toBe(load.initial.files.reduce((sum, f) => sum + gzipBytes(graph.chunks.get(f)!.code), 0));
      expect(load.initial.gzipBytes).toBeLessThan(load.initial.minBytes + 20 * load.initial.files.length);
      const lazy = load.lazy.find((l) => l.facade === 'src/lazy.js');
      const later = load.lazy.find((l) => l.facade === 'src/later.js');
      expect(lazy && modulesOf(graph, lazy.download.files)).toEqual(['src/extra.js', 'src/lazy.js']);
      expect(later && modulesOf(graph, later.download.files)).toEqual(['src/later.js']);
      // nothing counted twice
      const all = [load.initial, ...load.lazy.map((l) => l.download)].flatMap((d) => d.files);
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(new Set(graph.chunks.keys()));
    });
  }

  it('counts what the page imports right after it starts first, and later imports on top of it', () => {
    const chunk = (fileName: string, imports: string[], dynamicImports: string[] = []) => ({ fileName, code: fileName.repeat(20), imports, dynamicImports, facade: `src/${fileName}`, modules: [`src/${fileName}`] });
    // the page starts `reducer` at once; `messages` shares `common` with it
    const graph: ChunkGraph = {
      entry: 'page.js',
      chunks: new Map([
        ['page.js', chunk('page.js', [], ['reducer.js', 'messages.js'])],
        ['reducer.js', chunk('reducer.js', ['common.js'])],
        ['messages.js', chunk('messages.js', ['common.js'])],
        ['common.js', chunk('common.js', [])],
      ]),
    };
    const files = (load: ReturnType<typeof pageLoad>, facade: string) => load.lazy.find((l) => l.facade === facade)?.download.files;
    const started = pageLoad(graph, [/reducer/]);
    expect(files(started, 'src/reducer.js')).toEqual(['common.js', 'reducer.js']);
    expect(files(started, 'src/messages.js')).toEqual(['messages.js']);
    // without it, each dynamic import is counted on top of the first download alone
    expect(files(pageLoad(graph), 'src/messages.js')).toEqual(['common.js', 'messages.js']);
    expect(files(pageLoad(graph), 'src/reducer.js')).toEqual(['common.js', 'reducer.js']);
  });

  it('follows static imports transitively, and refuses a chunk that is not in the bundle', () => {
    const chunk = (fileName: string, imports: string[]) => ({ fileName, code: fileName, imports, dynamicImports: [], facade: undefined, modules: [] });
    const graph: ChunkGraph = { entry: 'a', chunks: new Map([['a', chunk('a', ['b'])], ['b', chunk('b', ['c'])], ['c', chunk('c', [])], ['d', chunk('d', [])]]) };
    expect([...staticClosure(graph, ['a'])].sort()).toEqual(['a', 'b', 'c']);
    expect(() => staticClosure(graph, ['x'])).toThrow(/no chunk named x/);
  });
});

describe('scripts/size.ts: budgets and the table', () => {
  const download = { files: ['app.js'], minBytes: 3000, gzipBytes: 1200, modules: ['node_modules/zod/v4/core/schemas.js', 'src/app.js'] };

  it('flags a figure over its budget and a forbidden module, and marks it FAIL', () => {
    const figure: Figure = { what: 'tracking', bundler: 'rollup', download, budget: 1000, forbidden: [/node_modules\/zod\//] };
    expect(problemsOf(figure)).toEqual(['1200 B min+gzip is over the budget of 1000 B', 'holds 1 module(s) matching /node_modules\\/zod\\//, e.g. node_modules/zod/v4/core/schemas.js']);
    expect(formatTable([figure])).toMatch(/^tracking\s+rollup\s+1\s+3000 B\s+1200 B \(1\.17 KiB\)\s+1000 B\s+FAIL$/m);
  });

  it('passes a figure within budget, and shows one without a budget for information only', () => {
    const ok: Figure = { what: 'core', bundler: 'esbuild', download, budget: 1200, forbidden: [/node_modules\/ky\//] };
    const info: Figure = { what: 'lazy', bundler: 'esbuild', download };
    expect(problemsOf(ok)).toEqual([]);
    expect(problemsOf(info)).toEqual([]);
    const table = formatTable([ok, info]);
    expect(table).toMatch(/^core\s+esbuild.*1200 B\s+ok$/m);
    expect(table).toMatch(/^lazy\s+esbuild.*\s-$/m);
  });
});
