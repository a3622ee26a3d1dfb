import { service } from '../../lib/description';
import { header, type HttpEvent } from './http-event';
import { HttpProblem } from './http-problem';

/**
 * The request body as JSON, refusing a wrong content type (415), an oversized
 * body (413) and malformed JSON (400) before any use-case sees it.
 */
export function jsonBody(
  event: HttpEvent,
  maxBytes: number = service.limits.maxBodyBytes,
): unknown {
  const type = header(event, 'content-type');
  if (!type || !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new HttpProblem(
      415,
      'Unsupported Media Type',
      // The client's own Content-Type is not echoed: a problem detail repeats no client input.
      type
        ? 'Send the body as application/json; this Content-Type is not accepted.'
        : 'Send the body as application/json; the request has no Content-Type.',
    );
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > maxBytes) {
    throw new HttpProblem(
      413,
      'Content Too Large',
      `The body is ${bytes.length} bytes; the limit is ${maxBytes}.`,
    );
  }
  if (bytes.length === 0) {
    throw new HttpProblem(400, 'Bad Request', 'The request has no body; send a JSON object.');
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    // The parser's message quotes the body back; a problem detail repeats no client input.
    throw new HttpProblem(400, 'Bad Request', 'The body is not valid JSON.');
  }
}
