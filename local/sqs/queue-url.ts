import { invalidAddress } from './errors';

/**
 * The queue name a QueueUrl points at. Any scheme, host and port are accepted
 * (a URL built for another host name or port of the same server, or copied
 * from a previous run, should still work): only the last path segment counts.
 */
export function queueNameFromUrl(queueUrl: string): string {
  let name: string;
  try {
    const segments = new URL(queueUrl).pathname.split('/').filter(Boolean);
    name = decodeURIComponent(segments.at(-1) ?? '');
  } catch {
    throw invalidAddress(queueUrl);
  }
  if (!name) throw invalidAddress(queueUrl);
  return name;
}

export function queueUrl(baseUrl: string, accountId: string, name: string): string {
  return `${baseUrl}/${accountId}/${name}`;
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}
