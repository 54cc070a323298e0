/** Zod parsing that throws {@link InvalidInsightInputError} (internal). */
import type { z } from 'zod';
import { InvalidInsightInputError } from './invalid-insight-input-error.js';

/** @internal Parses `value` with `schema`, throwing {@link InvalidInsightInputError} at `path`. */
export function parseInsightInput<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? path : `${path}.${issue.path.join('.')}`;
  throw new InvalidInsightInputError(where.replace(/\.(\d+)(?=\.|$)/g, '[$1]'), issue?.message ?? 'invalid value');
}
