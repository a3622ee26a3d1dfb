import Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
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

/** Whether the JSON value fits the model named `name`. */
export function fitsModel(name: SchemaName, value: unknown): boolean {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(requestModel(name));
    compiled.set(name, validate);
  }
  return validate(value) === true;
}
