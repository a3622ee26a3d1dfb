import type { JsonObject } from '../input';
import type { QueueStore } from '../queue-store';

/** What an action may use besides its input: the store and facts about the request. */
export interface ActionContext {
  store: QueueStore;
  queueUrl(name: string): string;
  /** SenderId for messages sent by this request. */
  senderId: string;
  /** Aborted when the client goes away, so a long poll stops holding messages for nobody. */
  signal: AbortSignal;
}

export type Action = (
  input: JsonObject,
  context: ActionContext,
) => JsonObject | Promise<JsonObject>;
