/** One JSON POST over a keep-alive agent: the webhook baselines' delivery and challenge. */
import { Agent, request } from 'node:https';

const agent = new Agent({ keepAlive: true });

export function postJson(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method: 'POST', agent, timeout: 5_000, headers: { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    call.on('error', reject);
    call.end(JSON.stringify(body));
  });
}
