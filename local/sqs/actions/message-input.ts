import { invalidParameter, invalidParameterValue, missingParameter } from '../errors';
import { assertInRange, optionalInteger, optionalString, type JsonObject } from '../input';
import { MAX_DELAY_SECONDS } from '../limits';
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
  if (optionalString(input, 'MessageDeduplicationId') !== undefined) {
    throw invalidParameterValue(
      'The request include parameter MessageDeduplicationId that is not valid for this queue type',
    );
  }
  const messageGroupId = optionalString(input, 'MessageGroupId');
  if (messageGroupId !== undefined && !/^[!-~]{1,128}$/.test(messageGroupId)) {
    throw invalidParameter(
      'MessageGroupId',
      messageGroupId,
      'Must be 1 to 128 printable characters.',
    );
  }
  const parsed: SendMessageInput = {
    body,
    attributes: parseMessageAttributes(input.MessageAttributes),
    systemAttributes: parseSystemAttributes(input.MessageSystemAttributes),
    senderId,
  };
  if (delaySeconds !== undefined) parsed.delaySeconds = delaySeconds;
  if (messageGroupId !== undefined) parsed.messageGroupId = messageGroupId;
  return parsed;
}
