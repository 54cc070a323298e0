/**
 * Delay before retry number `attempt` (0-based): exponential from `baseMs`, capped at `maxMs`,
 * with "equal jitter" (half fixed, half random) so that many clients never retry in step.
 *
 * @param random - a number in [0, 1). @default Math.random()
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random()): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * Milliseconds asked for by a `Retry-After` header (seconds or an HTTP date), or `undefined`
 * when absent or unreadable. Never negative.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
