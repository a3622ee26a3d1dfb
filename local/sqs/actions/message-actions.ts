import {
  assertInRange,
  optionalInteger,
  optionalStringList,
  requiredInteger,
  requiredString,
  type JsonObject,
} from '../input';
import { MAX_RECEIVE_MESSAGES, MAX_VISIBILITY_TIMEOUT, MAX_WAIT_TIME_SECONDS } from '../limits';
import type { StoredMessage } from '../types';
import type { Action } from './context';
import { parseSendInput, printableId } from './message-input';
import { queueOf } from './queue-actions';
import { renderMessage } from './render-message';

const sendMessage: Action = async (input, { store, senderId }) => {
  const queue = queueOf(input);
  const result = sendResult(store.sendMessage(queue, parseSendInput(input, senderId)));
  await store.persisted(queue);
  return result;
};

const receiveMessage: Action = async (input, { store, signal }) => {
  const queue = queueOf(input);
  const maxMessages = optionalInteger(input, 'MaxNumberOfMessages');
  if (maxMessages !== undefined) {
    assertInRange('MaxNumberOfMessages', maxMessages, 1, MAX_RECEIVE_MESSAGES);
  }
  const visibilityTimeout = optionalInteger(input, 'VisibilityTimeout');
  if (visibilityTimeout !== undefined) {
    assertInRange('VisibilityTimeout', visibilityTimeout, 0, MAX_VISIBILITY_TIMEOUT);
  }
  const waitTimeSeconds = optionalInteger(input, 'WaitTimeSeconds');
  if (waitTimeSeconds !== undefined) {
    assertInRange('WaitTimeSeconds', waitTimeSeconds, 0, MAX_WAIT_TIME_SECONDS);
  }
  // AttributeNames is the deprecated spelling of MessageSystemAttributeNames; honour both.
  const systemNames = [
    ...optionalStringList(input, 'AttributeNames'),
    ...optionalStringList(input, 'MessageSystemAttributeNames'),
  ];
  const attributeNames = optionalStringList(input, 'MessageAttributeNames');
  const receiveRequestAttemptId = printableId(input, 'ReceiveRequestAttemptId');
  const messages = await store.receiveMessages(
    queue,
    {
      maxMessages,
      visibilityTimeout,
      waitTimeSeconds,
      ...(receiveRequestAttemptId !== undefined && { receiveRequestAttemptId }),
    },
    signal,
  );
  // SQS leaves Messages out when there are none.
  return messages.length === 0
    ? {}
    : { Messages: messages.map((message) => renderMessage(message, systemNames, attributeNames)) };
};

const deleteMessage: Action = (input, { store }) => {
  store.deleteMessage(queueOf(input), requiredString(input, 'ReceiptHandle'));
  return {};
};

const changeMessageVisibility: Action = (input, { store }) => {
  const queue = queueOf(input);
  const handle = requiredString(input, 'ReceiptHandle');
  const timeout = requiredInteger(input, 'VisibilityTimeout');
  assertInRange('VisibilityTimeout', timeout, 0, MAX_VISIBILITY_TIMEOUT);
  store.changeMessageVisibility(queue, handle, timeout);
  return {};
};

export const messageActions: Record<string, Action> = {
  SendMessage: sendMessage,
  ReceiveMessage: receiveMessage,
  DeleteMessage: deleteMessage,
  ChangeMessageVisibility: changeMessageVisibility,
};

export function sendResult(message: StoredMessage): JsonObject {
  const out: JsonObject = { MessageId: message.id, MD5OfMessageBody: message.md5OfBody };
  if (message.md5OfAttributes) out.MD5OfMessageAttributes = message.md5OfAttributes;
  if (message.md5OfSystemAttributes) {
    out.MD5OfMessageSystemAttributes = message.md5OfSystemAttributes;
  }
  if (message.sequenceNumber !== undefined) out.SequenceNumber = message.sequenceNumber;
  return out;
}
