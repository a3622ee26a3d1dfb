import type { GatewayResponseSpec } from './description';

/**
 * The mapping template of one gateway response, in API Gateway's own syntax.
 * The stack deploys exactly this text and the local gateway fills it in the
 * same way, so the body a client gets cannot differ between the two.
 */
export function gatewayResponseTemplate(spec: GatewayResponseSpec): string {
  // messageString is API Gateway's message already quoted and escaped as a JSON string.
  // validationErrorString comes unquoted with its own quotes escaped (`[object has missing
  // required properties ([\"content\"])]`), so quoted here it is one JSON string; the message
  // before it is API Gateway's fixed "Invalid request body".
  const detail =
    spec.detail === 'validation'
      ? '"$context.error.message: $context.error.validationErrorString"'
      : '$context.error.messageString';
  const members = [
    `"type":"/problems/${spec.slug}"`,
    `"title":"${spec.title}"`,
    ...(spec.status ? [`"status":${spec.status}`] : []),
    `"detail":${detail}`,
    `"requestId":"$context.requestId"`,
  ];
  return `{${members.join(',')}}`;
}

/** Every header the gateway response sets, as plain values (the stack quotes them). */
export function gatewayResponseHeaders(spec: GatewayResponseSpec): Record<string, string> {
  return {
    'Content-Type': 'application/problem+json',
    // As on the functions' own answers (functions/http/answer-headers.ts).
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...spec.headers,
  };
}
