/**
 * `npm run openapi`: writes docs/openapi.json from the description (lib/contract). With
 * `--check`, writes nothing and exits 1 when the file is not what the code generates.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './cli/command-line';

const usage = `usage: npm run openapi [-- --check]

Writes docs/openapi.json (OpenAPI 3.1) from lib/description and the schemas it names.
--check  write nothing; exit 1 when docs/openapi.json differs from what the code generates.
`;

const { values } = parseCommandLine({
  name: 'openapi',
  usage,
  options: { check: { type: 'boolean' } },
});

const { openApiText } = await import('../lib/contract/openapi-document');
const file = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
const text = openApiText();
if (values.check) {
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current !== text) {
    process.stderr.write('openapi: docs/openapi.json is out of date; run npm run openapi\n');
    process.exit(1);
  }
} else {
  await writeFile(file, text);
  process.stdout.write(`openapi: wrote ${file}\n`);
}
