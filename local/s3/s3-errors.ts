import { xmlDocument, xmlElement } from './xml';

/**
 * An S3 error answer: status, `<Code>`, `<Message>` and the extra elements S3
 * adds for some codes (e.g. `ProposedSize` and `MaxSizeAllowed` for
 * EntityTooLarge), rendered as S3's `<Error>` document.
 */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = 'S3Error';
  }

  toXml(requestId: string): string {
    const extra = Object.entries(this.details).map(([name, value]) =>
      xmlElement(name, String(value)),
    );
    return xmlDocument(
      xmlElement(
        'Error',
        [
          xmlElement('Code', this.code),
          xmlElement('Message', this.message),
          ...extra,
          xmlElement('RequestId', requestId),
          xmlElement('HostId', requestId),
        ].join(''),
        false,
      ),
    );
  }
}

export const accessDenied = (message = 'Access Denied', details = {}) =>
  new S3Error(403, 'AccessDenied', message, details);

export const policyViolation = (reason: string) =>
  accessDenied(`Invalid according to Policy: ${reason}`);

export const invalidArgument = (message: string, details: Record<string, string> = {}) =>
  new S3Error(400, 'InvalidArgument', message, details);

export const invalidRequest = (message: string) => new S3Error(400, 'InvalidRequest', message);

export const malformedAuthorization = (message: string) =>
  new S3Error(400, 'AuthorizationHeaderMalformed', message);

export const invalidPolicyDocument = (message: string) =>
  new S3Error(400, 'InvalidPolicyDocument', `Invalid Policy: ${message}`);

export const noSuchBucket = (bucket: string) =>
  new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });

export const noSuchKey = (key: string) =>
  new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });

export const notImplemented = (what: string) =>
  new S3Error(
    501,
    'NotImplemented',
    `A header or query you provided implies functionality that is not implemented (${what}).`,
  );

export const entityTooLarge = (proposed: number, max: number) =>
  new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
    ProposedSize: proposed,
    MaxSizeAllowed: max,
  });

export const entityTooSmall = (proposed: number, min: number) =>
  new S3Error(
    400,
    'EntityTooSmall',
    'Your proposed upload is smaller than the minimum allowed size',
    {
      ProposedSize: proposed,
      MinSizeAllowed: min,
    },
  );

export const malformedPost = () =>
  new S3Error(
    400,
    'MalformedPOSTRequest',
    'The body of your POST request is not well-formed multipart/form-data.',
  );

export const internalError = () =>
  new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
