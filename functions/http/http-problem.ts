import type { FieldError } from '../domain/errors';

/**
 * An error that already knows its HTTP answer: for what is wrong with the
 * request as HTTP (content type, size, syntax), before any use-case runs.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}
