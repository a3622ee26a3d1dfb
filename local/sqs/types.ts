/**
 * Shapes shared by the store, the persistence layer and the actions. They are
 * also the on-disk format, so fields only ever get added, never renamed.
 */

/** A message attribute as it travels in the JSON protocol: binary values stay base64. */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export type MessageAttributes = Record<string, MessageAttributeValue>;

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** Queue settings after validation; seconds, as the API speaks them. */
export interface QueueSettings {
  delaySeconds: number;
  maximumMessageSize: number;
  messageRetentionPeriod: number;
  receiveMessageWaitTimeSeconds: number;
  visibilityTimeout: number;
  redrivePolicy?: RedrivePolicy;
  /** Present exactly for FIFO queues (FifoQueue=true, a name ending in .fifo). */
  fifo?: FifoSettings;
  /** Accepted and echoed back without effect locally (Policy, KMS, RedriveAllowPolicy...). */
  opaque: Record<string, string>;
}

export interface FifoSettings {
  contentBasedDeduplication: boolean;
  deduplicationScope: 'queue' | 'messageGroup';
  fifoThroughputLimit: 'perQueue' | 'perMessageGroupId';
}

export interface StoredMessage {
  id: string;
  body: string;
  md5OfBody: string;
  attributes: MessageAttributes;
  md5OfAttributes?: string;
  systemAttributes: MessageAttributes;
  md5OfSystemAttributes?: string;
  messageGroupId?: string;
  /** FIFO queues: the id the send was deduplicated by (given, or the body's SHA-256). */
  deduplicationId?: string;
  /** FIFO queues: SQS's ever-growing, 20-digit decimal position in the queue. */
  sequenceNumber?: string;
  senderId: string;
  /** Epoch ms of the original send: SentTimestamp and retention both count from it. */
  sentAt: number;
  /** Epoch ms it entered this queue; differs from sentAt after a move to a DLQ. */
  enqueuedAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  /** Epoch ms from which it may be received (end of delay or of visibility timeout). */
  visibleAt: number;
  /** Only the latest handle may delete the message or change its visibility. */
  receiptHandle?: string;
  deadLetterSourceArn?: string;
}

export interface QueueStats {
  visible: number;
  inFlight: number;
  delayed: number;
  /** Age of the oldest message still in the queue, whatever its state; 0 when empty. */
  oldestAgeSeconds: number;
}
