import fc from 'fast-check';
import * as z from 'zod/mini';

/** The part of JSON Schema that zod's request schemas produce (`z.toJSONSchema`). */
export interface JsonSchema {
  readonly type?: 'object' | 'string' | 'integer' | 'number' | 'array' | 'boolean' | 'null';
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** A request body the schema refuses, and the field a 400 must name for it. */
export interface InvalidBody {
  readonly body: unknown;
  /** As the problem's `errors[].field` names it: `content`, `tags/2`, `(root)`. */
  readonly field: string;
  readonly why: string;
}

/** Constraints zod checks that JSON Schema cannot say (a refinement), given per field. */
export type ExtraConstraints = Readonly<Record<string, Partial<JsonSchema>>>;

/**
 * Arbitraries derived from a zod/mini request schema: its JSON Schema (zod's own
 * `toJSONSchema`, the input side) gives every field's type, bounds, pattern and enum;
 * what it cannot say is given: a refinement's bounds (`extra`), the fields under the
 * text policy (`textPolicy`), a field whose validity needs more than its shape (`overrides`). Valid
 * values are checked against the schema, so a generator that drifted from it fails
 * instead of testing something else.
 */
export function schemaArbitraries(
  schema: z.ZodMiniType,
  options: {
    /** Arbitraries for fields whose validity the schema alone does not decide (a URL that must answer). */
    readonly overrides?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
    readonly extra?: ExtraConstraints;
    /**
     * The text policy (functions/domain/text-policy.ts): the fields it covers (an array's
     * items as `tags/*`), given here rather than read from the schema, so a field that
     * loses the policy fails the test, and the characters those fields must refuse.
     */
    readonly textPolicy?: {
      readonly fields: readonly string[];
      readonly forbidden: readonly string[];
    };
  } = {},
) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const root = withExtra(json, options.extra ?? {});
  const overrides = options.overrides ?? {};
  const policyFields = new Set(options.textPolicy?.fields ?? []);
  const forbidden = options.textPolicy?.forbidden ?? [];
  const valid = validOf(root, '', overrides, policyFields).filter(
    (body) => schema.safeParse(body).success,
  );
  const invalid = invalidOf(root, valid, policyFields, forbidden);
  return { json: root, valid, invalid };
}

function withExtra(schema: JsonSchema, extra: ExtraConstraints): JsonSchema {
  if (!schema.properties) return schema;
  return {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(schema.properties).map(([name, field]) => [
        name,
        { ...field, ...extra[name] },
      ]),
    ),
  };
}

/** One character the text policy allows: printable Unicode graphemes and tab, line feed, carriage return. */
const policyCharacter = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 8 },
  { arbitrary: fc.constantFrom('\t', '\n', '\r', ' '), weight: 2 },
);

function validString(schema: JsonSchema, policy: boolean): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  const fits = (s: string) => s.length >= min && s.length <= max;
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern), { size: 'medium' })
      .map((s) => s.slice(0, max))
      .filter(fits);
  }
  // Any code point where the schema allows it; the policy's alphabet where it does not.
  const bounds = { minLength: min, maxLength: max };
  const text = policy
    ? fc.string({ unit: policyCharacter, ...bounds })
    : fc.oneof(
        fc.string({ unit: 'binary', ...bounds }),
        fc.string({ unit: 'grapheme', ...bounds }),
      );
  return fc
    .oneof(
      { arbitrary: text, weight: 19 },
      // The bounds themselves: exactly the shortest and the longest allowed.
      { arbitrary: fc.constantFrom(min, max).map((n) => 'x'.repeat(n)), weight: 1 },
    )
    .filter(fits);
}

