import type { JWTPayload } from 'jose';

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Claims API Gateway (REST) turns into dates rather than passing on as numbers. */
const dateClaims = new Set(['exp', 'iat']);

/**
 * A verified token's claims as a REST API Cognito authorizer puts them into
 * `requestContext.authorizer.claims`: every value a string; `exp` and `iat` as
 * dates in Java's `Date.toString()` form (`Wed Nov 06 08:30:33 UTC 2019`);
 * other numbers and booleans as their text (`auth_time: "1573029033"`,
 * `email_verified: "true"`).
 */
export function authorizerClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'number' && dateClaims.has(name)) claims[name] = javaDate(value);
    else if (typeof value === 'string') claims[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') claims[name] = String(value);
    else claims[name] = JSON.stringify(value);
  }
  return claims;
}

function javaDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}
