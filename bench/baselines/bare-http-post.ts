/** One JSON POST over a keep-alive agent: the webhook baselines' delivery and challenge. */
import * as http from 'node:http';
import * as https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

export function postJson(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    // https in the cloud; http to a receiver on this machine (the local cloud, the bench).
    const plain = url.startsWith('http:');
    const call = (plain ? http.request : https.request)(
      url,
      {
        method: 'POST',
        agent: plain ? agents['http:'] : agents['https:'],
        timeout: 5_000,
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    call.on('error', reject);
    call.end(JSON.stringify(body));
  });
}
