import fc from 'fast-check';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type * as z from 'zod/mini';
import { expect } from 'vitest';
import { service } from '../../lib/description';
import { postIdSchema } from '../../functions/domain/post-input';
import { signedIn } from './api-event';
import type { InProcessApi, InProcessFunction } from './in-process-api';
import type { InvalidBody } from './schema-arbitraries';

/** At least this many generated requests of each kind per route. */
export const RUNS = 500;
/**
 * A test of RUNS requests: 4.4 s for 500 posts on a quiet 2-core machine, 60 s alone at load
 * 30 and past 120 s inside the full suite at load 26 (CPU: the handlers, dynalite, the local
 * SQS and S3 in one process). The bound is the load's, not a behaviour's.
 */
export const FUZZ_TEST = { timeout: 360_000 };
/**
 * Requests sent at once: the handlers wait on dynalite, S3 and SQS over loopback, so a
 * batch overlaps those waits. Each property run is one batch.
 */
const BATCH = 10;

/** Checks `check` on RUNS values of `arbitrary`, BATCH at a time; a failure shrinks to its batch. */
export async function forEvery<T>(
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      await Promise.all(batch.map(check));
    }),
    { numRuns: Math.ceil(RUNS / BATCH) },
  );
}

/** What the text policy (functions/domain/text-policy.ts) refuses: C0 controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates. */
export const FORBIDDEN_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000B',
  '\u000C',
  '\u000E',
  '\u001B',
  '\u001F',
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
];

let users = 0;
/**
 * A caller of its own for each request, as many real users would be: the per-user limits
 * (callerLimit in lib/description/routes.ts) run, and none is reached.
 */
export const nextUser = () => `fuzz-${(users += 1)}`;
/** A generated author id made unique (still of the schema's alphabet and length). */
export function uniqueAuthor(generated: string): string {
  const suffix = `-${(users += 1)}`;
  return `${generated.slice(0, service.limits.authorIdMaxChars - suffix.length)}${suffix}`;
}

export interface Request {
  readonly method: 'POST' | 'DELETE';
  readonly resource: string;
  readonly user: string;
  readonly id?: string;
  /** The raw body as sent. */
  readonly body?: string;
  readonly contentType?: string;
}

/** The request as API Gateway hands it to the function, signed in as `user`. */
export function send(
  api: InProcessApi,
  name: InProcessFunction,
  request: Request,
): Promise<APIGatewayProxyResult> {
  return api.call(name, {
    httpMethod: request.method,
    resource: request.resource,
    path: request.resource.replace('{id}', request.id ?? ''),
    pathParameters: request.id === undefined ? null : { id: request.id },
    headers: request.contentType === undefined ? {} : { 'Content-Type': request.contentType },
    body: request.body ?? null,
    requestContext: signedIn(request.user),
  });
}

/** A 4xx problem+json (never a 5xx) that names `field`, when there is one. */
export function expectProblem(answer: APIGatewayProxyResult, what: string, field?: string): void {
  const context = `${what}: ${answer.statusCode} ${answer.body.slice(0, 300)}`;
  expect(answer.statusCode, context).toBeGreaterThanOrEqual(400);
  expect(answer.statusCode, context).toBeLessThan(500);
  expect(answer.headers?.['content-type'], context).toBe('application/problem+json');
  const problem = JSON.parse(answer.body) as { status: number; errors?: { field: string }[] };
  expect(problem.status, context).toBe(answer.statusCode);
  if (field !== undefined) {
    expect(answer.statusCode, context).toBe(400);
    expect(
      (problem.errors ?? []).map((error) => error.field),
      context,
    ).toContain(field);
  }
}

export interface BadRequest {
  readonly body: string | undefined;
  readonly contentType: string | undefined;
  /** The field the 400 must name; none for a body refused whole (415, 413, not JSON). */
  readonly field?: string;
  readonly why: string;
}

const notJson = fc
  .oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('{', '{"a":', "{'a':1}", '[1,]', 'nul'),
  )
  .filter((raw) => {
    try {
      JSON.parse(raw);
      return false;
    } catch {
      return true;
    }
  });

/**
 * Invalid requests for a route with a JSON body: the schema's invalid bodies (each naming
 * its field), and bodies refused whole: not JSON, another content type, over the size limit.
 */
export function badRequests(
  schema: z.ZodMiniType,
  bodies: { readonly invalid: fc.Arbitrary<InvalidBody>; readonly valid: fc.Arbitrary<unknown> },
  maxBodyBytes: number,
): fc.Arbitrary<BadRequest> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: bodies.invalid.map(({ body, field, why }) => {
        // The generator's own check: what it calls invalid, the schema refuses.
        expect(schema.safeParse(body).success, why).toBe(false);
        return { body: JSON.stringify(body), contentType: 'application/json', field, why };
      }),
    },
    {
      weight: 1,
      arbitrary: notJson.map((raw) => ({
        body: raw,
        contentType: 'application/json',
        why: 'not JSON',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          bodies.valid,
          fc.constantFrom(
            undefined,
            'text/plain',
            'application/xml',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'text/json',
            'application/jsonx',
            'json',
          ),
        )
        .map(([body, contentType]) => ({
          body: JSON.stringify(body),
          contentType,
          why: `content type ${contentType}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 2048 }).map((over) => ({
        body: JSON.stringify({ padding: 'x'.repeat(maxBodyBytes + over) }),
        contentType: 'application/json',
        why: 'over the size limit',
      })),
    },
  );
}

/** Ids a route's {id} refuses: anything that is not a UUID, near misses included. */
export const badIds = fc
  .oneof(
    fc.string(),
    fc.string({ unit: 'binary', minLength: 1 }),
    fc.uuid().map((id) => id.slice(1)),
    fc.uuid().map((id) => `${id}0`),
    fc
      .tuple(fc.uuid(), fc.nat(35), fc.constantFrom('g', 'z', '-', ' ', '/', '\u0000', '%'))
      .map(([id, at, c]) => `${id.slice(0, at)}${c}${id.slice(at + 1)}`),
    fc.uuid().map((id) => id.replaceAll('-', '')),
  )
  .filter((id) => !postIdSchema.safeParse(id).success);

/** Invalid requests leave no record behind: the table holds as many items after as before. */
export async function writesNothing(api: InProcessApi, run: () => Promise<void>): Promise<void> {
  const before = await api.countItems();
  await run();
  expect(await api.countItems()).toBe(before);
}

/** `DELETE <resource>` with every bad id: a 400 naming `id` each time, and nothing deleted. */
export function refusesBadIds(
  api: InProcessApi,
  name: InProcessFunction,
  resource: string,
): Promise<void> {
  return writesNothing(api, () =>
    forEvery(badIds, async (id) => {
      const answer = await send(api, name, { method: 'DELETE', resource, id, user: nextUser() });
      expectProblem(answer, `id ${JSON.stringify(id)}`, 'id');
    }),
  );
}
