/**
 * Who is asking: a signed-in user, as the API's authorizer vouched for them.
 * The HTTP layer builds it from the token's claims; use-cases take it as an
 * argument and never look at where it came from.
 */
export interface Caller {
  /** The user's stable id (the token's subject); posts are authored under it. */
  readonly userId: string;
}
