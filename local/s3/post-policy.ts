import { checkScope, type AuthContext } from './request-auth';
import {
  S3Error,
  accessDenied,
  entityTooLarge,
  entityTooSmall,
  invalidArgument,
  invalidPolicyDocument,
  invalidRequest,
  policyViolation,
} from './s3-errors';
import { ALGORITHM, hmac, parseAmzDate, sameSignature, signingKey } from './sigv4';

/**
 * A browser-form upload's authorisation, checked as S3 checks it: the policy
 * document's SigV4 signature, its expiry, every condition (exact match,
 * `starts-with`, `content-length-range`), and no form field that no condition
 * names. Field names are case-insensitive; values are not.
 */
export interface PostForm {
  /** Field name (lower-case) -> value, for the fields before `file`. */
  readonly fields: ReadonlyMap<string, string>;
  readonly bucket: string;
  /** The key after `${filename}` substitution. */
  readonly key: string;
  readonly fileSize: number;
}

type Condition =
  | {
      readonly kind: 'eq' | 'starts-with';
      /** Lower-case, for matching; `written` as the policy spells it, for messages. */
      readonly field: string;
      readonly written: string;
      readonly value: string;
    }
  | { readonly kind: 'content-length-range'; readonly min: number; readonly max: number };

/** Fields a form may carry without a condition naming them. */
const exempt = new Set(['policy', 'x-amz-signature', 'file']);

export function checkPostPolicy(form: PostForm, context: AuthContext): { accessKeyId: string } {
  const policy = form.fields.get('policy');
  if (policy === undefined) {
    // No policy: an anonymous upload, which a private bucket refuses.
    throw accessDenied();
  }
  if (form.fields.has('awsaccesskeyid') || form.fields.has('signature')) {
    throw invalidRequest(
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  }
  const algorithm = form.fields.get('x-amz-algorithm');
  const credential = form.fields.get('x-amz-credential');
  const amzDate = form.fields.get('x-amz-date');
  const signature = form.fields.get('x-amz-signature');
  for (const [name, value] of [
    ['X-Amz-Algorithm', algorithm],
    ['X-Amz-Credential', credential],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Signature', signature],
  ] as const) {
    if (value === undefined) {
      throw invalidArgument(`Bucket POST must contain a field named '${name}'.`, {
        ArgumentName: name,
      });
    }
  }
  if (algorithm !== ALGORITHM) {
    throw invalidArgument(`The algorithm ${algorithm ?? ''} is not supported.`, {
      ArgumentName: 'x-amz-algorithm',
    });
  }
  if (!parseAmzDate(amzDate ?? '')) {
    throw invalidArgument(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`, {
      ArgumentName: 'x-amz-date',
    });
  }
  const scope = checkScope(credential ?? '', amzDate ?? '', context);
  const secret = context.credentials.get(scope.accessKeyId) ?? '';
  const expected = hmac(signingKey(secret, scope.date, scope.region, 's3'), policy).toString('hex');
  if (!sameSignature(expected, signature ?? '')) {
    throw new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      { AWSAccessKeyId: scope.accessKeyId, StringToSign: policy },
    );
  }

  const { expiration, conditions } = parsePolicy(policy);
  if (context.now().getTime() > expiration.getTime()) throw policyViolation('Policy expired.');

  const valueOf = (field: string): string =>
    field === 'bucket' ? form.bucket : field === 'key' ? form.key : (form.fields.get(field) ?? '');
  const named = new Set<string>();
  for (const condition of conditions) {
    if (condition.kind === 'content-length-range') {
      if (form.fileSize > condition.max) throw entityTooLarge(form.fileSize, condition.max);
      if (form.fileSize < condition.min) throw entityTooSmall(form.fileSize, condition.min);
      continue;
    }
    named.add(condition.field);
    const actual = valueOf(condition.field);
    const holds =
      condition.kind === 'eq' ? actual === condition.value : actual.startsWith(condition.value);
    if (!holds) {
      throw policyViolation(
        `Policy Condition failed: ["${condition.kind}", "$${condition.written}", "${condition.value}"]`,
      );
    }
  }
  const extra = [...form.fields.keys()].filter(
    (name) => !exempt.has(name) && !name.startsWith('x-ignore-') && !named.has(name),
  );
  if (extra.length > 0) throw policyViolation(`Extra input fields: ${extra.join(', ')}`);
  return { accessKeyId: scope.accessKeyId };
}

function parsePolicy(encoded: string): { expiration: Date; conditions: Condition[] } {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicyDocument('Invalid JSON.');
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw invalidPolicyDocument('Invalid JSON.');
  }
  const { expiration, conditions } = document as { expiration?: unknown; conditions?: unknown };
  const expires = typeof expiration === 'string' ? new Date(expiration) : undefined;
  if (!expires || Number.isNaN(expires.getTime())) {
    throw invalidPolicyDocument(`Invalid 'expiration' value: '${String(expiration)}'`);
  }
  if (!Array.isArray(conditions)) {
    throw invalidPolicyDocument(`Invalid 'conditions' value: must be a List.`);
  }
  return { expiration: expires, conditions: conditions.map(parseCondition) };
}

function parseCondition(raw: unknown): Condition {
  const invalid = () => invalidPolicyDocument(`Invalid Condition: ${JSON.stringify(raw)}`);
  if (Array.isArray(raw)) {
    const [operator, first, second] = raw as unknown[];
    if (typeof operator !== 'string' || raw.length !== 3) throw invalid();
    const op = operator.toLowerCase();
    if (op === 'content-length-range') {
      const min = Number(first);
      const max = Number(second);
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0) throw invalid();
      return { kind: 'content-length-range', min, max };
    }
    if ((op !== 'eq' && op !== 'starts-with') || typeof first !== 'string') throw invalid();
    if (!first.startsWith('$') || typeof second !== 'string') throw invalid();
    return {
      kind: op,
      field: first.slice(1).toLowerCase(),
      written: first.slice(1),
      value: second,
    };
  }
  if (raw && typeof raw === 'object') {
    const entries = Object.entries(raw);
    const [entry] = entries;
    if (entries.length !== 1 || !entry || typeof entry[1] !== 'string') throw invalid();
    return { kind: 'eq', field: entry[0].toLowerCase(), written: entry[0], value: entry[1] };
  }
  throw invalid();
}
