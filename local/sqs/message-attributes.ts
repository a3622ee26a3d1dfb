import { invalidMessageContents, invalidParameterValue } from './errors';
import { MAX_ATTRIBUTE_NAME_LENGTH, MAX_MESSAGE_ATTRIBUTES } from './limits';
import { isBinaryDataType } from './md5';
import type { MessageAttributeValue, MessageAttributes } from './types';

// The XML 1.0 character set: SQS refuses anything else, lone surrogates included.
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_\-.]+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function assertValidText(text: string): void {
  if (INVALID_CHARACTER.test(text)) throw invalidMessageContents();
}

/** Validates user message attributes as SQS does and returns them normalised. */
export function parseMessageAttributes(raw: unknown): MessageAttributes {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidParameterValue('MessageAttributes must be a map of name to attribute value.');
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > MAX_MESSAGE_ATTRIBUTES) {
    throw invalidParameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  }
  const attributes: MessageAttributes = {};
  for (const [name, value] of entries) {
    assertValidAttributeName(name);
    attributes[name] = parseAttributeValue(name, value);
  }
  return attributes;
}

/** MessageSystemAttributes: SQS accepts exactly one, AWSTraceHeader, as a String. */
export function parseSystemAttributes(raw: unknown): MessageAttributes {
  const attributes = parseMessageAttributesShape(raw);
  for (const [name, value] of Object.entries(attributes)) {
    if (name !== 'AWSTraceHeader') {
      throw invalidParameterValue(
        `Message system attribute name '${name}' is invalid. Only AWSTraceHeader is supported.`,
      );
    }
    if (value.DataType !== 'String') {
      throw invalidParameterValue(
        "Message system attribute 'AWSTraceHeader' must have DataType String.",
      );
    }
  }
  return attributes;
}

/** Bytes counted against MaximumMessageSize: body plus every attribute's name, type and value. */
export function messageSize(body: string, attributes: MessageAttributes): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    size +=
      value.BinaryValue !== undefined
        ? Buffer.byteLength(value.BinaryValue, 'base64')
        : Buffer.byteLength(value.StringValue ?? '', 'utf8');
  }
  return size;
}

/**
 * The attributes a receive asked for: `All` or `.*` for everything, `prefix.*`
 * for a family, otherwise exact names.
 */
export function selectMessageAttributes(
  attributes: MessageAttributes,
  requested: readonly string[],
): MessageAttributes {
  if (requested.length === 0) return {};
  if (requested.includes('All') || requested.includes('.*')) return attributes;
  const exact = new Set(requested.filter((name) => !name.endsWith('.*')));
  const prefixes = requested.filter((name) => name.endsWith('.*')).map((name) => name.slice(0, -1));
  const selected: MessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix))) {
      selected[name] = value;
    }
  }
  return selected;
}

function parseMessageAttributesShape(raw: unknown): MessageAttributes {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidParameterValue('MessageSystemAttributes must be a map.');
  }
  const attributes: MessageAttributes = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    attributes[name] = parseAttributeValue(name, value);
  }
  return attributes;
}

function assertValidAttributeName(name: string): void {
  const lower = name.toLowerCase();
  if (
    name.length === 0 ||
    name.length > MAX_ATTRIBUTE_NAME_LENGTH ||
    !ATTRIBUTE_NAME.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..') ||
    lower.startsWith('aws.') ||
    lower.startsWith('amazon.')
  ) {
    throw invalidParameterValue(`Message (user) attribute name '${name}' is invalid.`);
  }
}

function parseAttributeValue(name: string, raw: unknown): MessageAttributeValue {
  if (typeof raw !== 'object' || raw === null) {
    throw invalidParameterValue(`The message attribute '${name}' must contain a value.`);
  }
  const { DataType, StringValue, BinaryValue, StringListValues, BinaryListValues } = raw as Record<
    string,
    unknown
  >;
  if (typeof DataType !== 'string' || DataType.length === 0) {
    throw invalidParameterValue(`The message attribute '${name}' must contain a DataType.`);
  }
  if (
    DataType.length > MAX_ATTRIBUTE_NAME_LENGTH ||
    !/^(String|Number|Binary)(\..+)?$/.test(DataType)
  ) {
    throw invalidParameterValue(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (hasItems(StringListValues) || hasItems(BinaryListValues)) {
    throw invalidParameterValue(
      `Message attribute list values in '${name}' are not supported (reserved for future use by SQS).`,
    );
  }
  assertValidText(DataType);
  if (isBinaryDataType(DataType)) {
    if (typeof BinaryValue !== 'string' || BinaryValue.length === 0) {
      throw invalidParameterValue(
        `The message attribute '${name}' with type 'Binary' must use field 'Binary'.`,
      );
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(BinaryValue)) {
      throw invalidParameterValue(`The message attribute '${name}' has an invalid binary value.`);
    }
    return { DataType, BinaryValue };
  }
  if (typeof StringValue !== 'string' || StringValue.length === 0) {
    throw invalidParameterValue(
      `The message attribute '${name}' with type '${DataType.split('.')[0] ?? DataType}' must use field 'String'.`,
    );
  }
  assertValidText(StringValue);
  if (DataType.startsWith('Number') && !NUMBER.test(StringValue.trim())) {
    throw invalidParameterValue(
      `Can't cast the value of message (user) attribute '${name}' to a number.`,
    );
  }
  return { DataType, StringValue };
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
