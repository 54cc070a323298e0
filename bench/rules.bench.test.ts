import { describe, expect, it } from 'vitest';
import { fireCounts } from './rules.bench.js';

describe('bench:rules', () => {
  it('json-rules-engine, Retain and the hand-written closures fire the same rules, rule by rule', async () => {
    const counts = await fireCounts(600);
    expect(counts.retain).toEqual(counts.jre);
    expect(counts.closuresState).toEqual(counts.jre);
    expect(counts.closuresFacts).toEqual(counts.jre);
    expect(counts.jre.filter((n) => n > 0).length).toBeGreaterThanOrEqual(15); // the distribution exercises most rules
  }, 60_000);
});
