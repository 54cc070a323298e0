import { describe, expect, it } from 'vitest';
import { SIZE_ENTRIES, formatTable, measureEntry, type SizeEntry } from './size.js';

const core = SIZE_ENTRIES.find((e) => e.name === 'core: applyEvent + event types') as SizeEntry;

describe('scripts/size.ts', () => {
  it('measures the core entry: the reducer alone, no zod, within budget', async () => {
    const result = await measureEntry(core);
    expect(result.problems).toEqual([]);
    expect(result.gzipBytes).toBeGreaterThan(1000);
    expect(result.gzipBytes).toBeLessThan(result.minBytes);
    expect(result.inputs).toContain('packages/core/src/state/apply-event.ts');
    expect(result.inputs.some((input) => input.includes('zod'))).toBe(false);
  });

  it('flags forbidden inputs, forbidden text and budget overruns (negative control: validation pulls zod in)', async () => {
    const withValidation: SizeEntry = { ...core, name: 'core + parseEvent', code: "export { applyEvent, parseEvent } from '@retain/core';", maxGzipBytes: 100 };
    const result = await measureEntry(withValidation);
    expect(result.inputs.some((input) => /node_modules[\\/]zod[\\/]/.test(input))).toBe(true);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/over the budget of 100 B/),
        expect.stringMatching(/forbidden file\(s\) matching .*zod/),
        expect.stringMatching(/forbidden text "_zod"/),
      ]),
    );
    expect(formatTable([result])).toMatch(/core \+ parseEvent .* FAIL$/m);
  });
});
