import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RUNBOOK } from '../../lib/constructs/observability';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');

describe('docs/operations.md', () => {
  it('has a section for every alarm the stack links to', async () => {
    const doc = await readFile(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    const anchors = [...doc.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1] ?? ''));
    for (const link of Object.values(RUNBOOK)) expect(anchors, link).toContain(link);
  });
});