function validOf(
  schema: JsonSchema,
  path: string,
  overrides: Readonly<Record<string, fc.Arbitrary<unknown>>>,
  policyFields: ReadonlySet<string>,
): fc.Arbitrary<unknown> {
  const override = overrides[path];
  if (override) return override;
  switch (schema.type) {
    case 'string':
      return validString(schema, policyFields.has(path));
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validOf(schema.items ?? {}, `${path}/*`, overrides, policyFields), {
        minLength: schema.minItems ?? 0,
        maxLength: schema.maxItems ?? 5,
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, field]) => [
          name,
          validOf(field, join(path, name), overrides, policyFields),
        ]),
      );
      return fc.record(model, { requiredKeys: [...(schema.required ?? [])] });
    }
    default:
      return schema.enum ? fc.constantFrom(...schema.enum) : fc.jsonValue();
  }
}

const join = (path: string, name: string) => (path ? `${path}/${name}` : name);

/** A JSON value of another type than the schema's. */
function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const byType: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 5 }),
    number: fc.double({ noNaN: true, noDefaultInfinity: true }),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.array(fc.integer(), { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
  };
  const own = schema.type === 'integer' ? 'number' : (schema.type ?? '');
  return fc.oneof(
    ...Object.entries(byType)
      .filter(([type]) => type !== own)
      .map(([, a]) => a),
  );
}

/** One way of breaking one field of a valid body, naming that field. */
function fieldMutations(
  schema: JsonSchema,
  path: string,
  required: boolean,
  policyFields: ReadonlySet<string>,
  forbidden: readonly string[],
): fc.Arbitrary<
  { value: unknown; why: string; field: string } | { missing: true; why: string; field: string }
>[] {
  const named = <T>(arbitrary: fc.Arbitrary<T>, why: string) =>
    arbitrary.map((value) => ({ value: value as unknown, why, field: path }));
  const out: fc.Arbitrary<
    { value: unknown; why: string; field: string } | { missing: true; why: string; field: string }
  >[] = [named(wrongType(schema), 'wrong type')];
  if (required) out.push(fc.constant({ missing: true as const, why: 'missing', field: path }));
  if (schema.type === 'string') {
    if (schema.enum) {
      out.push(
        named(
          fc.string().filter((s) => !schema.enum?.includes(s)),
          'not in the enum',
        ),
      );
    }
    if (schema.maxLength !== undefined) {
      const max = schema.maxLength;
      out.push(
        named(
          fc.integer({ min: max + 1, max: max + 40 }).map((n) => 'x'.repeat(n)),
          'too long',
        ),
      );
    }
    if ((schema.minLength ?? 0) > 0) out.push(named(fc.constant(''), 'empty'));
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern);
      out.push(
        named(
          fc
            .tuple(
              validString(schema, false),
              fc.constantFrom(' ', '/', '.', '@', 'é', '\u0000', '😀', '%20'),
              fc.nat(),
            )
            .map(([s, bad, at]) =>
              insert(s.slice(0, (schema.maxLength ?? 200) - bad.length), bad, at),
            )
            .filter((s) => !pattern.test(s)),
          'a character the pattern refuses',
        ),
      );
    }
    if (schema.format === 'uuid') {
      out.push(
        named(
          fc.uuid().map((id) => id.slice(0, -1)),
          'not a UUID',
        ),
      );
    }
    if (policyFields.has(path) || policyFields.has(path.replace(/\/\d+$/, '/*'))) {
      out.push(
        named(
          fc
            .tuple(
              validString(
                { ...schema, maxLength: Math.max(1, (schema.maxLength ?? 200) - 1) },
                true,
              ),
              fc.constantFrom(...forbidden),
              fc.nat(),
            )
            .map(([s, bad, at]) => insert(s, bad, at)),
          'a character the text policy refuses',
        ),
      );
    }
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    if (schema.maximum !== undefined) {
      out.push(
        named(
          fc.integer({ min: 1, max: 1e6 }).map((n) => (schema.maximum ?? 0) + n),
          'above the maximum',
        ),
      );
    }
    if (schema.minimum !== undefined) {
      out.push(
        named(
          fc.integer({ min: 1, max: 1e6 }).map((n) => (schema.minimum ?? 0) - n),
          'below the minimum',
        ),
      );
    }
    if (schema.type === 'integer') {
      const low = schema.minimum ?? 0;
      const high = schema.maximum ?? low + 1e6;
      out.push(
        named(
          fc.double({ min: low, max: high, noNaN: true }).filter((n) => !Number.isInteger(n)),
          'not whole',
        ),
      );
    }
  }
  return out;
}

