// zod/mini: the same validation core as `zod`, without the chained classic
// API and its every-locale import (~440 KB minified, most of a bundle); see bench/README.md.
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { requestLimits } from '../../lib/description/limits';
import { invalid, type FieldError } from './errors';
import { postTypes } from './post';
import { FORBIDDEN_CHARACTER_MESSAGE, holdsForbiddenCharacter } from './text-policy';

// The English messages `zod` configures by default; zod/mini leaves them to us.
z.config(en());

const limits = requestLimits;

export const authorIdSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(limits.authorIdMaxChars),
    z.regex(/^[A-Za-z0-9_-]+$/, 'only letters, digits, "_" and "-"'),
  );

/** The text policy (text-policy.ts): the share card's SVG could not carry the rest. */
const allowedCharacters = z.refine<string>((text) => !holdsForbiddenCharacter(text), {
  message: FORBIDDEN_CHARACTER_MESSAGE,
});

export const newPostSchema = z.strictObject({
  content: z.string().check(z.minLength(1), z.maxLength(limits.contentMaxChars), allowedCharacters),
  post_type: z.enum(postTypes),
  /** Optional: the author is the caller; when given, it must be the caller's own id. */
  author_id: z.optional(authorIdSchema),
  tags: z.optional(
    z
      .array(z.string().check(z.minLength(1), z.maxLength(limits.tagMaxChars), allowedCharacters))
      .check(z.maxLength(limits.tagsMax)),
  ),
});

export type NewPost = z.infer<typeof newPostSchema>;

export const postIdSchema = z.uuid();

/**
 * Parses untrusted input or throws an `invalid` DomainError naming every bad field. A
 * value that is one field itself (a path parameter) gives its name as `field`, so the
 * 400 names it (`id`) rather than `(root)`.
 */
export function parse<T>(
  schema: z.ZodMiniType<T>,
  input: unknown,
  what: string,
  field = '(root)',
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalid(`The ${what} is not valid.`, fieldErrors(result.error, field));
}

function fieldErrors(error: z.core.$ZodError, root: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: key, message: 'unknown field' });
      continue;
    }
    errors.push({ field: issue.path.join('/') || root, message: issue.message });
  }
  return errors;
}
