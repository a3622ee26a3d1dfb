/**
 * What can go wrong in a use-case, in the domain's words. The HTTP layer maps
 * each kind to a status; the domain never speaks HTTP.
 */
export interface FieldError {
  /** JSON-pointer-like path of the offending field, e.g. `tags/3`. */
  readonly field: string;
  readonly message: string;
}

export type DomainErrorKind =
  | 'invalid'
  | 'not_found'
  | 'forbidden'
  /** An Idempotency-Key reused with a different request. */
  | 'key_reused'
  /** The request is valid but the resource's state refuses it (e.g. a limit reached). */
  | 'conflict'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, errors: readonly FieldError[] = []) =>
  new DomainError('invalid', message, errors);
export const notFound = (message: string) => new DomainError('not_found', message);
export const forbidden = (message: string) => new DomainError('forbidden', message);
