import { readFile } from 'node:fs/promises';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) =>
  readFile(new URL(`../fixtures/lint/${name}`, import.meta.url), 'utf8');

/** The repository's own ESLint config, on a fixture's text as if it were at `filePath`. */
async function lint(code: string, filePath: string) {
  const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('ESLint returned no result');
  return result.messages;
}

describe('the lint under functions/', () => {
  it('refuses readFileSync and every other blocking call, one error each', async () => {
    const messages = await lint(await fixture('blocking.ts'), 'functions/api/blocking.ts');
    const blocking = messages.filter((m) => m.ruleId === 'no-restricted-syntax');
    expect(blocking.map((m) => m.line)).toEqual([9, 10, 11, 12, 13]);
    for (const m of blocking) {
      expect(m.severity).toBe(2);
      expect(m.message).toBe('Blocking call on a Lambda request path: use the async API.');
    }
    expect(messages.filter((m) => m.ruleId !== 'no-restricted-syntax')).toEqual([]);
  });

  it('accepts the async forms of the same work', async () => {
    expect(await lint(await fixture('clean.ts'), 'functions/api/clean.ts')).toEqual([]);
  });

  it('applies to functions/ only: build scripts and the CDK app may read files synchronously', async () => {
    expect(await lint(await fixture('blocking.ts'), 'lib/blocking.ts')).toEqual([]);
  });
});
