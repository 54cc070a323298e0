import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

// `@retain/core/state`: the reducer without validation (what `@retain/browser` imports).
export default defineConfig(packageBuild(['src/index.ts', 'src/state/index.ts']));
