import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Middleware } from 'openapi-fetch';

/**
 * An answer checked against docs/openapi.json, the committed document, with an independent
 * JSON Schema validator (ajv, 2020-12): the status must be one the operation declares, and
 * the body must fit that answer's schema. An answer that drifts from the contract fails.
 */
type Answer = { content?: Record<string, { schema: object }>; $ref?: string };
type Document = {
  paths: Record<string, Record<string, { responses: Record<string, Answer> }>>;
  components: { responses: Record<string, Answer> };
};

const document = JSON.parse(
  readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'),
) as Document;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(document, 'openapi.json');

/** The problems with an answer to `method path` (a path template, `/posts/{id}`); none when it fits. */
export function contractProblems(
  method: string,
  pathTemplate: string,
  status: number,
  contentType: string | null,
  body: unknown,
): string[] {
  const operation = document.paths[pathTemplate]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${pathTemplate} is not in docs/openapi.json`];
  let answer = operation.responses[String(status)];
  if (!answer) return [`${method} ${pathTemplate} does not declare ${status}`];
  if (answer.$ref) answer = document.components.responses[answer.$ref.split('/').at(-1) ?? ''];
  const media = Object.keys(answer?.content ?? {});
  if (media.length === 0) return body === undefined ? [] : [`${status} declares no body`];
  const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
  if (!media.includes(type)) return [`${status} is ${type}, not ${media.join(' or ')}`];
  const declared = operation.responses[String(status)]?.$ref;
  const escaped = pathTemplate.replaceAll('~', '~0').replaceAll('/', '~1');
  const where = declared ?? `#/paths/${escaped}/${method.toLowerCase()}/responses/${status}`;
  const validate = ajv.getSchema(`openapi.json${where}/content/${type.replace('/', '~1')}/schema`);
  if (!validate) return [`no schema at ${where}`];
  return validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
}

const templates = Object.keys(document.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^/}]+\}/g, '[^/]+')}$`),
}));

/**
 * The document's path template a concrete path (`/posts/3f1c…?limit=1`) is an instance of;
 * undefined for a path that is no operation's (a route the API does not have).
 */
export function pathTemplateOf(path: string): string | undefined {
  const pathname = path.split('?')[0] ?? '';
  // A literal segment wins over a parameter (`/health/details`, not `/health/{x}`).
  const matches = templates.filter(({ pattern }) => pattern.test(pathname));
  matches.sort((a, b) => a.template.split('{').length - b.template.split('{').length);
  return matches[0]?.template;
}

/** Whether `method path` (a concrete path) is an operation of the document: a route the API has. */
export function isOperation(method: string, path: string): boolean {
  const template = pathTemplateOf(path);
  return template !== undefined && document.paths[template]?.[method.toLowerCase()] !== undefined;
}

/** An answer that is not what docs/openapi.json says the operation answers. */
export class ContractDrift extends Error {
  override readonly name = 'ContractDrift';
}

/**
 * An answer as it came off the wire (a raw `fetch`, for a request the typed client cannot
 * express: a malformed body, a wrong content type, raw headers) checked against the operation
 * `method path` (a concrete path, `/posts/3f1c…?limit=1`): it rejects with a ContractDrift
 * naming the operation and what differs, and leaves the response unread for the caller.
 */
export async function checkAnswer(method: string, path: string, response: Response): Promise<void> {
  const template = pathTemplateOf(path);
  if (!template) throw new ContractDrift(`${method} ${path} is not in docs/openapi.json`);
  await checkAgainst(method.toUpperCase(), template, response);
}

/** `checkAnswer` that hands the response back, for `await answerFitting('GET', p, fetch(…))`. */
export async function answerFitting(
  method: string,
  path: string,
  answer: Response | Promise<Response>,
): Promise<Response> {
  const response = await answer;
  await checkAnswer(method, path, response);
  return response;
}

async function checkAgainst(method: string, template: string, response: Response): Promise<void> {
  const text = await response.clone().text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  const contentType = response.headers.get('content-type');
  const problems = contractProblems(method, template, response.status, contentType, body);
  if (problems.length > 0) {
    throw new ContractDrift(
      `${method} ${template} answered ${response.status} outside docs/openapi.json: ${problems.join('; ')}`,
    );
  }
}

/**
 * The typed client's contract check: every answer is validated against the document's schema
 * for its operation and status (an undeclared status is drift too), and the call rejects with
 * a ContractDrift naming what differs, so a test or a smoke step fails on it.
 */
export const contractCheck: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    await checkAgainst(request.method, schemaPath, response);
    return undefined;
  },
};
