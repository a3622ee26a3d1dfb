import { acceptsBinary } from './binary-media-types';

/** What the client gets for a Lambda proxy answer. */
export interface ProxyAnswer {
  readonly status: number;
  /** Header name and its values, in order; several values mean several header lines. */
  readonly headers: readonly (readonly [string, string[]])[];
  /** Text as the function gave it (written as UTF-8), or the bytes of a decoded binary body. */
  readonly body: string | Buffer;
}

const allowedKeys = new Set([
  'statusCode',
  'headers',
  'multiValueHeaders',
  'body',
  'isBase64Encoded',
]);

/**
 * Headers API Gateway does not pass from a Lambda answer as they are: it
 * sends them as `x-amzn-Remapped-<name>` and sets its own where it has one.
 */
const remapped = new Set([
  'authorization',
  'connection',
  'content-length',
  'date',
  'server',
  'transfer-encoding',
  'www-authenticate',
]);

/**
 * Maps a Lambda proxy answer (REST API, payload 1.0) to the HTTP answer, as
 * API Gateway does, or returns undefined when API Gateway would call it a
 * "Malformed Lambda proxy response" (502): not an object, a member other than
 * statusCode/headers/multiValueHeaders/body/isBase64Encoded, a status that is
 * not an integer, a header value that is not a string or boolean, a body
 * that is not a string.
 *
 * - The content type defaults to `application/json`.
 * - `headers` and `multiValueHeaders` merge into one list per name; a value
 *   given in both appears once.
 * - An `isBase64Encoded` body is decoded to bytes only when the client's
 *   Accept matches one of the API's binary media types; otherwise the client
 *   gets the base64 text, as from a REST API without binary support.
 */
export function proxyAnswer(
  payload: unknown,
  accept: string | undefined,
  binaryMediaTypes: readonly string[],
): ProxyAnswer | undefined {
  if (!isRecord(payload)) return undefined;
  if (Object.keys(payload).some((key) => !allowedKeys.has(key))) return undefined;
  const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = payload;

  const status = statusCode === undefined || statusCode === null ? 200 : Number(statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  if (typeof statusCode === 'string' && statusCode.trim() === '') return undefined;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') return undefined;

  const merged: Merged = new Map();
  add(merged, 'Content-Type', 'application/json');
  const explicit = new Set<string>();

  if (headers !== undefined && headers !== null) {
    if (!isRecord(headers)) return undefined;
    for (const [name, value] of Object.entries(headers)) {
      const text = headerValue(value);
      if (text === undefined) return undefined;
      replaceDefault(merged, explicit, name);
      add(merged, name, text);
    }
  }
  if (multiValueHeaders !== undefined && multiValueHeaders !== null) {
    if (!isRecord(multiValueHeaders)) return undefined;
    for (const [name, values] of Object.entries(multiValueHeaders)) {
      if (!Array.isArray(values)) return undefined;
      replaceDefault(merged, explicit, name);
      for (const value of values) {
        const text = headerValue(value);
        if (text === undefined) return undefined;
        add(merged, name, text);
      }
    }
  }

  const text = typeof body === 'string' ? body : '';
  const decode = isBase64Encoded === true && acceptsBinary(accept, binaryMediaTypes);
  return {
    status,
    headers: [...merged.values()].map(({ name, values }) =>
      remapped.has(name.toLowerCase()) ? [`x-amzn-Remapped-${name}`, values] : [name, values],
    ),
    // Text stays a string: Node writes it with the headers in one write, without a Buffer.
    body: decode ? Buffer.from(text, 'base64') : text,
  };
}

/** Each header's values by its lowercase name, with the name as first given. */
type Merged = Map<string, { name: string; values: string[] }>;

// A function of the module, not a closure per answer: under tsx (esbuild's keepNames) a
// named closure is named again each time it is created, an Object.defineProperty each.
function add(merged: Merged, name: string, value: string): void {
  const key = name.toLowerCase();
  const entry = merged.get(key) ?? { name, values: [] };
  if (!entry.values.includes(value)) entry.values.push(value);
  merged.set(key, entry);
}

/** The function's own Content-Type replaces the default, it does not add to it. */
function replaceDefault(merged: Merged, explicit: Set<string>, name: string): void {
  const key = name.toLowerCase();
  if (!explicit.has(key)) {
    merged.delete(key);
    explicit.add(key);
  }
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
