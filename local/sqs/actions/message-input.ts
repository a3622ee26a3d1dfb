import { invalidParameter, missingParameter } from '../errors';
import { assertInRange, optionalInteger, optionalString, type JsonObject } from '../input';
import { MAX_DEDUPLICATION_ID_LENGTH, MAX_DELAY_SECONDS } from '../limits';
import {
  assertValidText,
  parseMessageAttributes,
  parseSystemAttributes,
} from '../message-attributes';
import type { SendMessageInput } from '../queue-store';

/** One SendMessage request or SendMessageBatch entry, validated; shared so both fail alike. */
export function parseSendInput(input: JsonObject, senderId: string): SendMessageInput {
  const body = optionalString(input, 'MessageBody');
  if (body === undefined || body.length === 0) throw missingParameter('MessageBody');
  assertValidText(body);
  const delaySeconds = optionalInteger(input, 'DelaySeconds');
  if (delaySeconds !== undefined) assertInRange('DelaySeconds', delaySeconds, 0, MAX_DELAY_SECONDS);
  const messageGroupId = printableId(input, 'MessageGroupId');
  // Whether the queue takes one (FIFO) is the store's to say.
  const deduplicationId = printableId(input, 'MessageDeduplicationId');
  const parsed: SendMessageInput = {
    body,
    attributes: parseMessageAttributes(input.MessageAttributes),
    systemAttributes: parseSystemAttributes(input.MessageSystemAttributes),
    senderId,
  };
  if (delaySeconds !== undefined) parsed.delaySeconds = delaySeconds;
  if (messageGroupId !== undefined) parsed.messageGroupId = messageGroupId;
  if (deduplicationId !== undefined) parsed.deduplicationId = deduplicationId;
  return parsed;
}

/** Group, deduplication and receive-attempt ids: 1 to 128 printable ASCII characters. */
export function printableId(input: JsonObject, name: string): string | undefined {
  const value = optionalString(input, name);
  if (value !== undefined && !PRINTABLE_ID.test(value)) {
    throw invalidParameter(
      name,
      value,
      `Must be 1 to ${MAX_DEDUPLICATION_ID_LENGTH} printable characters.`,
    );
  }
  return value;
}

const PRINTABLE_ID = new RegExp(`^[!-~]{1,${MAX_DEDUPLICATION_ID_LENGTH}}$`);
