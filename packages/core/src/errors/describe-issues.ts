import { formatPath, type ValidationIssue } from './invalid-event-error.js';

/**
 * The message of a validation error that lists every problem:
 * `Invalid <label>: N problems` followed by one `  - at <path>: <message>` line each.
 * Shared by Retain's validation errors so they all read alike.
 *
 * @example
 * ```ts
 * import { describeIssues } from '@retain/core';
 * describeIssues('send policy', [{ path: ['caps', 0, 'days'], message: 'must be positive', code: 'too_small' }]);
 * // 'Invalid send policy: 1 problem\n  - at caps[0].days: must be positive'
 * ```
 */
export function describeIssues(label: string, issues: readonly ValidationIssue[]): string {
  return `Invalid ${label}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${issueLines(issues)}`;
}

/**
 * The message of a validation error that leads with its first problem, then lists them all
 * when there are several: `Invalid <label> at <path>: <message>`.
 *
 * @example
 * ```ts
 * import { describeFirstIssue } from '@retain/core';
 * describeFirstIssue('rule', [{ path: ['rules', 3, 'when', 'op'], message: 'unknown operator', code: 'custom' }]);
 * // 'Invalid rule at rules[3].when.op: unknown operator'
 * ```
 */
export function describeFirstIssue(label: string, issues: readonly ValidationIssue[]): string {
  const first = issues[0];
  return (
    `Invalid ${label}${first === undefined ? '' : ` at ${formatPath(first.path)}: ${first.message}`}` +
    (issues.length > 1 ? `\n${issues.length} problems:\n${issueLines(issues)}` : '')
  );
}

function issueLines(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `  - at ${formatPath(i.path)}: ${i.message}`).join('\n');
}
