const words = (
  'the a serverless function answers requests while workers analyse long texts in the background ' +
  'queues keep heavy jobs away from the request path and every handler stays small fast and honest ' +
  'readers enjoy clear writing but dislike confusing jargon terrible delays and broken promises ' +
  'great teams measure before they optimise and celebrate wonderful results with #benchmarks #aws ' +
  'latency throughput concurrency memory timeout budget cache database table index partition key'
).split(' ');

/**
 * English-like text of exactly `chars` characters (sentences, punctuation,
 * hashtags), the same every run: what a client would send `POST /analyze`.
 */
export function sampleText(chars: number): string {
  let seed = 42;
  const random = () => {
    // xorshift32: deterministic, no dependency.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const count = 6 + Math.floor(random() * 14);
    const sentence: string[] = [];
    for (let i = 0; i < count; i += 1)
      sentence.push(words[Math.floor(random() * words.length)] as string);
    const text = `${sentence.join(' ').replace(/^\w/, (c) => c.toUpperCase())}${random() < 0.2 ? '!' : '.'} `;
    parts.push(text);
    length += text.length;
  }
  return parts.join('').slice(0, chars);
}
