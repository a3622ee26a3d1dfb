/**
 * The error middy raises when the handler's own deadline (`timeoutEarlyInMillis`
 * before Lambda's timeout) passes before it answers.
 */
export function isDeadlineExceeded(error: unknown): boolean {
  const e = error as { name?: string; cause?: { package?: string } } | null | undefined;
  return e?.name === 'TimeoutError' && e.cause?.package === '@middy/core';
}
