/**
 * `npm run openapi`: writes docs/openapi.json from the description (lib/contract) and the
 * client's types generated from it (lib/contract/openapi-types.ts). With `--check`, writes
 * nothing and exits 1 when either file is not what the code generates.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './cli/command-line';

const usage = `usage: npm run openapi [-- --check]

Writes docs/openapi.json (OpenAPI 3.1) from lib/description and the schemas it names, and
lib/contract/openapi-types.ts (its types, by openapi-typescript) for the typed client.
--check  write nothing; exit 1 when either file differs from what the code generates.
`;

const { values } = parseCommandLine({
  name: 'openapi',
  usage,
  options: { check: { type: 'boolean' } },
});

const { openApiText } = await import('../lib/contract/openapi-document');
const { openApiTypesText } = await import('../lib/contract/openapi-types-text');
const files = [
  { path: '../docs/openapi.json', text: openApiText() },
  { path: '../lib/contract/openapi-types.ts', text: await openApiTypesText() },
].map(({ path, text }) => ({ file: fileURLToPath(new URL(path, import.meta.url)), text }));

let stale = false;
for (const { file, text } of files) {
  if (values.check) {
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current !== text) {
      process.stderr.write(`openapi: ${file} is out of date; run npm run openapi\n`);
      stale = true;
    }
  } else {
    await writeFile(file, text);
    process.stdout.write(`openapi: wrote ${file}\n`);
  }
}
if (stale) process.exit(1);
