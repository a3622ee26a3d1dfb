/**
 * Every shape of the API under the name the routes give it (lib/description/contract.ts).
 * The schemas live beside the code that parses or produces them; this registry only gathers
 * them, for the OpenAPI document (openapi-document.ts), API Gateway's request models
 * (gateway-models.ts) and the local gateway. No function bundle imports it.
 */
import * as z from 'zod/mini';
import type { SchemaName } from '../description/contract';
import { externalDataViewSchema } from '../../functions/domain/external-data-answer';
import { healthReportSchema, healthSummarySchema } from '../../functions/domain/health-answer';
import { listQuerySchema } from '../../functions/domain/list-posts';
import { postSchema, postPageSchema } from '../../functions/domain/post';
import { postDetailsSchema } from '../../functions/domain/post-details';
import { postProcessingSchema } from '../../functions/domain/post-processing';
import { newPostSchema } from '../../functions/domain/post-input';
import { statsQuerySchema, statsSchema } from '../../functions/domain/post-stats';
import {
  mediaUploadTicketSchema,
  uploadRequestSchema,
} from '../../functions/domain/request-media-upload';
import {
  analyzeRequestSchema,
  jobViewSchema,
  queuedJobSchema,
} from '../../functions/domain/text-jobs';
import {
  registeredWebhookSchema,
  webhookInputSchema,
  webhookListSchema,
  webhookSchema,
} from '../../functions/domain/webhook';
import { deliveryPageSchema } from '../../functions/domain/webhook-delivery';
import { deliveriesQuerySchema } from '../../functions/domain/webhook-deliveries';
import { gatewayProblemSchema, problemBodySchema } from '../../functions/http/problem-body';

export const schemas = {
  NewPost: newPostSchema,
  MediaUploadRequest: uploadRequestSchema,
  AnalyzeRequest: analyzeRequestSchema,
  NewWebhook: webhookInputSchema,
  ListPostsQuery: listQuerySchema,
  StatsQuery: statsQuerySchema,
  DeliveriesQuery: deliveriesQuerySchema,
  Uuid: z.uuid(),
  Post: postSchema,
  PostDetails: postDetailsSchema,
  PostProcessing: postProcessingSchema,
  PostPage: postPageSchema,
  MediaUploadTicket: mediaUploadTicketSchema,
  QueuedJob: queuedJobSchema,
  Job: jobViewSchema,
  Stats: statsSchema,
  Webhook: webhookSchema,
  WebhookList: webhookListSchema,
  RegisteredWebhook: registeredWebhookSchema,
  WebhookDeliveryPage: deliveryPageSchema,
  HealthSummary: healthSummarySchema,
  HealthReport: healthReportSchema,
  ExternalData: externalDataViewSchema,
  Problem: problemBodySchema,
  GatewayProblem: gatewayProblemSchema,
} as const satisfies Record<SchemaName, z.ZodMiniType>;

/** The schema a route names. */
export function schemaOf<N extends SchemaName>(name: N): (typeof schemas)[N] {
  return schemas[name];
}
