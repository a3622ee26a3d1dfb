import type { Construct } from 'constructs';

/**
 * `-c cache=off`: deploy without the cache and without the VPC (the cheap
 * setup; every read goes to DynamoDB, `X-Cache: BYPASS`). Anything other
 * than on/off is a typo and fails synth.
 */
export function cacheEnabled(scope: Construct): boolean {
  const value: unknown = scope.node.tryGetContext('cache') ?? 'on';
  if (value === 'on' || value === true || value === 'true') return true;
  if (value === 'off' || value === false || value === 'false') return false;
  throw new Error(`-c cache=${String(value)}: use on or off`);
}

/**
 * `-c partnerApiUrl=https://…`: the partner API behind `GET /external-data`.
 * Without it the route answers 503 (nothing to call). In the cloud it must
 * be https: the answer is served to clients as the partner's.
 */
export function partnerApiUrl(scope: Construct): string | undefined {
  const value: unknown = scope.node.tryGetContext('partnerApiUrl');
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new Error(`-c partnerApiUrl=${String(value)} is not a URL`);
  }
  if (url.protocol !== 'https:') throw new Error('-c partnerApiUrl must be an https:// URL');
  return url.toString();
}

/**
 * `-c dev=on`: a throwaway development stack. Its table has no deletion
 * protection, so `cdk destroy` and a console delete can remove it; every
 * other stack's table refuses to be deleted until protection is turned off.
 */
export function devStack(scope: Construct): boolean {
  const value: unknown = scope.node.tryGetContext('dev') ?? 'off';
  if (value === 'on' || value === true || value === 'true') return true;
  if (value === 'off' || value === false || value === 'false') return false;
  throw new Error(`-c dev=${String(value)}: use on or off`);
}
