import type { IncomingMessage } from 'node:http';

const NO_BODY: Promise<Buffer> = Promise.resolve(Buffer.alloc(0));

/**
 * A request's body, or undefined when it is larger than `limitBytes`. What is past the
 * limit is not kept: the rest of the body is drained unread, so the refusal can still be
 * answered on the same connection.
 */
export function readBody(
  request: IncomingMessage,
  limitBytes: number,
): Promise<Buffer | undefined> {
  // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3),
  // as most GETs: no stream to read (Node drains it once the answer is sent).
  const { headers } = request;
  if (
    headers['transfer-encoding'] === undefined &&
    (headers['content-length'] === undefined || headers['content-length'] === '0')
  ) {
    return NO_BODY;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Function expressions, not named constants: tsx (esbuild's keepNames) names every
    // named closure at each creation, an Object.defineProperty per request.
    const listeners = {
      data(chunk: Buffer) {
        size += chunk.length;
        if (size <= limitBytes) {
          chunks.push(chunk);
          return;
        }
        request.off('data', listeners.data);
        request.off('end', listeners.end);
        request.resume();
        resolve(undefined);
      },
      end() {
        resolve(Buffer.concat(chunks));
      },
    };
    request.on('data', listeners.data);
    request.on('end', listeners.end);
    request.once('error', reject);
  });
}
