import { describe, expect, it } from 'vitest';
import { DomainError, invalid } from '../../functions/domain/errors';
import { HttpProblem } from '../../functions/http/http-problem';
import { problemFor } from '../../functions/http/problem-response';

function body(error: unknown) {
  const { result } = problemFor(error, '/posts');
  expect(result.headers?.['content-type']).toBe('application/problem+json');
  return { status: result.statusCode, ...(JSON.parse(result.body) as Record<string, unknown>) };
}

describe('problem+json answers', () => {
  it('carry type, title, status, detail and the field errors', () => {
    const answer = body(
      invalid('The post is not valid.', [{ field: 'content', message: 'too long' }]),
    );
    expect(answer).toMatchObject({
      status: 400,
      type: '/problems/validation',
      title: 'Invalid request',
      detail: 'The post is not valid.',
      instance: '/posts',
      errors: [{ field: 'content', message: 'too long' }],
    });
  });

  it('map each domain error to its status', () => {
    expect(body(new DomainError('not_found', 'x')).status).toBe(404);
    expect(body(new DomainError('forbidden', 'x')).status).toBe(403);
    expect(body(new DomainError('key_reused', 'x')).status).toBe(422);
    expect(body(new HttpProblem(415, 'Unsupported Media Type', 'x')).status).toBe(415);
  });

  it('turn an SDK timeout into a 503 with Retry-After', () => {
    const timeout = Object.assign(new Error('socket hang'), { name: 'TimeoutError' });
    const { result } = problemFor(timeout, '/posts');
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('1');
  });

  it('never leak an unexpected error: no message, no stack', () => {
    const secret = new Error('password=hunter2 at /var/task/index.mjs:1');
    const { result } = problemFor(secret, '/posts');
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('hunter2');
    expect(result.body).not.toContain('index.mjs');
  });
});
