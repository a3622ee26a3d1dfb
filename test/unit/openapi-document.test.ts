import { readFile } from 'node:fs/promises';
import { createConfig, lint } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { routes, schemaNames } from '../../lib/description';
import { examples } from '../../lib/contract/examples';
import { openApiDocument, openApiText } from '../../lib/contract/openapi-document';
import { openApiTypesText } from '../../lib/contract/openapi-types-text';
import { schemas } from '../../lib/contract/schemas';

const file = new URL('../../docs/openapi.json', import.meta.url);

type Operation = {
  operationId: string;
  summary: string;
  security: unknown[];
  parameters?: { name?: string; in?: string; $ref?: string }[];
  requestBody?: { content: Record<string, { schema: { $ref: string }; example: unknown }> };
  responses: Record<
    string,
    { content?: Record<string, { schema: unknown; example: unknown }>; $ref?: string }
  >;
};
const document = openApiDocument() as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  servers: { url: string; variables?: Record<string, unknown> }[];
};

describe('docs/openapi.json', () => {
  it('is what the code generates (npm run openapi writes it)', async () => {
    expect(await readFile(file, 'utf8')).toBe(openApiText());
  });

  it("the typed client's types are generated from it (npm run openapi writes them)", async () => {
    const types = new URL('../../lib/contract/openapi-types.ts', import.meta.url);
    expect(await readFile(types, 'utf8')).toBe(await openApiTypesText());
  });

  it("passes Redocly's strict ruleset with no problem at all", async () => {
    const config = await createConfig({
      extends: ['recommended-strict'],
      // The local cloud is a server of this document on purpose: "try it" from /docs.
      rules: { 'no-server-example.com': 'off' },
    });
    const problems = await lint({ ref: file.pathname, config });
    expect(
      problems.map((p) => `${p.ruleId}: ${p.message} ${p.location[0]?.pointer ?? ''}`),
    ).toEqual([]);
  });

  it('is OpenAPI 3.1 with the stage URL as a server variable and the Cognito ID token as bearer', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers[0]?.url).toContain('{stage}');
    expect(document.components.securitySchemes.cognitoIdToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('has one operation per route of the description, with its schemas, auth and problems', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      const op = document.paths[route.path]?.[route.method.toLowerCase()];
      if (!op) throw new Error(`${name} missing`);
      expect(op.summary, name).toBeTruthy();
      // Every route names at least one answer; every answer with a body names its schema.
      const answers = Object.entries(route.responses);
      expect(answers.length, name).toBeGreaterThan(0);
      for (const [status, answer] of answers) {
        const content = op.responses[status]?.content?.['application/json'];
        if (answer?.schema) {
          expect(content?.schema, `${name} ${status}`).toEqual({
            $ref: `#/components/schemas/${answer.schema}`,
          });
        } else {
          expect(content, `${name} ${status}`).toBeUndefined();
        }
      }
      if (route.body) {
        expect(op.requestBody?.content['application/json']?.schema).toEqual({
          $ref: `#/components/schemas/${route.body}`,
        });
        for (const status of ['400', '413', '415'])
          expect(op.responses[status], name).toBeDefined();
      }
      for (const [, param] of route.path.matchAll(/\{(\w+)\}/g)) {
        expect(
          op.parameters?.some((p) => p.name === param && p.in === 'path'),
          name,
        ).toBe(true);
      }
      expect(op.security, name).toEqual(route.auth ? [{ cognitoIdToken: [] }] : []);
      if (route.auth) expect(op.responses['401'], name).toBeDefined();
      expect(op.responses['429'], name).toEqual({ $ref: '#/components/responses/TooManyRequests' });
      for (const status of route.errors) expect(op.responses[String(status)], name).toBeDefined();
      if (route.idempotencyKey) {
        expect(op.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
      }
    }
  });

  it('has an example for every shape, and each fits its own schema', () => {
    for (const name of schemaNames) {
      const parsed = schemas[name].safeParse(examples[name]);
      expect(parsed.success ? [] : parsed.error.issues, name).toEqual([]);
    }
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect((schema as { examples?: unknown[] }).examples, name).toHaveLength(1);
    }
  });
});
