import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayResponses } from '../../lib/description';
import { GatewayErrors, GatewayResponses } from '../../local/gateway/gateway-responses';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { fixture, route } from '../support/fixture-functions';

/**
 * What the client gets back: the request validator the stack declares, the
 * mapping of a Lambda proxy answer to HTTP (REST API, payload 1.0), and API
 * Gateway's own answers rendered through the description's gateway responses.
 */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startLocalCloud({
    onLine: () => undefined,
    // The gateway's and the runtime's answers only: no queue pollers, no cache probe.
    eventSources: false,
    schedules: false,
    extraFunctions: { respond: fixture('respond'), counter: fixture('counter') },
    extraRoutes: [
      route('POST', '/fixtures/respond', 'respond'),
      route('GET', '/fixtures/search', 'counter', { requiredQuery: ['q'] }),
    ],
  });
});
afterAll(() => cloud?.close());

/** Sends a request and keeps every header line, repeated ones included. */
function send(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${cloud.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}
function headerValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === name.toLowerCase()) values.push(rawHeaders[i + 1] ?? '');
  }
  return values;
}
const respond = (answer: unknown, headers: Record<string, string> = {}) =>
  send('POST', '/fixtures/respond', JSON.stringify({ answer }), {
    'content-type': 'application/json',
    ...headers,
  });
/** POST /posts needs a user: the authorizer runs before the validator, as in API Gateway. */
const signedIn = async () => ({ authorization: `Bearer ${await cloud.issuer.token('val')}` });
const json = (body: Buffer) => JSON.parse(body.toString('utf8')) as Record<string, unknown>;

describe('the request validator', () => {
  it('refuses a JSON body that is not an object with 400, before the function runs', async () => {
    const reports = cloud.pools.get('createPost')?.reports.length;
    for (const body of ['[]', '"text"', '42', '{"content": "x",', 'not json']) {
      const answer = await send('POST', '/posts', body, {
        'content-type': 'application/json',
        ...(await signedIn()),
      });
      expect(answer.status, body).toBe(400);
      expect(headerValues(answer.rawHeaders, 'content-type'), body).toEqual([
        'application/problem+json',
      ]);
      expect(json(answer.body), body).toMatchObject({
        type: '/problems/bad-request',
        title: 'Bad Request',
        status: 400,
        detail: expect.stringMatching(/^Invalid request body: \[.+\]$/),
      });
    }
    expect(cloud.pools.get('createPost')?.reports.length).toBe(reports);
  });

  it('lets a body that fits the model, an empty body and other content types through to the function', async () => {
    // The model cannot say the text policy (a refinement): the function refuses it.
    const object = await send('POST', '/posts', '{"content":"bell \\u0007","post_type":"news"}', {
      'content-type': 'application/json',
      ...(await signedIn()),
    });
    expect(json(object.body)).toMatchObject({ type: '/problems/validation', status: 400 });
    const empty = await send('POST', '/posts', '', {
      'content-type': 'application/json',
      ...(await signedIn()),
    });
    expect(json(empty.body)).toMatchObject({ instance: '/posts', status: 400 });
    const form = await send('POST', '/posts', 'a=b', {
      'content-type': 'application/x-www-form-urlencoded',
      ...(await signedIn()),
    });
    expect(form.status).toBe(415);
  });

  it('refuses a request missing a required query parameter (absent or blank), naming it', async () => {
    for (const path of [
      '/fixtures/search',
      '/fixtures/search?q=',
      '/fixtures/search?page=2&q=%20',
    ]) {
      const answer = await send('GET', path);
      expect(answer.status, path).toBe(400);
      expect(json(answer.body), path).toMatchObject({
        type: '/problems/bad-request',
        detail: 'Missing required request parameters: [q]',
      });
    }
    expect((await send('GET', '/fixtures/search?q=posts')).status).toBe(200);
  });
});

