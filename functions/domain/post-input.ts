import { z } from 'zod';
import { service } from '../../lib/service';
import { invalid, type FieldError } from './errors';
import { postTypes } from './post';

const { limits } = service;

export const authorIdSchema = z
  .string()
  .min(1)
  .max(limits.authorIdMaxChars)
  .regex(/^[A-Za-z0-9_-]+$/, 'only letters, digits, "_" and "-"');

export const newPostSchema = z.strictObject({
  content: z.string().min(1).max(limits.contentMaxChars),
  post_type: z.enum(postTypes),
  /** Optional: the author is the caller; when given, it must be the caller's own id. */
  author_id: authorIdSchema.optional(),
  tags: z.array(z.string().min(1).max(limits.tagMaxChars)).max(limits.tagsMax).optional(),
});

export type NewPost = z.infer<typeof newPostSchema>;

export const postIdSchema = z.uuid();

/** Parses untrusted input or throws an `invalid` DomainError naming every bad field. */
export function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalid(`The ${what} is not valid.`, fieldErrors(result.error));
}

function fieldErrors(error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: key, message: 'unknown field' });
      continue;
    }
    errors.push({ field: issue.path.join('/') || '(root)', message: issue.message });
  }
  return errors;
}
