import {
  ALGORITHM,
  UNSIGNED_PAYLOAD,
  canonicalRequest,
  parseAmzDate,
  parseCredential,
  sameSignature,
  signingKey,
  stringToSign,
  hmac,
  type CredentialScope,
} from './sigv4';
import {
  S3Error,
  accessDenied,
  invalidRequest,
  malformedAuthorization,
  notImplemented,
} from './s3-errors';

/** Access key id -> secret: who may call the local S3. */
export type CredentialStore = ReadonlyMap<string, string>;

export interface AuthContext {
  readonly credentials: CredentialStore;
  readonly region: string;
  readonly now: () => Date;
}

export interface SignedRequest {
  readonly method: string;
  /** Decoded path, `/bucket/key`. */
  readonly path: string;
  readonly query: readonly [string, string][];
  readonly headers: ReadonlyMap<string, readonly string[]>;
}

export interface Caller {
  readonly accessKeyId: string;
  /** What the payload must hash to (hex), when the signature covers it. */
  readonly payloadHash: string;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

/**
 * Authenticates a REST request the way S3 does: an `Authorization:
 * AWS4-HMAC-SHA256 ...` header, or a presigned URL (`X-Amz-Signature` in the
 * query, with its expiry). The bucket is private, so an anonymous request is
 * AccessDenied.
 */
export function authenticate(request: SignedRequest, context: AuthContext): Caller {
  const authorization = first(request.headers, 'authorization');
  const queryValue = (name: string) => request.query.find(([n]) => n === name)?.[1];
  if (authorization !== undefined) return headerAuth(request, authorization, context);
  if (queryValue('X-Amz-Algorithm') !== undefined || queryValue('X-Amz-Signature') !== undefined) {
    return queryAuth(request, queryValue, context);
  }
  if (queryValue('Signature') !== undefined || queryValue('AWSAccessKeyId') !== undefined) {
    throw invalidRequest(
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  }
  throw accessDenied();
}

function headerAuth(request: SignedRequest, authorization: string, context: AuthContext): Caller {
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw invalidRequest(
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  }
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeadersValue = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeadersValue || !signature) {
    throw malformedAuthorization(
      'The authorization header is malformed; it must name Credential, SignedHeaders and Signature.',
    );
  }
  const amzDate = first(request.headers, 'x-amz-date');
  if (amzDate === undefined) {
    throw accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  }
  const date = parseAmzDate(amzDate);
  if (!date) throw accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  const skew = Math.abs(context.now().getTime() - date.getTime());
  if (skew > MAX_SKEW_MS) {
    throw new S3Error(
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      {
        RequestTime: amzDate,
        ServerTime: context.now().toISOString(),
        MaxAllowedSkewMilliseconds: 900000,
      },
    );
  }
  const payloadHash = first(request.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) {
    throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
  }
  if (payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256')) {
    throw notImplemented('signed aws-chunked payloads');
  }
  const scope = checkScope(credential, amzDate, context);
  const signedHeaders = signedHeadersValue.split(';');
  checkSignedHeaders(signedHeaders, request.headers);
  verify(request, scope, amzDate, signedHeaders, payloadHash, signature, request.query, context);
  return { accessKeyId: scope.accessKeyId, payloadHash };
}

function queryAuth(
  request: SignedRequest,
  value: (name: string) => string | undefined,
  context: AuthContext,
): Caller {
  const required = [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Signature',
    'X-Amz-Date',
    'X-Amz-SignedHeaders',
    'X-Amz-Expires',
  ];
  const missing = required.filter((name) => value(name) === undefined);
  if (missing.length > 0) {
    throw new S3Error(
      400,
      'AuthorizationQueryParametersError',
      `Query-string authentication version 4 requires the ${required.join(', ')} parameters.`,
    );
  }
  if (value('X-Amz-Algorithm') !== ALGORITHM) {
    throw new S3Error(
      400,
      'AuthorizationQueryParametersError',
      `X-Amz-Algorithm only supports "${ALGORITHM}"`,
    );
  }
  const amzDate = value('X-Amz-Date') ?? '';
  const date = parseAmzDate(amzDate);
  const expires = Number(value('X-Amz-Expires'));
  if (!date || !Number.isInteger(expires) || expires < 0) {
    throw new S3Error(
      400,
      'AuthorizationQueryParametersError',
      'X-Amz-Date must be in the ISO8601 Long Format and X-Amz-Expires a non-negative integer.',
    );
  }
  if (expires > MAX_PRESIGN_SECONDS) {
    throw new S3Error(
      400,
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be less than a week (in seconds) that is 604800',
    );
  }
  const scope = checkScope(value('X-Amz-Credential') ?? '', amzDate, context);
  const now = context.now();
  if (date.getTime() - now.getTime() > MAX_SKEW_MS) {
    throw accessDenied('Request is not valid yet');
  }
  const expiresAt = new Date(date.getTime() + expires * 1000);
  const signedHeaders = (value('X-Amz-SignedHeaders') ?? '').split(';');
  checkSignedHeaders(signedHeaders, request.headers);
  const payloadHash =
    value('X-Amz-Content-Sha256') ??
    first(request.headers, 'x-amz-content-sha256') ??
    UNSIGNED_PAYLOAD;
  const unsignedQuery = request.query.filter(([name]) => name !== 'X-Amz-Signature');
  verify(
    request,
    scope,
    amzDate,
    signedHeaders,
    payloadHash,
    value('X-Amz-Signature') ?? '',
    unsignedQuery,
    context,
  );
  // Checked after the signature, as S3 does: an expired URL is only "expired" if it is genuine.
  if (now.getTime() > expiresAt.getTime()) {
    throw accessDenied('Request has expired', {
      'X-Amz-Expires': expires,
      Expires: expiresAt.toISOString(),
      ServerTime: now.toISOString(),
    });
  }
  return { accessKeyId: scope.accessKeyId, payloadHash };
}

/** The credential's key must be known, its date that of the request, its region ours, its service s3. */
export function checkScope(
  credential: string,
  amzDate: string,
  context: AuthContext,
): CredentialScope {
  const scope = parseCredential(credential);
  if (!scope) {
    throw malformedAuthorization(
      `The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
    );
  }
  if (!context.credentials.has(scope.accessKeyId)) {
    throw new S3Error(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      { AWSAccessKeyId: scope.accessKeyId },
    );
  }
  if (scope.date !== amzDate.slice(0, 8)) {
    throw malformedAuthorization(
      `The authorization header is malformed; Invalid credential date "${scope.date}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`,
    );
  }
  if (scope.region !== context.region) {
    throw malformedAuthorization(
      `The authorization header is malformed; the region '${scope.region}' is wrong; expecting '${context.region}'`,
    );
  }
  if (scope.service !== 's3') {
    throw malformedAuthorization(
      `The authorization header is malformed; incorrect service "${scope.service}". This endpoint belongs to "s3".`,
    );
  }
  return scope;
}

function checkSignedHeaders(
  signedHeaders: readonly string[],
  headers: ReadonlyMap<string, readonly string[]>,
): void {
  if (!signedHeaders.includes('host')) {
    throw malformedAuthorization('The host header must be signed.');
  }
  for (const name of signedHeaders) {
    if (name !== name.toLowerCase() || !headers.has(name)) {
      throw accessDenied(
        `There were headers present in the request which were not signed: ${name}`,
      );
    }
  }
}

function verify(
  request: SignedRequest,
  scope: CredentialScope,
  amzDate: string,
  signedHeaders: readonly string[],
  payloadHash: string,
  signature: string,
  query: readonly (readonly [string, string])[],
  context: AuthContext,
): void {
  const secret = context.credentials.get(scope.accessKeyId) ?? '';
  const canonical = canonicalRequest({
    method: request.method,
    path: request.path,
    query,
    headers: request.headers,
    signedHeaders,
    payloadHash,
  });
  const toSign = stringToSign(amzDate, scope.scope, canonical);
  const expected = hmac(signingKey(secret, scope.date, scope.region, 's3'), toSign).toString('hex');
  if (!sameSignature(expected, signature)) {
    throw new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      { AWSAccessKeyId: scope.accessKeyId, StringToSign: toSign, CanonicalRequest: canonical },
    );
  }
}

function first(headers: ReadonlyMap<string, readonly string[]>, name: string): string | undefined {
  return headers.get(name)?.[0];
}
