/**
 * `npm run -s token -- <user>`: a bearer token for <user> that the local cloud
 * accepts (its `sub` is <user>), on stdout and nothing else, for
 * `TOKEN=$(npm run -s token -- alice)`. Groups follow the user: `-- ops operators` is an
 * operator (GET /health/details). It signs with the key in the data
 * folder (`LOCAL_DATA_DIR`, default `.local/`), the one `npm run dev` uses.
 */
import { LocalIssuer } from '../local/auth/local-issuer';
import { dataDir } from '../local/data-dir';

const [user, ...groups] = process.argv.slice(2);
if (!user) {
  process.stderr.write('usage: npm run -s token -- <user> [group ...]\n');
  process.exit(2);
}

try {
  const issuer = await LocalIssuer.inDataDir(await dataDir());
  process.stdout.write(`${await issuer.token(user, { groups })}\n`);
} catch (error) {
  process.stderr.write(`token: ${(error as Error).message}\n`);
  process.exit(1);
}
