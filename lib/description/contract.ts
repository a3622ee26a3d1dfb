/**
 * The names of the API's shapes, as the routes (routes.ts) refer to them. The shapes
 * themselves are zod/mini schemas beside the code that uses them (functions/domain,
 * functions/http), gathered under these names by lib/contract/schemas.ts; the description
 * holds only the names, so a function bundle that imports it carries no schema it does not use.
 */
export const schemaNames = [
  // Request bodies.
  'NewPost',
  'MediaUploadRequest',
  'AnalyzeRequest',
  'NewWebhook',
  // Query strings.
  'ListPostsQuery',
  'StatsQuery',
  'DeliveriesQuery',
  // Path parameters.
  'Uuid',
  // Answers.
  'Post',
  'PostDetails',
  'PostProcessing',
  'PostPage',
  'MediaUploadTicket',
  'QueuedJob',
  'Job',
  'Stats',
  'Webhook',
  'WebhookList',
  'RegisteredWebhook',
  'WebhookDeliveryPage',
  'HealthSummary',
  'HealthReport',
  'ExternalData',
  'Problem',
  'GatewayProblem',
] as const;
export type SchemaName = (typeof schemaNames)[number];

/**
 * The statuses a route answers with a shape of its own (204: no body). 503 is here for
 * the health check, whose `unhealthy` answer is its report, not a problem.
 */
export type AnswerStatus = 200 | 201 | 202 | 204 | 503;

/**
 * The client errors a route's function answers (problem+json). The rest follow from the
 * route and are not listed: 401 (`auth`), 429 (every route: the throttles, `callerLimit`),
 * 400/413/415 (a body, which API Gateway and the function both check), 500/503/504 (any).
 */
export type ErrorStatus = 400 | 403 | 404 | 409 | 422 | 503;

/** An answer with a body (`schema`) or none (`null`), and the headers it carries. */
export interface ResponseSpec {
  readonly schema: SchemaName | null;
  readonly description: string;
  /** Header name -> what it says. */
  readonly headers?: Readonly<Record<string, string>>;
}
