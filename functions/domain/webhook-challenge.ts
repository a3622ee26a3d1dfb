import { randomBytes } from 'node:crypto';
import { jobs } from '../../lib/description/limits';
import type { WebhookSender } from './notify-subscribers';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

export const CHALLENGE_EVENT = 'webhook.challenge';

/**
 * Proof that whoever registers a webhook owns its receiver, before any
 * delivery (as Slack's url_verification and Zoom's endpoint validation do):
 * the receiver gets one signed `webhook.challenge` callback holding a random
 * token, and must answer 2xx with that token as its body (plain, or JSON
 * `{"challenge": "<token>"}`). Anything else, and the webhook is not
 * registered: a host that never agreed to receive callbacks gets none.
 *
 * Answers undefined when the receiver echoed the token, else why not.
 */
export async function challengeReceiver(
  sender: WebhookSender,
  url: string,
  secret: string,
  at: Date,
  token: string = randomBytes(24).toString('base64url'),
): Promise<string | undefined> {
  const body = JSON.stringify({
    type: CHALLENGE_EVENT,
    challenge: token,
    created_at: at.toISOString(),
  });
  const result = await sender.post(
    url,
    body,
    {
      'content-type': 'application/json',
      'user-agent': jobs.webhooks.userAgent,
      'x-posts-event': CHALLENGE_EVENT,
      [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(
        secret,
        Math.floor(at.getTime() / 1000),
        body,
      ),
    },
    jobs.webhooks.timeoutMs,
  );
  if (!result.ok) return `the receiver did not confirm the challenge (${result.error})`;
  if (echoOf(result.body ?? '') !== token) {
    return 'the receiver answered, but not with the challenge token (see docs/webhooks.md)';
  }
  return undefined;
}

function echoOf(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    const challenge = (parsed as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' ? challenge : '';
  } catch {
    return '';
  }
}
