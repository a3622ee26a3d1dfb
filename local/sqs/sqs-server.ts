import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connectableHost, listenOnLoopback } from '../http/listen';
import { readBody } from '../http/read-body';
import { actionNamed, resolveAction, type ActionContext } from './actions';
import {
  SqsError,
  internalFailure,
  invalidAction,
  missingAction,
  serializationError,
} from './errors';
import { isJsonObject, type JsonObject } from './input';
import { QueueStore, type QueueStoreOptions } from './queue-store';
import { decodeQueryInput, hasQueryShape } from './query/query-input';
import { queryErrorXml, queryResponseXml } from './query/query-output';
import { queueUrl } from './queue-url';

export interface SqsServerOptions extends Omit<QueueStoreOptions, 'dataDir'> {
  /** 0 picks a free port. */
  port: number;
  /** Interface to bind; loopback by default, this is a dev tool without auth. */
  host?: string;
  dataDir: string;
}

export interface SqsServer {
  /** Endpoint for the SDK (`new SQSClient({ endpoint: server.url })`). */
  url: string;
  port: number;
  store: QueueStore;
  /** Answers pending long polls, stops listening and flushes every queue to disk. */
  close(): Promise<void>;
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const XML_CONTENT_TYPE = 'text/xml';
// A 1 MiB batch can grow several-fold once JSON-escaped; beyond this it is not SQS traffic.
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
const CLOSE_GRACE_MS = 1_000;

export async function startSqsServer(options: SqsServerOptions): Promise<SqsServer> {
  const store = await QueueStore.open(options);
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const host = options.host ?? '127.0.0.1';
  const pending = new Set<Promise<void>>();
  let port = options.port;

  const server = createServer((request, response) => {
    const handled = handle(request, response).catch(onError);
    pending.add(handled);
    void handled.finally(() => pending.delete(handled));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const aborted = new AbortController();
    // 'close' on the response before it finished means the client hung up.
    response.on('close', () => {
      if (!response.writableFinished) aborted.abort();
    });
    const context: ActionContext = {
      store,
      queueUrl: (name) => queueUrl(`http://localhost:${port}`, store.accountId, name),
      senderId: senderIdOf(request, store.accountId),
      signal: aborted.signal,
    };
    // The Query protocol (form fields in, XML out) is what older SDKs and CLIs speak;
    // an X-Amz-Target header or a JSON body means the JSON protocol.
    const contentType = String(request.headers['content-type'] ?? '');
    const query =
      request.headers['x-amz-target'] === undefined &&
      (request.method === 'GET' || contentType.startsWith(FORM_CONTENT_TYPE));
    if (query) await handleQuery(request, response, requestId, context);
    else await handleJson(request, response, requestId, context);
  }

  async function handleJson(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    context: ActionContext,
  ): Promise<void> {
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const contentType = String(request.headers['content-type'] ?? '');
      if (request.method !== 'POST' || !contentType.startsWith(JSON_CONTENT_TYPE)) {
        throw serializationError(
          `Send the SQS JSON protocol (POST with Content-Type ${JSON_CONTENT_TYPE} and X-Amz-Target: AmazonSQS.<Action>) or the Query protocol (Content-Type ${FORM_CONTENT_TYPE}, Action=<Action>).`,
        );
      }
      const action = resolveAction(target);
      const input = parseBody(await requestText(request));
      send(response, 200, requestId, await action(input, context));
    } catch (error) {
      const sqsError = asSqsError(error);
      send(
        response,
        sqsError.status,
        requestId,
        { __type: sqsError.wireType, message: sqsError.message },
        { 'x-amzn-query-error': sqsError.queryErrorHeader },
      );
    }
  }

  async function handleQuery(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    context: ActionContext,
  ): Promise<void> {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const params =
        request.method === 'GET'
          ? url.searchParams
          : new URLSearchParams(await requestText(request));
      const name = params.get('Action');
      if (!name) throw missingAction();
      const action = actionNamed(name);
      if (!action || !hasQueryShape(name)) throw invalidAction(name);
      const input = decodeQueryInput(name, params);
      // Old clients address a queue by posting to its URL instead of passing QueueUrl.
      if (input.QueueUrl === undefined && url.pathname.split('/').filter(Boolean).length >= 2) {
        input.QueueUrl = `http://localhost:${port}${url.pathname}`;
      }
      const output = await action(input, context);
      sendXml(response, 200, requestId, queryResponseXml(name, output, requestId));
    } catch (error) {
      const sqsError = asSqsError(error);
      sendXml(response, sqsError.status, requestId, queryErrorXml(sqsError, requestId));
    }
  }

  function asSqsError(error: unknown): SqsError {
    if (error instanceof SqsError) return error;
    onError(error);
    return internalFailure();
  }

  try {
    port = await listenOnLoopback(server, options.port, host);
  } catch (error) {
    await store.close();
    throw error;
  }

  let closed: Promise<void> | undefined;
  return {
    url: `http://${connectableHost(host)}:${port}`,
    port,
    store,
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // Ends long polls first so their answers go out before sockets close,
        // but a client stalled mid-request must not hold the shutdown forever.
        await store.close();
        await Promise.race([Promise.all(pending), delay(CLOSE_GRACE_MS)]);
        server.closeAllConnections();
        await Promise.all(pending);
        await stopped;
        await store.flush();
      })();
      return closed;
    },
  };
}

const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms).unref());

function parseBody(text: string): JsonObject {
  // The SDK sends "{}" for input-less calls; tolerate an empty body as well.
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw serializationError('The request body is not valid JSON.');
  }
  if (!isJsonObject(parsed)) throw serializationError('The request body must be a JSON object.');
  return parsed;
}

async function requestText(request: IncomingMessage): Promise<string> {
  const body = await readBody(request, MAX_REQUEST_BYTES);
  if (body === undefined) {
    throw serializationError(`The request body is larger than ${MAX_REQUEST_BYTES} bytes.`);
  }
  return body.toString('utf8');
}

/** The access key id from a SigV4 Authorization header stands in for the IAM principal id. */
function senderIdOf(request: IncomingMessage, fallback: string): string {
  const match = /Credential=([^/,\s]+)\//.exec(String(request.headers.authorization ?? ''));
  return match?.[1] ?? fallback;
}

function sendXml(
  response: ServerResponse,
  status: number,
  requestId: string,
  payload: string,
): void {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(status, {
    'content-type': XML_CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
  });
  response.end(payload);
}

function send(
  response: ServerResponse,
  status: number,
  requestId: string,
  body: JsonObject,
  headers: Record<string, string> = {},
): void {
  if (response.writableEnded || response.destroyed) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
    ...headers,
  });
  response.end(payload);
}