describe('a Lambda proxy answer', () => {
  it('defaults the content type to application/json and the status to 200', async () => {
    const answer = await respond({ body: 'plain' });
    expect(answer.status).toBe(200);
    expect(headerValues(answer.rawHeaders, 'content-type')).toEqual(['application/json']);
    expect(answer.body.toString()).toBe('plain');
  });

  it('merges headers and multiValueHeaders into one list per name, a repeated value once', async () => {
    const answer = await respond({
      statusCode: 201,
      headers: { 'X-One': 'a', 'Content-Type': 'text/plain', 'X-Flag': true },
      multiValueHeaders: { 'x-one': ['a', 'b'], 'Set-Cookie': ['s=1', 't=2'] },
      body: 'ok',
    });
    expect(answer.status).toBe(201);
    expect(headerValues(answer.rawHeaders, 'x-one').join(',')).toBe('a,b');
    expect(headerValues(answer.rawHeaders, 'set-cookie')).toEqual(['s=1', 't=2']);
    expect(headerValues(answer.rawHeaders, 'content-type')).toEqual(['text/plain']);
    expect(headerValues(answer.rawHeaders, 'x-flag')).toEqual(['true']);
  });

  it('remaps headers API Gateway owns instead of passing them through', async () => {
    const answer = await respond({ headers: { Server: 'mine', 'WWW-Authenticate': 'Basic' } });
    expect(headerValues(answer.rawHeaders, 'x-amzn-Remapped-Server')).toEqual(['mine']);
    expect(headerValues(answer.rawHeaders, 'x-amzn-Remapped-WWW-Authenticate')).toEqual(['Basic']);
    expect(headerValues(answer.rawHeaders, 'www-authenticate')).toEqual([]);
  });

  it('sends an isBase64Encoded body as base64 text: the API declares no binary media types', async () => {
    const encoded = Buffer.from([0, 1, 2, 250]).toString('base64');
    const answer = await respond(
      { isBase64Encoded: true, headers: { 'content-type': 'image/png' }, body: encoded },
      { accept: 'image/png' },
    );
    expect(answer.body.toString()).toBe(encoded);
  });

  it('is a 502 when malformed or when the function throws', async () => {
    const malformed = [
      'not an object',
      ['an', 'array'],
      { statusCode: 200, body: { not: 'a string' } },
      { statusCode: 'two hundred' },
      { statusCode: 200, headers: { 'X-Count': 3 } },
      { statusCode: 200, body: '', extra: true },
    ];
    for (const answer of malformed) {
      const got = await respond(answer);
      expect(got.status, JSON.stringify(answer)).toBe(502);
      expect(json(got.body)).toEqual({ message: 'Internal server error' });
    }
    const thrown = await send('POST', '/fixtures/respond', JSON.stringify({ throw: 'boom' }), {
      'content-type': 'application/json',
    });
    expect(thrown.status).toBe(502);
    expect(json(thrown.body)).toEqual({ message: 'Internal server error' });
  });
});

describe("API Gateway's own answers", () => {
  it('render the gateway responses the stack deploys, falling back to DEFAULT_4XX/5XX', () => {
    const responses = new GatewayResponses(gatewayResponses, 'v1');
    const throttled = responses.render(GatewayErrors.throttled(), 'req-1', '/posts');
    expect(throttled.status).toBe(429);
    expect(throttled.headers).toMatchObject({
      'Content-Type': 'application/problem+json',
      'Retry-After': '1',
    });
    expect(JSON.parse(throttled.body)).toEqual({
      type: '/problems/throttled',
      title: 'Too Many Requests',
      status: 429,
      detail: 'Too Many Requests',
      requestId: 'req-1',
    });
    // No response of its own: the 4XX catch-all, keeping API Gateway's status.
    const tooLarge = responses.render(GatewayErrors.requestTooLarge(), 'req-2', '');
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body)).toEqual({
      type: '/problems/http',
      title: 'Client Error',
      detail: 'Request Too Long',
      requestId: 'req-2',
    });
    // A message with quotes stays valid JSON, as $context.error.messageString is escaped.
    const quoted = responses.render(
      { ...GatewayErrors.badRequestParameters([]), message: 'say "hi"\n' },
      'req-3',
      '',
    );
    expect(JSON.parse(quoted.body)).toMatchObject({ detail: 'say "hi"\n' });
    // So does the model's reason, quoted by the template with its own quotes escaped.
    const refused = responses.render(
      GatewayErrors.badRequestBody('[object has missing required properties (["content"])]'),
      'req-4',
      '',
    );
    expect(JSON.parse(refused.body)).toMatchObject({
      detail: 'Invalid request body: [object has missing required properties (["content"])]',
    });
  });

  it("are API Gateway's defaults when the API customizes none", () => {
    const plain = new GatewayResponses([], 'v1');
    const answer = plain.render(GatewayErrors.missingAuthenticationToken(), 'req', '');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Missing Authentication Token' });
  });
});
