/**
 * M.I.C.E. (DOMAIN.md §5): ranks retention fixes by how many departments they need, their impact,
 * the confidence of fixing them, and their ease.
 */
import { z } from 'zod';
import { parseInsightInput } from './parse-input.js';

/** A candidate fix. */
export interface RetentionFix {
  name: string;
  /** Departments needed to fix it (1–9). */
  departments: number;
  /** Impact on retention, 1–10. */
  impact: number;
  /** Confidence that current resources can fix it, 1–10. */
  confidence: number;
  /** Small, quick and easy scores high, 1–10. */
  ease: number;
}

/** A scored fix. */
export interface MiceScore extends RetentionFix {
  /** 10 − departments. */
  m: number;
  /** M + I + C + E (4–39). */
  total: number;
  /** `'long-term'` for a high-impact fix (impact ≥ 7) that otherwise ranks low (total < 28); else `'short-term'`. */
  horizon: 'short-term' | 'long-term';
}

const scale = (name: string) => z.number().int(`${name} is a whole number`).min(1, `${name} is 1–10`).max(10, `${name} is 1–10`);
const FixSchema = z.object({
  name: z.string(),
  departments: z.number().int('departments is a whole number').min(1, 'departments is 1–9').max(9, 'departments is 1–9'),
  impact: scale('impact'),
  confidence: scale('confidence'),
  ease: scale('ease'),
});

/**
 * Scores a fix: M = 10 − departments, total = M + I + C + E.
 *
 * @example
 * ```ts
 * import { miceScore } from '@retain/node';
 * miceScore({ name: 'one-click cancel-save offer', departments: 1, impact: 6, confidence: 8, ease: 9 }).total; // 32
 * ```
 */
export function miceScore(fix: RetentionFix): MiceScore {
  const f = parseInsightInput(FixSchema, fix, 'fix');
  const m = 10 - f.departments;
  const total = m + f.impact + f.confidence + f.ease;
  return { ...f, m, total, horizon: f.impact >= 7 && total < 28 ? 'long-term' : 'short-term' };
}

/**
 * Ranks fixes by M.I.C.E. total (ties: higher impact first, then name).
 *
 * @example
 * ```ts
 * import { rankFixes } from '@retain/node';
 * rankFixes([
 *   { name: 'rebuild billing', departments: 4, impact: 9, confidence: 5, ease: 2 },
 *   { name: 'fix password reset email', departments: 1, impact: 5, confidence: 9, ease: 9 },
 * ])[0]?.name; // 'fix password reset email'
 * ```
 */
export function rankFixes(fixes: readonly RetentionFix[]): MiceScore[] {
  return fixes
    .map((f, i) => {
      try {
        return miceScore(f);
      } catch (error) {
        if (error instanceof Error) error.message = error.message.replace('at fix', `at fixes[${i}]`);
        throw error;
      }
    })
    .sort((a, b) => b.total - a.total || b.impact - a.impact || a.name.localeCompare(b.name));
}
