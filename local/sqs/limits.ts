/** Service limits, as documented for SQS in the API reference of the SDK we ship with. */

/** The 1 MiB maximum (and default) payload SQS has had since August 2025; it was 256 KiB. */
export const MAX_MESSAGE_SIZE = 1_048_576;
export const MIN_MESSAGE_SIZE_SETTING = 1_024;
/** A batch's bodies and attributes together have the same ceiling as one message. */
export const MAX_BATCH_PAYLOAD = 1_048_576;

export const MAX_BATCH_ENTRIES = 10;
export const MAX_BATCH_ID_LENGTH = 80;
export const MAX_RECEIVE_MESSAGES = 10;
export const MAX_WAIT_TIME_SECONDS = 20;
export const MAX_DELAY_SECONDS = 900;
export const MAX_VISIBILITY_TIMEOUT = 43_200;
export const MIN_RETENTION_SECONDS = 60;
export const MAX_RETENTION_SECONDS = 1_209_600;
export const MAX_RECEIVE_COUNT = 1_000;

export const MAX_QUEUE_NAME_LENGTH = 80;
export const MAX_MESSAGE_ATTRIBUTES = 10;
export const MAX_ATTRIBUTE_NAME_LENGTH = 256;
export const MAX_LIST_QUEUES_RESULTS = 1_000;

export const DEFAULT_SETTINGS = {
  delaySeconds: 0,
  maximumMessageSize: MAX_MESSAGE_SIZE,
  messageRetentionPeriod: 345_600,
  receiveMessageWaitTimeSeconds: 0,
  visibilityTimeout: 30,
} as const;

/** SQS allows one PurgeQueue per queue in this window. */
export const PURGE_INTERVAL_MS = 60_000;
/** A deleted queue's name stays taken this long. */
export const DELETED_NAME_HOLD_MS = 60_000;
/** FIFO deduplication ids and receive request attempt ids are remembered this long. */
export const DEDUPLICATION_INTERVAL_MS = 300_000;
export const MAX_DEDUPLICATION_ID_LENGTH = 128;
