import type { JsonObject } from '../input';

/**
 * How one member of an action's input travels in the Query protocol (form
 * fields), per the 2012-11-05 SQS model with protocol "query": every list and
 * map there is flattened, numbered from 1.
 */
type Member =
  | 'string'
  | 'integer'
  /** `Location.N` */
  | { list: string }
  /** `Location.N.<key>` and `Location.N.Value` */
  | { map: string; key: 'Name' | 'Key' }
  /** `Location.N.Name` and `Location.N.Value.{DataType,StringValue,BinaryValue,...}` */
  | { attributes: string }
  /** `Location.N.<member>` */
  | { entries: string; members: Record<string, Member> };

type Shape = Record<string, Member>;

const messageAttributes = (location: string): Member => ({ attributes: location });

const SEND_MEMBERS: Shape = {
  MessageBody: 'string',
  DelaySeconds: 'integer',
  MessageAttributes: messageAttributes('MessageAttribute'),
  MessageSystemAttributes: messageAttributes('MessageSystemAttribute'),
  MessageDeduplicationId: 'string',
  MessageGroupId: 'string',
};

/** JSON input member → its Query encoding, for every action the server answers. */
const SHAPES: Record<string, Shape> = {
  CreateQueue: {
    QueueName: 'string',
    Attributes: { map: 'Attribute', key: 'Name' },
    // Lower case in the model's JSON name, `Tag.N.Key` on the wire.
    tags: { map: 'Tag', key: 'Key' },
  },
  GetQueueUrl: { QueueName: 'string', QueueOwnerAWSAccountId: 'string' },
  ListQueues: { QueueNamePrefix: 'string', NextToken: 'string', MaxResults: 'integer' },
  ListDeadLetterSourceQueues: { QueueUrl: 'string', NextToken: 'string', MaxResults: 'integer' },
  GetQueueAttributes: { QueueUrl: 'string', AttributeNames: { list: 'AttributeName' } },
  SetQueueAttributes: { QueueUrl: 'string', Attributes: { map: 'Attribute', key: 'Name' } },
  DeleteQueue: { QueueUrl: 'string' },
  PurgeQueue: { QueueUrl: 'string' },
  TagQueue: { QueueUrl: 'string', Tags: { map: 'Tag', key: 'Key' } },
  UntagQueue: { QueueUrl: 'string', TagKeys: { list: 'TagKey' } },
  ListQueueTags: { QueueUrl: 'string' },
  SendMessage: { QueueUrl: 'string', ...SEND_MEMBERS },
  SendMessageBatch: {
    QueueUrl: 'string',
    Entries: {
      entries: 'SendMessageBatchRequestEntry',
      members: { Id: 'string', ...SEND_MEMBERS },
    },
  },
  ReceiveMessage: {
    QueueUrl: 'string',
    AttributeNames: { list: 'AttributeName' },
    MessageSystemAttributeNames: { list: 'MessageSystemAttributeName' },
    MessageAttributeNames: { list: 'MessageAttributeName' },
    MaxNumberOfMessages: 'integer',
    VisibilityTimeout: 'integer',
    WaitTimeSeconds: 'integer',
    ReceiveRequestAttemptId: 'string',
  },
  DeleteMessage: { QueueUrl: 'string', ReceiptHandle: 'string' },
  DeleteMessageBatch: {
    QueueUrl: 'string',
    Entries: {
      entries: 'DeleteMessageBatchRequestEntry',
      members: { Id: 'string', ReceiptHandle: 'string' },
    },
  },
  ChangeMessageVisibility: {
    QueueUrl: 'string',
    ReceiptHandle: 'string',
    VisibilityTimeout: 'integer',
  },
  ChangeMessageVisibilityBatch: {
    QueueUrl: 'string',
    Entries: {
      entries: 'ChangeMessageVisibilityBatchRequestEntry',
      members: { Id: 'string', ReceiptHandle: 'string', VisibilityTimeout: 'integer' },
    },
  },
  StartMessageMoveTask: {
    SourceArn: 'string',
    DestinationArn: 'string',
    MaxNumberOfMessagesPerSecond: 'integer',
  },
  ListMessageMoveTasks: { SourceArn: 'string', MaxResults: 'integer' },
  CancelMessageMoveTask: { TaskHandle: 'string' },
};

/** Whether the Query protocol knows how to decode this action's input. */
export function hasQueryShape(action: string): boolean {
  return Object.hasOwn(SHAPES, action);
}

/**
 * The JSON-protocol input of `action` decoded from Query form fields, so that
 * both protocols run the same action code and fail the same way. Members the
 * action does not have are ignored, as SQS ignores unknown parameters.
 */
export function decodeQueryInput(action: string, params: URLSearchParams): JsonObject {
  const fields = new Map<string, string>();
  for (const [name, value] of params) fields.set(name, value);
  return decodeShape(SHAPES[action] ?? {}, fields, '');
}

function decodeShape(shape: Shape, fields: Map<string, string>, prefix: string): JsonObject {
  const out: JsonObject = {};
  for (const [name, member] of Object.entries(shape)) {
    const value = decodeMember(name, member, fields, prefix);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function decodeMember(
  name: string,
  member: Member,
  fields: Map<string, string>,
  prefix: string,
): unknown {
  if (member === 'string') return fields.get(`${prefix}${name}`);
  if (member === 'integer') {
    const raw = fields.get(`${prefix}${name}`);
    // Not a number stays a string, which the action refuses like a wrong JSON type.
    return raw !== undefined && /^-?\d{1,15}$/.test(raw) ? Number(raw) : raw;
  }
  if ('list' in member) {
    const items = indexed(fields, `${prefix}${member.list}.`).map(
      (index) => fields.get(`${prefix}${member.list}.${index}`) ?? '',
    );
    return items.length > 0 ? items : undefined;
  }
  if ('map' in member) {
    const base = `${prefix}${member.map}.`;
    const indices = indexed(fields, base);
    if (indices.length === 0) return undefined;
    const map: Record<string, string> = {};
    for (const index of indices) {
      const key = fields.get(`${base}${index}.${member.key}`);
      if (key !== undefined) map[key] = fields.get(`${base}${index}.Value`) ?? '';
    }
    return map;
  }
  if ('attributes' in member) {
    const base = `${prefix}${member.attributes}.`;
    const indices = indexed(fields, base);
    if (indices.length === 0) return undefined;
    const attributes: Record<string, JsonObject> = {};
    for (const index of indices) {
      const name = fields.get(`${base}${index}.Name`);
      if (name === undefined) continue;
      const value = `${base}${index}.Value.`;
      attributes[name] = decodeShape(
        {
          DataType: 'string',
          StringValue: 'string',
          BinaryValue: 'string',
          StringListValues: { list: 'StringListValue' },
          BinaryListValues: { list: 'BinaryListValue' },
        },
        fields,
        value,
      );
    }
    return attributes;
  }
  const base = `${prefix}${member.entries}.`;
  const entries = indexed(fields, base).map((index) =>
    decodeShape(member.members, fields, `${base}${index}.`),
  );
  return entries.length > 0 ? entries : undefined;
}

/** The distinct N of every `<base>N` or `<base>N.…` field, in numeric order. */
function indexed(fields: Map<string, string>, base: string): number[] {
  const indices = new Set<number>();
  for (const name of fields.keys()) {
    if (!name.startsWith(base)) continue;
    const match = /^(\d+)(?:\.|$)/.exec(name.slice(base.length));
    if (match?.[1]) indices.add(Number(match[1]));
  }
  return [...indices].sort((a, b) => a - b);
}
