/**
 * `npm run -s token -- <user>`: a bearer token for <user> that the local cloud
 * accepts (its `sub` is <user>), on stdout and nothing else, for
 * `TOKEN=$(npm run -s token -- alice)`. Groups follow the user: `-- ops operators` is an
 * operator (GET /health/details). It signs with the key in the data
 * folder (`LOCAL_DATA_DIR`, default `.local/`), the one `npm run dev` uses.
 */
import { parseCommandLine } from './cli/command-line';

const usage = `usage: npm run -s token -- <user> [group ...]

Prints a bearer token for <user> (its sub) that the local cloud accepts, and
nothing else: TOKEN=$(npm run -s token -- alice). Groups after the user go in
its cognito:groups claim (\`npm run -s token -- ops operators\` for an operator).
It signs with the key in the data folder of npm run dev (LOCAL_DATA_DIR,
default .local), creating it if needed.
`;

const { positionals } = parseCommandLine({
  name: 'token',
  usage,
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
});
const [user, ...groups] = positionals as [string, ...string[]];

try {
  const { LocalIssuer } = await import('../local/auth/local-issuer');
  const { dataDir } = await import('../local/data-dir');
  const issuer = await LocalIssuer.inDataDir(await dataDir());
  process.stdout.write(`${await issuer.token(user, { groups })}\n`);
} catch (error) {
  process.stderr.write(`token: ${(error as Error).message}\n`);
  process.exit(1);
}
