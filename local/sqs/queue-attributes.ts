import { invalidAttributeName, invalidAttributeValue, invalidParameter } from './errors';
import {
  DEFAULT_SETTINGS,
  MAX_DELAY_SECONDS,
  MAX_MESSAGE_SIZE,
  MAX_RECEIVE_COUNT,
  MAX_RETENTION_SECONDS,
  MAX_VISIBILITY_TIMEOUT,
  MAX_WAIT_TIME_SECONDS,
  MIN_MESSAGE_SIZE_SETTING,
  MIN_RETENTION_SECONDS,
} from './limits';
import type { FifoSettings, QueueSettings, RedrivePolicy } from './types';

type NumericKey = Exclude<keyof QueueSettings, 'redrivePolicy' | 'opaque' | 'fifo'>;

const NUMERIC: Record<string, { key: NumericKey; min: number; max: number }> = {
  DelaySeconds: { key: 'delaySeconds', min: 0, max: MAX_DELAY_SECONDS },
  MaximumMessageSize: {
    key: 'maximumMessageSize',
    min: MIN_MESSAGE_SIZE_SETTING,
    max: MAX_MESSAGE_SIZE,
  },
  MessageRetentionPeriod: {
    key: 'messageRetentionPeriod',
    min: MIN_RETENTION_SECONDS,
    max: MAX_RETENTION_SECONDS,
  },
  ReceiveMessageWaitTimeSeconds: {
    key: 'receiveMessageWaitTimeSeconds',
    min: 0,
    max: MAX_WAIT_TIME_SECONDS,
  },
  VisibilityTimeout: { key: 'visibilityTimeout', min: 0, max: MAX_VISIBILITY_TIMEOUT },
};

/** Settings that change nothing locally but that templates set; stored and echoed back. */
const OPAQUE = new Set([
  'Policy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
]);

/** Attributes only a FIFO queue has; a standard queue rejects them like SQS does. */
const FIFO_ONLY = new Set([
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);

/** Everything GetQueueAttributes accepts by name, computed attributes included. */
export const READABLE_ATTRIBUTES = new Set([
  'All',
  ...Object.keys(NUMERIC),
  ...OPAQUE,
  ...FIFO_ONLY,
  'FifoQueue',
  'RedrivePolicy',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
]);

/** A validated change: `redrivePolicy: null` removes the policy (SQS's `RedrivePolicy: ""`). */
export interface SettingsPatch {
  numeric: Partial<Record<NumericKey, number>>;
  redrivePolicy?: RedrivePolicy | null;
  opaque: Record<string, string>;
  /** FifoQueue as given (CreateQueue only: the type of a queue never changes). */
  fifoQueue?: boolean;
  fifo: Partial<FifoSettings>;
}

const DEFAULT_FIFO: FifoSettings = {
  contentBasedDeduplication: false,
  deduplicationScope: 'queue',
  fifoThroughputLimit: 'perQueue',
};

export function defaultSettings(): QueueSettings {
  return { ...DEFAULT_SETTINGS, opaque: { SqsManagedSseEnabled: 'true' } };
}

/**
 * Validates attributes for a queue that is (`fifo`) or is not FIFO; on
 * CreateQueue pass whether FifoQueue=true is among them.
 */
export function parseQueueAttributes(
  attributes: Record<string, string>,
  fifo = attributes.FifoQueue === 'true',
): SettingsPatch {
  const patch: SettingsPatch = { numeric: {}, opaque: {}, fifo: {} };
  for (const [name, value] of Object.entries(attributes)) {
    const numeric = NUMERIC[name];
    if (numeric) {
      patch.numeric[numeric.key] = parseBoundedInteger(name, value, numeric.min, numeric.max);
    } else if (name === 'RedrivePolicy') {
      patch.redrivePolicy = value === '' ? null : parseRedrivePolicy(value);
    } else if (OPAQUE.has(name)) {
      patch.opaque[name] = value;
    } else if (name === 'FifoQueue') {
      patch.fifoQueue = parseBoolean(name, value);
    } else if (fifo && name === 'ContentBasedDeduplication') {
      patch.fifo.contentBasedDeduplication = parseBoolean(name, value);
    } else if (fifo && name === 'DeduplicationScope') {
      patch.fifo.deduplicationScope = parseChoice(name, value, ['queue', 'messageGroup'] as const);
    } else if (fifo && name === 'FifoThroughputLimit') {
      patch.fifo.fifoThroughputLimit = parseChoice(name, value, [
        'perQueue',
        'perMessageGroupId',
      ] as const);
    } else {
      throw invalidAttributeName(name);
    }
  }
  return patch;
}

export function applyPatch(settings: QueueSettings, patch: SettingsPatch): QueueSettings {
  const next: QueueSettings = {
    ...settings,
    ...patch.numeric,
    opaque: { ...settings.opaque, ...patch.opaque },
  };
  if (patch.redrivePolicy === null) delete next.redrivePolicy;
  else if (patch.redrivePolicy) next.redrivePolicy = patch.redrivePolicy;
  if (settings.fifo || patch.fifoQueue) {
    next.fifo = { ...DEFAULT_FIFO, ...settings.fifo, ...patch.fifo };
  }
  return next;
}

/** CreateQueue on an existing name succeeds only if every attribute it names already has that value. */
export function patchMatches(settings: QueueSettings, patch: SettingsPatch): boolean {
  for (const [key, value] of Object.entries(patch.numeric)) {
    if (settings[key as NumericKey] !== value) return false;
  }
  for (const [key, value] of Object.entries(patch.opaque)) {
    if ((settings.opaque[key] ?? '') !== value) return false;
  }
  if (patch.fifoQueue !== undefined && patch.fifoQueue !== (settings.fifo !== undefined)) {
    return false;
  }
  for (const [key, value] of Object.entries(patch.fifo)) {
    if (settings.fifo?.[key as keyof FifoSettings] !== value) return false;
  }
  if (patch.redrivePolicy === null) return settings.redrivePolicy === undefined;
  if (patch.redrivePolicy) {
    const current = settings.redrivePolicy;
    return (
      current?.deadLetterTargetArn === patch.redrivePolicy.deadLetterTargetArn &&
      current.maxReceiveCount === patch.redrivePolicy.maxReceiveCount
    );
  }
  return true;
}

/** The configured (not computed) attributes, as strings, the way SQS returns them. */
export function renderSettings(settings: QueueSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, { key }] of Object.entries(NUMERIC)) out[name] = String(settings[key]);
  if (settings.redrivePolicy) out.RedrivePolicy = JSON.stringify(settings.redrivePolicy);
  if (settings.fifo) {
    out.FifoQueue = 'true';
    out.ContentBasedDeduplication = String(settings.fifo.contentBasedDeduplication);
    out.DeduplicationScope = settings.fifo.deduplicationScope;
    out.FifoThroughputLimit = settings.fifo.fifoThroughputLimit;
  }
  return { ...out, ...settings.opaque };
}

