/**
 * Browser bundles of `@retain/browser` (run `npm run bundle` after the packages are built):
 * - `packages/browser/dist/bundle/esm/` — ESM, code-split (the message renderer is its own chunk);
 * - `packages/browser/dist/bundle/retain.min.js` — minified IIFE for a `<script>` tag, global `Retain`.
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import type { RollupOptions, WarningHandlerWithDefault } from 'rollup';

const onwarn: WarningHandlerWithDefault = (warning, warn) => {
  // zod 4 ships annotations and internal cycles that rollup reports harmlessly.
  if (warning.code === 'INVALID_ANNOTATION' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

const plugins = () => [
  nodeResolve({ browser: true, exportConditions: ['@retain/source', 'browser', 'import', 'default'] }),
  typescript({
    tsconfig: './tsconfig.base.json',
    include: ['packages/*/src/**/*.ts'],
    exclude: ['**/*.test.ts', '**/*.test-d.ts'],
    compilerOptions: { noEmit: false, declaration: false, sourceMap: false, module: 'ESNext', allowImportingTsExtensions: false },
    noEmitOnError: true,
  }),
];

const config: RollupOptions[] = [
  {
    input: 'packages/browser/src/index.ts',
    output: { dir: 'packages/browser/dist/bundle/esm', format: 'es', entryFileNames: 'retain.js', chunkFileNames: '[name]-[hash].js', plugins: [terser()] },
    plugins: plugins(),
    onwarn,
  },
  {
    input: 'packages/browser/src/index.ts',
    output: { file: 'packages/browser/dist/bundle/retain.min.js', format: 'iife', name: 'Retain', inlineDynamicImports: true, plugins: [terser()] },
    plugins: plugins(),
    onwarn,
  },
];

export default config;