function insert(text: string, bad: string, at: number): string {
  // Between code points, never inside a surrogate pair: the only break is the one inserted.
  const points = [...text];
  const i = points.length ? at % (points.length + 1) : 0;
  return [...points.slice(0, i), bad, ...points.slice(i)].join('');
}

/** Bodies with one thing wrong: one field broken, an unknown field, or not an object. */
function invalidOf(
  root: JsonSchema,
  valid: fc.Arbitrary<unknown>,
  policyFields: ReadonlySet<string>,
  forbidden: readonly string[],
): fc.Arbitrary<InvalidBody> {
  const properties = root.properties ?? {};
  const required = new Set(root.required ?? []);
  const broken: fc.Arbitrary<InvalidBody>[] = [];
  for (const [name, field] of Object.entries(properties)) {
    for (const mutation of fieldMutations(
      field,
      name,
      required.has(name),
      policyFields,
      forbidden,
    )) {
      broken.push(
        fc.tuple(valid, mutation).map(([body, change]) => {
          const copy = { ...(body as Record<string, unknown>) };
          if ('missing' in change) delete copy[name];
          else copy[name] = change.value;
          return { body: copy, field: change.field, why: `${name}: ${change.why}` };
        }),
      );
    }
    // One item of an array broken, the others valid.
    if (field.type === 'array' && field.items) {
      const itemMutations = fieldMutations(
        field.items,
        `${name}/*`,
        false,
        policyFields,
        forbidden,
      );
      broken.push(
        fc.tuple(valid, fc.oneof(...itemMutations), fc.nat()).map(([body, change, at]) => {
          const copy = { ...(body as Record<string, unknown>) };
          const items = Array.isArray(copy[name]) ? [...(copy[name] as unknown[])] : [];
          const index = Math.min(at % (items.length + 1), Math.max(0, (field.maxItems ?? 99) - 1));
          items.splice(
            index,
            items.length > index ? 1 : 0,
            'value' in change ? change.value : undefined,
          );
          copy[name] = items;
          return { body: copy, field: `${name}/${index}`, why: `${name}[${index}]: ${change.why}` };
        }),
      );
      if (field.maxItems !== undefined) {
        const max = field.maxItems;
        broken.push(
          fc
            .tuple(
              valid,
              fc.array(validOf(field.items, `${name}/*`, {}, policyFields), {
                minLength: max + 1,
                maxLength: max + 5,
              }),
            )
            .map(([body, items]) => ({
              body: { ...(body as object), [name]: items },
              field: name,
              why: `${name}: too many items`,
            })),
        );
      }
      if ((field.minItems ?? 0) > 0) {
        broken.push(
          valid.map((body) => ({
            body: { ...(body as object), [name]: [] },
            field: name,
            why: `${name}: too few items`,
          })),
        );
      }
    }
  }
  // A field the schema does not know: strict objects refuse it, by name.
  broken.push(
    fc
      .tuple(
        valid,
        fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !(key in properties)),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .map(([body, key, value]) => ({
        // Spread, not assignment: a key such as `__proto__` stays a field, as JSON.parse makes it.
        body: {
          ...(body as object),
          ...(JSON.parse(JSON.stringify({ [key]: value ?? null })) as object),
        },
        field: key,
        why: 'an unknown field',
      })),
  );
  // Not an object at all.
  broken.push(
    fc
      .oneof(
        fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
        fc.string(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
      )
      .map((body) => ({ body, field: '(root)', why: 'not an object' })),
  );
  return fc.oneof(...broken);
}