function parseBoolean(name: string, value: string): boolean {
  if (value !== 'true' && value !== 'false') {
    throw invalidAttributeValue(name, 'Must be true or false.');
  }
  return value === 'true';
}

function parseChoice<T extends string>(name: string, value: string, choices: readonly T[]): T {
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined)
    throw invalidAttributeValue(name, `Must be one of ${choices.join(', ')}.`);
  return choice;
}

function parseBoundedInteger(name: string, value: string, min: number, max: number): number {
  if (!/^\d{1,10}$/.test(value)) throw invalidAttributeValue(name, 'Must be an integer.');
  const parsed = Number(value);
  if (parsed < min || parsed > max) {
    throw invalidAttributeValue(name, `Must be between ${min} and ${max}.`);
  }
  return parsed;
}

function parseRedrivePolicy(value: string): RedrivePolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameter('RedrivePolicy', value, 'Invalid value for RedrivePolicy: not JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw invalidParameter('RedrivePolicy', value, 'Redrive policy is not a JSON object.');
  }
  const { deadLetterTargetArn, maxReceiveCount } = parsed as Record<string, unknown>;
  if (typeof deadLetterTargetArn !== 'string' || !deadLetterTargetArn.startsWith('arn:')) {
    throw invalidParameter('RedrivePolicy', value, 'Invalid value for deadLetterTargetArn.');
  }
  // Templates write maxReceiveCount both as a number and as a string.
  const count = typeof maxReceiveCount === 'string' ? Number(maxReceiveCount) : maxReceiveCount;
  if (
    typeof count !== 'number' ||
    !Number.isInteger(count) ||
    count < 1 ||
    count > MAX_RECEIVE_COUNT
  ) {
    throw invalidParameter(
      'RedrivePolicy',
      value,
      `Invalid value for maxReceiveCount: ${String(maxReceiveCount)}, valid values are from 1 to ${MAX_RECEIVE_COUNT} both inclusive.`,
    );
  }
  return { deadLetterTargetArn, maxReceiveCount: count };
}
