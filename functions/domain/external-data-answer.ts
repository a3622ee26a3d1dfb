/**
 * `GET /external-data`'s answer as a schema, for the API contract (lib/contract). The
 * function imports it as a type only: no zod at its cold start.
 */
import * as z from 'zod/mini';
import { breakerStates } from './circuit-breaker';
import { dataSources } from './external-data';

/** `GET /external-data`: the partner's data and where it came from. */
export const externalDataViewSchema = z.object({
  source: z.enum(dataSources),
  breaker: z.enum(breakerStates),
  fetched_at: z.iso.datetime({ offset: true }),
  age_seconds: z.number().check(z.gte(0)),
  /** The partner's own answer, as it sent it. */
  data: z.unknown(),
});
export type ExternalDataView = Readonly<z.infer<typeof externalDataViewSchema>>;
