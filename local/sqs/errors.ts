/**
 * SQS errors in the shape the JSON protocol uses on the wire.
 *
 * The SDK is generated with `awsQueryCompatible`: it reads the error code from
 * the `x-amzn-query-error` header first and maps it back to a modelled
 * exception through each shape's `awsQueryError` trait, and only falls back to
 * `__type` without it. Sending both, as SQS does, keeps `error.name` right for
 * clients of either generation.
 */
export class SqsError extends Error {
  constructor(
    /** Smithy shape name: becomes `__type` and, for modelled errors, `error.name`. */
    readonly type: string,
    /** Legacy query-protocol code, sent in `x-amzn-query-error` and in batch `Failed[].Code`. */
    readonly queryCode: string,
    message: string,
    readonly status = 400,
    readonly senderFault = true,
    /** Errors raised by the service framework rather than the SQS model live elsewhere. */
    readonly namespace = 'com.amazonaws.sqs',
  ) {
    super(message);
    this.name = type;
  }

  get wireType(): string {
    return `${this.namespace}#${this.type}`;
  }

  get queryErrorHeader(): string {
    return `${this.queryCode};${this.senderFault ? 'Sender' : 'Receiver'}`;
  }
}

export const queueDoesNotExist = (): SqsError =>
  new SqsError(
    'QueueDoesNotExist',
    'AWS.SimpleQueueService.NonExistentQueue',
    'The specified queue does not exist.',
  );

export const queueNameExists = (name: string): SqsError =>
  new SqsError(
    'QueueNameExists',
    'QueueAlreadyExists',
    `A queue already exists with the same name (${name}) and a different value for an attribute.`,
  );

/** Not modelled by SQS: the SDK surfaces it as `InvalidParameterValue` from the header. */
export const invalidParameterValue = (message: string): SqsError =>
  new SqsError('InvalidParameterValue', 'InvalidParameterValue', message);

export const invalidParameter = (name: string, value: unknown, reason: string): SqsError =>
  invalidParameterValue(
    `Value ${typeof value === 'string' ? value : JSON.stringify(value)} for parameter ${name} is invalid. Reason: ${reason}`,
  );

export const missingParameter = (name: string): SqsError =>
  new SqsError(
    'MissingParameter',
    'MissingParameter',
    `The request must contain the parameter ${name}.`,
  );

export const invalidAttributeName = (name: string): SqsError =>
  new SqsError('InvalidAttributeName', 'InvalidAttributeName', `Unknown Attribute ${name}.`);

export const invalidAttributeValue = (name: string, reason: string): SqsError =>
  new SqsError(
    'InvalidAttributeValue',
    'InvalidAttributeValue',
    `Invalid value for the parameter ${name}. Reason: ${reason}`,
  );

export const invalidMessageContents = (): SqsError =>
  new SqsError(
    'InvalidMessageContents',
    'InvalidMessageContents',
    'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
  );

export const receiptHandleIsInvalid = (handle: string): SqsError =>
  new SqsError(
    'ReceiptHandleIsInvalid',
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    404,
  );

export const messageNotInflight = (): SqsError =>
  new SqsError(
    'MessageNotInflight',
    'AWS.SimpleQueueService.MessageNotInflight',
    'The message referred to is not in flight.',
  );

export const unsupportedOperation = (message: string): SqsError =>
  new SqsError('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', message);

export const invalidAddress = (address: string): SqsError =>
  new SqsError(
    'InvalidAddress',
    'InvalidAddress',
    `The address ${address} is not valid for this endpoint.`,
    404,
  );

export const emptyBatchRequest = (): SqsError =>
  new SqsError(
    'EmptyBatchRequest',
    'AWS.SimpleQueueService.EmptyBatchRequest',
    'There should be at least one entry in the request.',
  );

export const tooManyEntriesInBatchRequest = (count: number, max: number): SqsError =>
  new SqsError(
    'TooManyEntriesInBatchRequest',
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are ${max}. You have sent ${count}.`,
  );

export const batchEntryIdsNotDistinct = (id: string): SqsError =>
  new SqsError(
    'BatchEntryIdsNotDistinct',
    'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    `Id ${id} repeated.`,
  );

export const invalidBatchEntryId = (): SqsError =>
  new SqsError(
    'InvalidBatchEntryId',
    'AWS.SimpleQueueService.InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );

export const batchRequestTooLong = (size: number, max: number): SqsError =>
  new SqsError(
    'BatchRequestTooLong',
    'AWS.SimpleQueueService.BatchRequestTooLong',
    `Batch requests cannot be longer than ${max} bytes. You have sent ${size} bytes.`,
  );

/** The framework in front of SQS rejects these before any SQS code runs. */
export const unknownOperation = (target: string): SqsError =>
  new SqsError(
    'UnknownOperationException',
    'InvalidAction',
    `The action or operation requested is invalid: ${target || '(no X-Amz-Target header)'}.`,
    400,
    true,
    'com.amazon.coral.service',
  );

export const serializationError = (message: string): SqsError =>
  new SqsError(
    'SerializationException',
    'MalformedInput',
    message,
    400,
    true,
    'com.amazon.coral.service',
  );

export const internalFailure = (): SqsError =>
  new SqsError(
    'InternalFailure',
    'InternalFailure',
    'The request processing has failed because of an unknown error.',
    500,
    false,
    'com.amazon.coral.service',
  );

export const resourceNotFound = (message: string): SqsError =>
  new SqsError('ResourceNotFoundException', 'ResourceNotFoundException', message, 404);

export const purgeQueueInProgress = (name: string): SqsError =>
  new SqsError(
    'PurgeQueueInProgress',
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
    403,
  );

export const queueDeletedRecently = (): SqsError =>
  new SqsError(
    'QueueDeletedRecently',
    'AWS.SimpleQueueService.QueueDeletedRecently',
    'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
  );

/** The Query protocol's front end: no Action, or one SQS does not have. */
export const missingAction = (): SqsError =>
  new SqsError(
    'MissingAction',
    'MissingAction',
    'The request must contain the parameter Action.',
    400,
    true,
    'com.amazon.coral.service',
  );

export const invalidAction = (action: string): SqsError =>
  new SqsError(
    'InvalidAction',
    'InvalidAction',
    `The action ${action} is not valid for this endpoint.`,
    400,
    true,
    'com.amazon.coral.service',
  );
