import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { openApiText } from './openapi-document';

const file = new URL('./openapi-types.ts', import.meta.url);
const header = `/**
 * The API's types, generated from docs/openapi.json by openapi-typescript (\`npm run openapi\`
 * writes this file; the drift test fails when it is stale). Do not edit: change the schemas.
 * The typed client (api-client.ts) is built on \`paths\`.
 */
`;

/**
 * lib/contract/openapi-types.ts as \`npm run openapi\` writes it: the document's types, formatted
 * with the repository's prettier settings so the lint passes on the generated file as it is.
 */
export async function openApiTypesText(): Promise<string> {
  const ast = await openapiTS(openApiText(), {
    silent: true,
  });
  const options = (await resolveConfig(file)) ?? {};
  return format(header + astToString(ast), { ...options, parser: 'typescript' });
}
