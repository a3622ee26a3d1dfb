export { startSqsServer, type SqsServer, type SqsServerOptions } from './sqs-server';
export {
  QueueStore,
  type QueueStoreOptions,
  type ReceiveMessagesInput,
  type SendMessageInput,
} from './queue-store';
export { SqsError } from './errors';
export { md5OfMessageAttributes } from './md5';
export type { MessageAttributeValue, QueueStats, StoredMessage } from './types';
