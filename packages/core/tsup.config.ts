import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

// `@retain/core/state`: the reducer without validation (what `@retain/browser`'s reducer chunk imports);
// `@retain/core/errors` and `@retain/core/empty-state`: the error classes and the empty state alone
// (what a tracking page needs up front, without the reducer).
export default defineConfig(packageBuild(['src/index.ts', 'src/state/index.ts', 'src/errors/index.ts', 'src/state/create-customer-state.ts']));
