/** Zod schemas and checks shared by the repeat-purchase models (internal). */
import { z } from 'zod';
import { InvalidModelInputError } from './invalid-model-input-error.js';

/** The per-customer statistics the BG/NBD model needs (a {@link CustomerSummary} has them). */
export interface RepeatSummary {
  /** Repeat purchases in calibration. */
  x: number;
  /** Time of the last purchase, from the first (`t_x`). */
  tx: number;
  /** Length of the calibration period, from the first purchase. */
  T: number;
}

const positive = (name: string) => z.number({ error: `${name} must be a number` }).finite().positive(`${name} must be > 0`);

/** @internal Zod schema of a {@link RepeatSummary}. */
export const RepeatSummarySchema = z
  .object({
    x: z.number().int('x must be a whole number of purchases').min(0, 'x must be ≥ 0'),
    tx: z.number().finite().min(0, 'tx must be ≥ 0'),
    T: z.number().finite().min(0, 'T must be ≥ 0'),
  })
  .refine((c) => c.tx <= c.T + 1e-9, { message: 'tx must not exceed T', path: ['tx'] })
  .refine((c) => c.x > 0 || c.tx === 0, { message: 'tx must be 0 when x = 0', path: ['tx'] });

/** @internal Zod schema of BG/NBD parameters (all > 0). */
export const BgNbdParamsSchema = z.object({ r: positive('r'), alpha: positive('alpha'), a: positive('a'), b: positive('b') });
/** @internal Zod schema of Gamma-Gamma parameters (all > 0). */
export const GammaGammaParamsSchema = z.object({ p: positive('p'), q: positive('q'), gamma: positive('gamma') });

/** Parses `value` with `schema`, throwing {@link InvalidModelInputError} at `path` on failure. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? path : `${path}.${issue.path.join('.')}`;
  throw new InvalidModelInputError(where, issue?.message ?? 'invalid value');
}

/** Checks every summary of a population (fast path; reports the first bad one by index). */
export function checkSummaries(customers: readonly RepeatSummary[], path = 'customers'): void {
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i] as RepeatSummary;
    if (
      c === null ||
      typeof c !== 'object' ||
      !Number.isInteger(c.x) ||
      c.x < 0 ||
      !(c.tx >= 0) ||
      !(c.T >= 0) ||
      !Number.isFinite(c.T) ||
      c.tx > c.T + 1e-9 ||
      (c.x === 0 && c.tx !== 0)
    ) {
      parseInput(RepeatSummarySchema, c, `${path}[${i}]`); // throws with the precise reason
      throw new InvalidModelInputError(`${path}[${i}]`, 'invalid summary');
    }
  }
}
