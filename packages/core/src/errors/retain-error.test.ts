import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { RetainError, isRetainError } from './retain-error.js';

class SomeOtherPackageError extends RetainError {
  override name = 'SomeOtherPackageError';
}

describe('isRetainError', () => {
  it('recognises RetainError and subclasses declared in any package, without registration', () => {
    expect(isRetainError(new RetainError('x'))).toBe(true);
    expect(isRetainError(new SomeOtherPackageError('x'))).toBe(true);
  });

  it('rejects plain errors and lookalikes', () => {
    expect(isRetainError(new Error('x'))).toBe(false);
    expect(isRetainError({ name: 'SomeOtherPackageError', message: 'x' })).toBe(false);
    expect(isRetainError(null)).toBe(false);
    expect(isRetainError('RetainError')).toBe(false);
  });

  it('works across realms, where instanceof does not', () => {
    const foreign = runInNewContext(
      `class E extends Error { constructor() { super('from another realm'); this.name = 'AnyRetainError'; this[Symbol.for('@retain/error')] = true; } }; new E()`,
    ) as unknown;
    expect(foreign instanceof RetainError).toBe(false);
    expect(isRetainError(foreign)).toBe(true);
  });
});
