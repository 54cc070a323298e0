/**
 * Where the CDNOW data lives for validation tests, the bench and the example (internal; not part
 * of the package's API). The data is never copied into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/node/src/churn/testing/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');

/** `RETAIN_CDNOW_DIR` (relative to the repository root), else `../shared/data/cdnow` beside the checkout. */
export function cdnowDir(): string {
  const fromEnv = process.env['RETAIN_CDNOW_DIR'];
  return path.resolve(repoRoot, fromEnv !== undefined && fromEnv !== '' ? fromEnv : '../shared/data/cdnow');
}

/** The files of the CDNOW data set used here. */
export type CdnowFile = 'CDNOW_master.txt' | 'CDNOW_sample.txt' | 'cdnow_customers_summary.csv' | 'cdnow_customers_summary_with_transactions.csv';

/** Whether the files are present, and what to do if not. */
export function cdnowAvailability(files: readonly CdnowFile[]): { dir: string; available: boolean; missing: string[]; howTo: string } {
  const dir = cdnowDir();
  const missing = files.filter((f) => !existsSync(path.join(dir, f)));
  const howTo =
    `CDNOW data not found in ${dir} (missing ${missing.join(', ')}). ` +
    'Set RETAIN_CDNOW_DIR to a folder holding CDNOW_master.txt, CDNOW_sample.txt, cdnow_customers_summary.csv and ' +
    'cdnow_customers_summary_with_transactions.csv (they ship in the datasets/ folder of the Python library "lifetimes", ' +
    'e.g. `pip download lifetimes` and unpack), or put them in ../shared/data/cdnow beside the checkout.';
  return { dir, available: missing.length === 0, missing, howTo };
}

/** True under CI, where missing data is a failure rather than a skip. */
export const isCi = process.env['CI'] === 'true';

/** Reads one CDNOW file as text. */
export function readCdnow(file: CdnowFile): string {
  return readFileSync(path.join(cdnowDir(), file), 'utf8');
}

/** The published summary rows (`cdnow_customers_summary_with_transactions.csv`). */
export function readPublishedSummaries(): Array<{ id: string; x: number; tx: number; T: number; zbar: number }> {
  return readCdnow('cdnow_customers_summary_with_transactions.csv')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [id, x, tx, T, zbar] = line.split(',');
      return { id: String(id), x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) };
    });
}
