import { describe, expect, it } from 'vitest';
import { describeFirstIssue, describeIssues } from './describe-issues.js';

const one = [{ path: ['caps', 0, 'days'], message: 'must be positive', code: 'too_small' }];
const two = [...one, { path: ['quietHours'], message: 'is required', code: 'invalid_type' }];

describe('describeIssues', () => {
  it('counts the problems and lists each with its path', () => {
    expect(describeIssues('send policy', one)).toBe('Invalid send policy: 1 problem\n  - at caps[0].days: must be positive');
    expect(describeIssues('send policy', two)).toBe(
      'Invalid send policy: 2 problems\n  - at caps[0].days: must be positive\n  - at quietHours: is required',
    );
  });
});

describe('describeFirstIssue', () => {
  it('leads with the first problem and lists all of them only when there are several', () => {
    expect(describeFirstIssue('rule', one)).toBe('Invalid rule at caps[0].days: must be positive');
    expect(describeFirstIssue('rule', two)).toBe(
      'Invalid rule at caps[0].days: must be positive\n2 problems:\n  - at caps[0].days: must be positive\n  - at quietHours: is required',
    );
    expect(describeFirstIssue('rule', [])).toBe('Invalid rule');
  });
});
