import { z } from 'zod';
import { parseInsightInput } from './parse-input.js';

/** The answer of {@link netPromoterScore}. */
export interface NetPromoterScore {
  /** % promoters − % detractors, from −100 to 100. */
  nps: number;
  promoters: number;
  passives: number;
  detractors: number;
  responses: number;
}

const ScoresSchema = z.array(z.number().int('NPS scores are whole numbers').min(0, 'NPS scores are 0–10').max(10, 'NPS scores are 0–10'));

/**
 * Net Promoter Score: promoters answer 9–10, passives 7–8, detractors 0–6.
 *
 * @param scores - answers to "how likely are you to recommend us" (0–10).
 * @example
 * ```ts
 * import { netPromoterScore } from '@retain/node';
 * netPromoterScore([10, 9, 8, 3]).nps; // 25
 * ```
 */
export function netPromoterScore(scores: readonly number[]): NetPromoterScore {
  parseInsightInput(ScoresSchema, scores, 'scores');
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const s of scores) {
    if (s >= 9) promoters++;
    else if (s >= 7) passives++;
    else detractors++;
  }
  const n = scores.length;
  return { nps: n === 0 ? 0 : (100 * (promoters - detractors)) / n, promoters, passives, detractors, responses: n };
}
