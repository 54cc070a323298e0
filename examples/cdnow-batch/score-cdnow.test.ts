import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulateBgNbdCustomers } from '@retain/node';
import { afterAll, describe, expect, it } from 'vitest';
import { cdnowAvailability, cdnowDir, isCi } from '../../packages/node/src/churn/testing/cdnow-data.js';
import { parseArgs, scoreCdnowFile } from './score-cdnow.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cdnow-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small CDNOW-master-format file simulated from known parameters (first purchases in Q1 1997, on whole days). */
function writeSimulatedFile(): string {
  const start = Date.UTC(1997, 0, 1);
  const calEnd = Date.UTC(1997, 8, 30);
  const customers = simulateBgNbdCustomers({ r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 }, { customers: 600, T: (i) => (calEnd - (start + (i % 84) * 86_400_000)) / 86_400_000 / 7, grid: 1 / 7, seed: 3 });
  const lines = [' customer_id  date number_of_cds  dollar_value'];
  const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
  customers.forEach((c, i) => {
    const first = start + (i % 84) * 86_400_000;
    const id = String(i + 1).padStart(5, '0');
    lines.push(` ${id} ${ymd(first)}  1   ${(10 + (i % 7)).toFixed(2)}`);
    // x repeat purchases, the last one at t_x (weeks), the others spread before it on distinct days.
    for (let k = 1; k <= c.x; k++) {
      const day = k === c.x ? Math.round(c.tx * 7) : Math.round((c.tx * 7 * k) / (c.x + 1));
      lines.push(` ${id} ${ymd(first + day * 86_400_000)}  2   ${(20 + ((i * k) % 13)).toFixed(2)}`);
    }
  });
  const file = path.join(dir, 'simulated.txt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('cdnow-batch example', () => {
  it('scores a generated CDNOW-format file and writes one CSV row per customer', () => {
    const out = path.join(dir, 'scores.csv');
    const result = scoreCdnowFile({ file: writeSimulatedFile(), format: 'master', out });
    expect(result.customers).toHaveLength(600);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('customer_id,x,t_x,T,p_alive,expected_purchases,expected_spend,clv');
    expect(rows).toHaveLength(601);
    for (const c of result.customers) {
      expect(c.pAlive).toBeGreaterThan(0);
      expect(c.pAlive).toBeLessThanOrEqual(1);
      expect(c.clv).toBeGreaterThanOrEqual(0);
      if (c.x === 0) expect(c.pAlive).toBe(1);
    }
    // The fit lands near the simulation's parameters (600 customers: loose).
    expect(result.bgNbd.params.r).toBeGreaterThan(0.1);
    expect(result.bgNbd.params.r).toBeLessThan(0.5);
    // Customers who bought more and more recently are worth more: the top decile by CLV has more purchases.
    const byClv = [...result.customers].sort((a, b) => b.clv - a.clv);
    const mean = (cs: typeof byClv) => cs.reduce((s, c) => s + c.x, 0) / cs.length;
    expect(mean(byClv.slice(0, 60))).toBeGreaterThan(mean(byClv.slice(-300)));
  });

  it('parses its command line and rejects unknown options', () => {
    expect(parseArgs(['f.txt', '--format', 'sample', '--horizon', '39', '--out', 'o.csv'])).toEqual({ file: 'f.txt', format: 'sample', horizon: 39, out: 'o.csv' });
    expect(() => parseArgs([])).toThrow(/usage/);
    expect(() => parseArgs(['f.txt', '--nope', '1'])).toThrow(/unknown option/);
    expect(() => parseArgs(['f.txt', '--format', 'csv'])).toThrow(/--format/);
  });

  const real = cdnowAvailability(['CDNOW_sample.txt']);
  it('scores the real CDNOW sample when present (required under CI)', (ctx) => {
    if (!real.available && !isCi) {
      process.stderr.write(`[retain] cdnow-batch: real-data check skipped. ${real.howTo}\n`);
      ctx.skip(real.howTo);
    }
    expect(real.available, real.howTo).toBe(true);
    const result = scoreCdnowFile({ file: path.join(cdnowDir(), 'CDNOW_sample.txt'), format: 'sample' });
    expect(result.customers).toHaveLength(2357);
    expect(result.bgNbd.params.r).toBeCloseTo(0.2426, 3);
    const c1 = result.customers.find((c) => c.customerId === '1');
    expect(c1?.pAlive).toBeCloseTo(0.727, 2);
  });
});
