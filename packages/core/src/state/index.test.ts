import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import * as state from './index.js';

describe('@retain/core/state', () => {
  it('exports the very same values as @retain/core (one class, one function, whichever entry point names it)', () => {
    const names = Object.keys(state);
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) expect(core[name as keyof typeof core], name).toBe(state[name as keyof typeof state]);
  });

  it('holds the reducer without validation: nothing of it reaches zod, conditions or scoring', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('apply-event'))).toBe(true);
    expect(inputs.filter((input) => /node_modules[\\/]zod[\\/]|[\\/](conditions|scoring)[\\/]|schema|parse-/.test(input))).toEqual([]);
  });
});
