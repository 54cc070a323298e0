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

  it('works across realms and duplicated bundles, where instanceof does not', () => {
    // What an error thrown by another copy of @retain/core (another bundle, an iframe) looks like here:
    // a different class, carrying the realm-independent brand.
    class ForeignRetainError extends Error {
      constructor() {
        super('from another copy of @retain/core');
        this.name = 'AnyRetainError';
        Object.defineProperty(this, Symbol.for('@retain/error'), { value: true });
      }
    }
    const foreign: unknown = new ForeignRetainError();
    expect(foreign instanceof RetainError).toBe(false);
    expect(isRetainError(foreign)).toBe(true);
  });
});
