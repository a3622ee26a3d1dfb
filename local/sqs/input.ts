import { invalidParameter, missingParameter, serializationError } from './errors';

/** A decoded JSON request body: always an object, its members still unchecked. */
export type JsonObject = Record<string, unknown>;

// Shape errors mean the client did not follow the model (the SDK never does
// this), hence SerializationException like the real front end; value errors
// are the actions' business.

export function requiredString(input: JsonObject, name: string): string {
  const value = optionalString(input, name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

export function optionalString(input: JsonObject, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(name, 'a string');
  return value;
}

export function optionalInteger(input: JsonObject, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(name, 'an integer');
  return value;
}

export function requiredInteger(input: JsonObject, name: string): number {
  const value = optionalInteger(input, name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

export function optionalStringList(input: JsonObject, name: string): string[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw wrongType(name, 'a list of strings');
  }
  return value as string[];
}

export function optionalStringMap(input: JsonObject, name: string): Record<string, string> {
  const value = input[name];
  if (value === undefined || value === null) return {};
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Object.values(value).every((item) => typeof item === 'string')
  ) {
    throw wrongType(name, 'a map of strings');
  }
  return value as Record<string, string>;
}

export function optionalObjectList(input: JsonObject, name: string): JsonObject[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isJsonObject)) {
    throw wrongType(name, 'a list of structures');
  }
  return value as JsonObject[];
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(name: string, expected: string): Error {
  return serializationError(`${name} must be ${expected}.`);
}

/** Range checks answer InvalidParameterValue with SQS's wording. */
export function assertInRange(name: string, value: number, min: number, max: number): void {
  if (value < min || value > max) {
    throw invalidParameter(name, value, `Must be between ${min} and ${max}, if provided.`);
  }
}
