import {
  SqsError,
  batchEntryIdsNotDistinct,
  batchRequestTooLong,
  emptyBatchRequest,
  internalFailure,
  invalidBatchEntryId,
  queueDoesNotExist,
  tooManyEntriesInBatchRequest,
} from '../errors';
import {
  assertInRange,
  optionalObjectList,
  requiredInteger,
  requiredString,
  type JsonObject,
} from '../input';
import {
  MAX_BATCH_ENTRIES,
  MAX_BATCH_ID_LENGTH,
  MAX_BATCH_PAYLOAD,
  MAX_VISIBILITY_TIMEOUT,
} from '../limits';
import { messageSize } from '../message-attributes';
import type { Action } from './context';
import { parseSendInput } from './message-input';
import { sendResult } from './message-actions';
import { queueOf } from './queue-actions';

const BATCH_ENTRY_ID = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_BATCH_ID_LENGTH}}$`);

interface Identified {
  id: string;
  entry: JsonObject;
}

/**
 * Whole-request checks, in the order SQS applies them; these fail the call.
 * Everything about a single entry is reported in `Failed` instead.
 */
function batchEntries(input: JsonObject): Identified[] {
  const entries = optionalObjectList(input, 'Entries');
  if (entries.length === 0) throw emptyBatchRequest();
  if (entries.length > MAX_BATCH_ENTRIES) {
    throw tooManyEntriesInBatchRequest(entries.length, MAX_BATCH_ENTRIES);
  }
  const seen = new Set<string>();
  return entries.map((entry) => {
    const id = entry.Id;
    if (typeof id !== 'string' || !BATCH_ENTRY_ID.test(id)) throw invalidBatchEntryId();
    if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
    seen.add(id);
    return { id, entry };
  });
}

function runEntries(
  entries: Identified[],
  run: (entry: JsonObject, id: string) => JsonObject,
): JsonObject {
  const successful: JsonObject[] = [];
  const failed: JsonObject[] = [];
  for (const { id, entry } of entries) {
    try {
      successful.push({ Id: id, ...run(entry, id) });
    } catch (error) {
      const sqsError = error instanceof SqsError ? error : internalFailure();
      failed.push({
        Id: id,
        SenderFault: sqsError.senderFault,
        Code: sqsError.queryCode,
        Message: sqsError.message,
      });
    }
  }
  return { Successful: successful, Failed: failed };
}

const sendMessageBatch: Action = async (input, { store, senderId }) => {
  const queue = queueOf(input);
  const entries = batchEntries(input);
  if (!store.hasQueue(queue)) throw queueDoesNotExist();
  // Parse first: the payload ceiling applies to the batch as a whole.
  const parsed = new Map<string, ReturnType<typeof parseSendInput> | SqsError>();
  let payload = 0;
  for (const { id, entry } of entries) {
    try {
      const send = parseSendInput(entry, senderId);
      payload += messageSize(send.body, send.attributes ?? {});
      parsed.set(id, send);
    } catch (error) {
      parsed.set(id, error instanceof SqsError ? error : internalFailure());
    }
  }
  if (payload > MAX_BATCH_PAYLOAD) throw batchRequestTooLong(payload, MAX_BATCH_PAYLOAD);
  const result = runEntries(entries, (_entry, id) => {
    const send = parsed.get(id);
    if (!send || send instanceof SqsError) throw send ?? internalFailure();
    return sendResult(store.sendMessage(queue, send));
  });
  await store.persisted(queue);
  return result;
};

const deleteMessageBatch: Action = (input, { store }) => {
  const queue = queueOf(input);
  const entries = batchEntries(input);
  if (!store.hasQueue(queue)) throw queueDoesNotExist();
  return runEntries(entries, (entry) => {
    store.deleteMessage(queue, requiredString(entry, 'ReceiptHandle'));
    return {};
  });
};

const changeMessageVisibilityBatch: Action = (input, { store }) => {
  const queue = queueOf(input);
  const entries = batchEntries(input);
  if (!store.hasQueue(queue)) throw queueDoesNotExist();
  return runEntries(entries, (entry) => {
    const timeout = requiredInteger(entry, 'VisibilityTimeout');
    assertInRange('VisibilityTimeout', timeout, 0, MAX_VISIBILITY_TIMEOUT);
    store.changeMessageVisibility(queue, requiredString(entry, 'ReceiptHandle'), timeout);
    return {};
  });
};

export const batchActions: Record<string, Action> = {
  SendMessageBatch: sendMessageBatch,
  DeleteMessageBatch: deleteMessageBatch,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
};
