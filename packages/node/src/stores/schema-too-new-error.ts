import { RetainError } from '@retain/core';

/**
 * The database holds Retain tables of a newer schema version than this code knows: a newer
 * release of `@retain/node` migrated it. The store refuses to read or write (it could lose what
 * the newer version stores); upgrade `@retain/node`, or point this process at another schema.
 *
 * @example
 * ```ts
 * import { SchemaTooNewError } from '@retain/node';
 * const error = new SchemaTooNewError('postgres', 'retain', 9, 1);
 * error.message; // 'postgres store: schema "retain" is at version 9, newer than this @retain/node (version 1): upgrade @retain/node; nothing was written'
 * ```
 */
export class SchemaTooNewError extends RetainError {
  override name = 'SchemaTooNewError';

  constructor(
    readonly store: string,
    /** The database schema (namespace) of the tables. */
    readonly schema: string,
    /** The version recorded in the database. */
    readonly found: number,
    /** The newest version this code knows. */
    readonly supported: number,
  ) {
    super(`${store} store: schema "${schema}" is at version ${found}, newer than this @retain/node (version ${supported}): upgrade @retain/node; nothing was written`);
  }
}
