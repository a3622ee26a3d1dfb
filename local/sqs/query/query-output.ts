import type { SqsError } from '../errors';
import type { JsonObject } from '../input';

const NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** Actions whose model has no output: SQS answers them with ResponseMetadata alone. */
const NO_RESULT = new Set([
  'DeleteMessage',
  'DeleteQueue',
  'PurgeQueue',
  'SetQueueAttributes',
  'TagQueue',
  'UntagQueue',
  'ChangeMessageVisibility',
]);

/** JSON maps and how the Query model flattens each: entry element, key element. */
const MAPS: Record<string, { entry: string; key: string }> = {
  Attributes: { entry: 'Attribute', key: 'Name' },
  MessageAttributes: { entry: 'MessageAttribute', key: 'Name' },
  Tags: { entry: 'Tag', key: 'Key' },
};

/** JSON lists and the element each member is written as (the lists are flattened too). */
function listElement(action: string, member: string): string {
  switch (member) {
    case 'QueueUrls':
    case 'queueUrls':
      return 'QueueUrl';
    case 'Messages':
      return 'Message';
    case 'Successful':
      return `${action}ResultEntry`;
    case 'Failed':
      return 'BatchResultErrorEntry';
    case 'Results':
      return `${action}ResultEntry`;
    default:
      return member;
  }
}

/** A successful answer in the Query protocol's XML, from the action's JSON-protocol output. */
export function queryResponseXml(action: string, output: JsonObject, requestId: string): string {
  const result = NO_RESULT.has(action) ? '' : element(`${action}Result`, members(action, output));
  return (
    `<?xml version="1.0"?><${action}Response xmlns="${NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** An error exactly as SQS's Query protocol writes it. */
export function queryErrorXml(error: SqsError, requestId: string): string {
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${NAMESPACE}"><Error>` +
    `<Type>${error.senderFault ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXml(error.queryCode)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message><Detail/></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function members(action: string, object: JsonObject): string {
  let xml = '';
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined || value === null) continue;
    const map = MAPS[name];
    if (Array.isArray(value)) {
      const tag = listElement(action, name);
      for (const item of value) xml += render(action, tag, item);
    } else if (map && typeof value === 'object') {
      for (const [key, entry] of Object.entries(value as JsonObject)) {
        xml += element(
          map.entry,
          element(map.key, escapeXml(key)) + render(action, 'Value', entry),
        );
      }
    } else {
      xml += render(action, name, value);
    }
  }
  return xml;
}

function render(action: string, tag: string, value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    return element(tag, members(action, value as JsonObject));
  }
  return element(tag, escapeXml(String(value)));
}

function element(tag: string, content: string): string {
  return `<${tag}>${content}</${tag}>`;
}

/**
 * Escapes text for XML; carriage returns too, which an XML parser would
 * otherwise turn into line feeds (message bodies must come back byte for byte).
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (character) => ESCAPES[character] ?? character);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};
