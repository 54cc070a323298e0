/**
 * Builds the example with rollup (what Vite uses for production builds): ESM, code-split,
 * minified. The app chunk holds the tracking client; the in-context message renderer is a
 * separate chunk that loads only if the app calls `retain.inContextMessage()`.
 *
 * (esbuild, splitting on, works too — `npm run size` measures both — but puts the modules the page
 * shares with its lazy chunks in files of their own, a little more to download.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform } from 'esbuild';
import { rollup } from 'rollup';

/** Bundles `src/main.ts`; returns the output files (`/name.js` → text) and writes them to `dist/` when asked. */
export async function buildApp(write = true): Promise<Map<string, string>> {
  const bundle = await rollup({
    input: { app: new URL('./src/main.ts', import.meta.url).pathname },
    onwarn: () => {},
    plugins: [
      nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'], exportConditions: ['@retain/source', 'browser', 'import', 'default'] }),
      {
        name: 'esbuild-typescript',
        async transform(code, id) {
          if (!id.endsWith('.ts')) return null;
          return { code: (await transform(code, { loader: 'ts', target: 'es2022' })).code, map: null };
        },
      },
    ],
  });
  const { output } = await bundle.generate({ format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', plugins: [terser()] });
  await bundle.close();
  const files = new Map(output.filter((o) => o.type === 'chunk').map((c) => [`/${c.fileName}`, c.code]));
  if (write) {
    const dir = new URL('./dist/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    for (const [path, text] of files) writeFileSync(new URL(`.${path}`, dir), text);
  }
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildApp();
  console.log('built examples/bundled-app/dist/');
}
