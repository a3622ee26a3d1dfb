/**
 * The AWS SDK's HTTP transport, answered in process: every client of the
 * function and of its bare baseline (both build theirs on `NodeHttpHandler`)
 * serializes, signs and parses as it does in Lambda, and only the network is
 * left out. The overhead benchmark swaps this module in for
 * `@smithy/node-http-handler` (everything else of the package is re-exported),
 * so both sides of a comparison make the same calls at no I/O cost.
 */
import { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '@smithy/types';

export * from '@smithy/node-http-handler';

/** One SDK call as the service would see it. */
export interface AwsCall {
  /** `dynamodb`, `sqs`, `s3`, `kms`: the first label of the endpoint's host that is a service. */
  readonly service: string;
  /** `GetItem`, `SendMessage`, ... (from `X-Amz-Target`); for S3 the method, e.g. `GET`. */
  readonly operation: string;
  readonly path: string;
  /** The parsed JSON body of JSON-protocol calls; undefined otherwise. */
  readonly input: Record<string, unknown> | undefined;
}

export interface AwsAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON. */
  readonly body?: unknown;
}

export type AwsResponder = (call: AwsCall) => AwsAnswer;

let responder: AwsResponder = (call) => {
  throw new Error(`no AWS answer set for ${call.service} ${call.operation}`);
};
const calls = new Map<string, number>();

/** What every SDK call in this process is answered with from now on. */
export function answerAws(next: AwsResponder): void {
  responder = next;
}

/** How many calls of each `service operation` were answered (to check both sides match). */
export function awsCallCounts(): ReadonlyMap<string, number> {
  return calls;
}

function serviceOf(hostname: string): string {
  const labels = hostname.split('.');
  const s3 = labels.indexOf('s3');
  if (s3 >= 0) return 's3';
  return labels[0] ?? hostname;
}

export class NodeHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  static create(instanceOrOptions?: unknown): NodeHttpHandler {
    if (instanceOrOptions instanceof NodeHttpHandler) return instanceOrOptions;
    return new NodeHttpHandler();
  }

  handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'];
    const service = serviceOf(request.hostname);
    const raw: unknown = request.body;
    const body =
      typeof raw === 'string'
        ? raw
        : raw instanceof Uint8Array
          ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString()
          : undefined;
    const call: AwsCall = {
      service,
      operation: target ? (target.split('.').pop() ?? target) : request.method,
      path: request.path,
      input:
        body && body.startsWith('{') ? (JSON.parse(body) as Record<string, unknown>) : undefined,
    };
    const key = `${call.service} ${call.operation}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    const answer = responder(call);
    const payload =
      answer.body === undefined
        ? Buffer.alloc(0)
        : Buffer.isBuffer(answer.body)
          ? answer.body
          : Buffer.from(
              typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body),
            );
    return Promise.resolve({
      // The SDK reads a response by its shape (`HttpResponse.isInstance`), not its class.
      response: {
        statusCode: answer.status ?? 200,
        headers: {
          'content-type': target ? 'application/x-amz-json-1.0' : 'application/xml',
          'content-length': String(payload.length),
          'x-amzn-requestid': 'bench',
          ...answer.headers,
        },
        body: Readable.from([payload]),
      },
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}
