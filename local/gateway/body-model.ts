import Ajv from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import type { SchemaName } from '../../lib/description';
import { requestModel } from '../../lib/contract/json-schemas';

/**
 * A route's request model (lib/contract/gateway-request.ts), applied as API Gateway applies
 * it: JSON Schema draft 4 (an independent validator, ajv's draft-04 dialect, not zod),
 * strings measured in code points, `format` not checked. A body it refuses is
 * BAD_REQUEST_BODY and never reaches the function.
 */
const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false });
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(requestModel(name));
    compiled.set(name, validate);
  }
  return validate;
}

/** Whether the JSON value fits the model named `name`. */
export function fitsModel(name: SchemaName, value: unknown): boolean {
  return validator(name)(value) === true;
}

/**
 * Why the value does not fit the model, as API Gateway's `$context.error.validationErrorString`
 * carries it: a bracketed list of the validator's messages, each naming the field (a missing
 * property as API Gateway's validator words it, `object has missing required properties
 * (["content"])`; another failure with the field's JSON pointer). Undefined when it fits.
 */
export function modelErrors(name: SchemaName, value: unknown): string | undefined {
  const validate = validator(name);
  if (validate(value)) return undefined;
  return `[${(validate.errors ?? []).map(describe).join(', ')}]`;
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `object has missing required properties (["${missing}"])`;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `object instance has properties which are not allowed by the schema: (["${extra}"])`;
  }
  return `${error.instancePath || '/'} ${error.message ?? 'is not valid'}`;
}
