/**
 * API Gateway's binary media types: `image/png`, `image/*` or `*\/*`. A media
 * type matches when its type and subtype equal the pattern's or the pattern
 * has a wildcard there; parameters (`; charset=...`) are ignored.
 */
export function isBinaryMediaType(
  mediaType: string | undefined,
  binaryMediaTypes: readonly string[],
): boolean {
  if (!mediaType) return false;
  const [type = '', subtype = ''] = (mediaType.split(';')[0] ?? '').trim().toLowerCase().split('/');
  return binaryMediaTypes.some((pattern) => {
    const [pType = '', pSubtype = ''] = pattern.trim().toLowerCase().split('/');
    return (pType === '*' || pType === type) && (pSubtype === '*' || pSubtype === subtype);
  });
}

/** True when any media type a client accepts (the `Accept` header) is binary. */
export function acceptsBinary(
  accept: string | undefined,
  binaryMediaTypes: readonly string[],
): boolean {
  if (!accept || binaryMediaTypes.length === 0) return false;
  return accept.split(',').some((part) => isBinaryMediaType(part, binaryMediaTypes));
}
