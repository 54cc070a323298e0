/**
 * The live definition of Retain's test projects (vitest 4 reads `test.projects`;
 * `npm test` runs `vitest run --config vitest.workspace.ts`).
 *
 * - `node`    — pure logic in core and node, SSR checks of the browser package, examples, docs.
 * - `dom`     — browser-client unit tests in happy-dom (msw stands in for the collector).
 * - `browser` — `*.browser.test.ts` in real Chromium (Debian's `/usr/bin/chromium`, or `CHROME_PATH`).
 * - `e2e`     — `*.e2e.test.ts`: node drives real Chromium with playwright-core against a real local server.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
// Chromium for the browser and e2e projects: `CHROME_PATH`, else Debian's (one definition, shared with playwright-core tests).
import { chromiumArgs, chromiumPath } from './test/helpers/chromium.js';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

const wantsBrowser = !process.argv.some((a) => a === '--project') || process.argv.some((a) => /browser|e2e/.test(a));
if (wantsBrowser && !existsSync(chromiumPath)) {
  throw new Error(
    `Chromium not found at ${chromiumPath}. Install Debian's chromium (apt-get install -y chromium) ` +
      'or set CHROME_PATH to a Chromium binary. Browser tests are never skipped silently.',
  );
}

const exclude = ['**/node_modules/**', '**/dist/**'];

export default defineConfig({
  resolve: {
    alias: {
      // before '@retain/core', which would match '@retain/core/state' (and the other subpaths) as a prefix
      '@retain/core/state': fileURLToPath(new URL('./packages/core/src/state/index.ts', import.meta.url)),
      '@retain/core/errors': fileURLToPath(new URL('./packages/core/src/errors/index.ts', import.meta.url)),
      '@retain/core/empty-state': fileURLToPath(new URL('./packages/core/src/state/create-customer-state.ts', import.meta.url)),
      '@retain/core': src('core'),
      '@retain/browser': src('browser'),
      '@retain/node': src('node'),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['packages/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'docs/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...exclude, '**/*.dom.test.ts', '**/*.browser.test.ts', '**/*.e2e.test.ts'],
          typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['packages/*/src/**/*.dom.test.ts'],
          exclude,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['packages/*/src/**/*.browser.test.ts'],
          exclude,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            instances: [{ browser: 'chromium' }],
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['packages/*/src/**/*.e2e.test.ts', 'examples/**/*.e2e.test.ts', 'e2e/**/*.e2e.test.ts'],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
