import { selectMessageAttributes } from '../message-attributes';
import { md5OfMessageAttributes } from '../md5';
import type { JsonObject } from '../input';
import type { StoredMessage } from '../types';

const SYSTEM_ATTRIBUTES: Record<string, (message: StoredMessage) => string | undefined> = {
  SenderId: (message) => message.senderId,
  SentTimestamp: (message) => String(message.sentAt),
  ApproximateReceiveCount: (message) => String(message.receiveCount),
  ApproximateFirstReceiveTimestamp: (message) =>
    message.firstReceiveAt === undefined ? undefined : String(message.firstReceiveAt),
  AWSTraceHeader: (message) => message.systemAttributes.AWSTraceHeader?.StringValue,
  DeadLetterQueueSourceArn: (message) => message.deadLetterSourceArn,
  MessageGroupId: (message) => message.messageGroupId,
  MessageDeduplicationId: (message) => message.deduplicationId,
  SequenceNumber: (message) => message.sequenceNumber,
};

/** A received message as ReceiveMessage returns it, with only the attributes asked for. */
export function renderMessage(
  message: StoredMessage,
  systemAttributeNames: readonly string[],
  messageAttributeNames: readonly string[],
): JsonObject {
  const out: JsonObject = {
    MessageId: message.id,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const wantAll = systemAttributeNames.includes('All');
  const attributes: Record<string, string> = {};
  for (const [name, read] of Object.entries(SYSTEM_ATTRIBUTES)) {
    if (!wantAll && !systemAttributeNames.includes(name)) continue;
    const value = read(message);
    if (value !== undefined) attributes[name] = value;
  }
  if (Object.keys(attributes).length > 0) out.Attributes = attributes;
  const selected = selectMessageAttributes(message.attributes, messageAttributeNames);
  // The digest covers the attributes returned, which is what a client can verify.
  const md5 = md5OfMessageAttributes(selected);
  if (md5 !== undefined) {
    out.MessageAttributes = selected;
    out.MD5OfMessageAttributes = md5;
  }
  return out;
}
