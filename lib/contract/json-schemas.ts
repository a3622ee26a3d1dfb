/**
 * The registry's schemas as JSON Schema: OpenAPI 3.1's dialect (2020-12) for the document,
 * draft 4 for API Gateway's request models, both from zod's own `toJSONSchema`.
 */
import * as z from 'zod/mini';
import type { SchemaName } from '../description/contract';
import { schemas } from './schemas';

export type JsonSchema = { readonly [keyword: string]: unknown };

/** Formats whose regex zod spells out as well: the format says it, the regex only adds noise. */
const formatsWithOwnPattern = new Set(['date-time', 'date', 'uuid']);

function convert(
  name: SchemaName,
  target: 'draft-2020-12' | 'draft-04',
  io: 'input' | 'output',
): Record<string, unknown> {
  const json = z.toJSONSchema(schemas[name], {
    target,
    io,
    // A refinement, a transform, `unknown`: what JSON Schema cannot say, the function checks.
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      const node = jsonSchema as Record<string, unknown>;
      if (typeof node.format === 'string' && formatsWithOwnPattern.has(node.format)) {
        delete node.pattern;
      }
      // JavaScript's safe-integer bounds zod adds to every `int()`: not a limit of this API.
      if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
      if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/**
 * A schema as the OpenAPI document shows it: a request as the client sends it (`input`:
 * defaults make a field optional), an answer as the API sends it (`output`).
 */
export function openApiSchema(name: SchemaName, io: 'input' | 'output'): JsonSchema {
  return convert(name, 'draft-2020-12', io);
}

/**
 * A request body's model for API Gateway: JSON Schema draft 4, as the client sends it
 * (the dialect itself, `$schema`, is the stack's to declare).
 */
export function requestModel(name: SchemaName): JsonSchema {
  return { title: name, ...convert(name, 'draft-04', 'input') };
}

export interface QueryParameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** A query schema's members, one parameter each; required when the schema requires it. */
export function queryParameters(name: SchemaName): QueryParameter[] {
  const json = openApiSchema(name, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([parameter, schema]) => ({
    name: parameter,
    required: required.has(parameter),
    schema,
  }));
}
