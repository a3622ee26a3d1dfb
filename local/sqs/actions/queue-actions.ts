import { invalidParameterValue, queueDoesNotExist } from '../errors';
import {
  assertInRange,
  optionalInteger,
  optionalString,
  optionalStringList,
  optionalStringMap,
  requiredString,
  type JsonObject,
} from '../input';
import { MAX_LIST_QUEUES_RESULTS } from '../limits';
import { queueNameFromUrl } from '../queue-url';
import type { Action, ActionContext } from './context';

const createQueue: Action = (input, { store, queueUrl }) => {
  const name = requiredString(input, 'QueueName');
  // The JSON model spells this member in lower case, unlike every other one.
  store.createQueue(name, optionalStringMap(input, 'Attributes'), optionalStringMap(input, 'tags'));
  return { QueueUrl: queueUrl(name) };
};

const getQueueUrl: Action = (input, { store, queueUrl }) => {
  const name = requiredString(input, 'QueueName');
  if (!store.hasQueue(name)) throw queueDoesNotExist();
  return { QueueUrl: queueUrl(name) };
};

const listQueues: Action = (input, context) => {
  const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
  const page = paginate(context.store.listQueues(prefix), input);
  return urlsPage('QueueUrls', page, context);
};

const listDeadLetterSourceQueues: Action = (input, context) => {
  const page = paginate(context.store.deadLetterSourceQueues(queueOf(input)), input);
  // Lower case in the model too.
  return urlsPage('queueUrls', page, context);
};

const getQueueAttributes: Action = (input, { store }) => ({
  Attributes: store.getQueueAttributes(queueOf(input), optionalStringList(input, 'AttributeNames')),
});

const setQueueAttributes: Action = (input, { store }) => {
  store.setQueueAttributes(queueOf(input), optionalStringMap(input, 'Attributes'));
  return {};
};

const deleteQueue: Action = (input, { store }) => {
  store.deleteQueue(queueOf(input));
  return {};
};

const purgeQueue: Action = (input, { store }) => {
  store.purgeQueue(queueOf(input));
  return {};
};

const tagQueue: Action = (input, { store }) => {
  store.tagQueue(queueOf(input), optionalStringMap(input, 'Tags'));
  return {};
};

const untagQueue: Action = (input, { store }) => {
  store.untagQueue(queueOf(input), optionalStringList(input, 'TagKeys'));
  return {};
};

const listQueueTags: Action = (input, { store }) => ({ Tags: store.listQueueTags(queueOf(input)) });

export const queueActions: Record<string, Action> = {
  CreateQueue: createQueue,
  GetQueueUrl: getQueueUrl,
  ListQueues: listQueues,
  ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: setQueueAttributes,
  DeleteQueue: deleteQueue,
  PurgeQueue: purgeQueue,
  TagQueue: tagQueue,
  UntagQueue: untagQueue,
  ListQueueTags: listQueueTags,
};

export function queueOf(input: JsonObject): string {
  return queueNameFromUrl(requiredString(input, 'QueueUrl'));
}

interface Page {
  names: string[];
  nextToken?: string;
}

/** SQS pages only when MaxResults is given; the token is opaque to clients. */
function paginate(names: string[], input: JsonObject): Page {
  const maxResults = optionalInteger(input, 'MaxResults');
  const token = optionalString(input, 'NextToken');
  if (maxResults === undefined) {
    if (token !== undefined) throw invalidParameterValue('NextToken requires MaxResults.');
    return { names: names.slice(0, MAX_LIST_QUEUES_RESULTS) };
  }
  assertInRange('MaxResults', maxResults, 1, MAX_LIST_QUEUES_RESULTS);
  let start = 0;
  if (token !== undefined) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    start = names.findIndex((name) => name > after);
    if (start < 0) start = names.length;
  }
  const slice = names.slice(start, start + maxResults);
  const last = slice.at(-1);
  return start + maxResults < names.length && last !== undefined
    ? { names: slice, nextToken: Buffer.from(last, 'utf8').toString('base64url') }
    : { names: slice };
}

function urlsPage(member: string, page: Page, { queueUrl }: ActionContext): JsonObject {
  const out: JsonObject = {};
  // SQS leaves the list out rather than sending an empty one.
  if (page.names.length > 0) out[member] = page.names.map(queueUrl);
  if (page.nextToken) out.NextToken = page.nextToken;
  return out;
}
