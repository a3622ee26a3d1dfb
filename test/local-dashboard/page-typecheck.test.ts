import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The dashboard's page script runs in a browser, so it is checked with the
 * DOM types in a project of its own (local/dashboard/browser/tsconfig.json),
 * which the root `tsc --noEmit` leaves out: the DOM's Blob and fetch types
 * would clash with Node's in the rest. `npm run typecheck` runs both; this
 * keeps `npm test` from passing a page that does not compile.
 */
describe('the dashboard page script', () => {
  it('type-checks against the DOM and the JSON the server sends', async () => {
    const run = promisify(execFile);
    // The compiler itself, not through npx (which starts npm first: a second of CPU).
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '--noEmit', '-p', 'local/dashboard/browser'], {
      timeout: 120_000,
    }).then(
      () => ({ ok: true, output: '' }),
      (error: { stdout?: string }) => ({ ok: false, output: error.stdout ?? String(error) }),
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 130_000);
});
