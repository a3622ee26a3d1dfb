import type { LocalService } from '../service';
import { LocalIssuer } from './local-issuer';

/** The local user pool's token issuer; its signing key is kept in the data folder. */
export function authService(options: { readonly dataDir: string }): LocalService<LocalIssuer> {
  return {
    name: 'auth',
    start: () => LocalIssuer.inDataDir(options.dataDir),
    // Holds nothing open: its key is on disk.
    close: () => Promise.resolve(),
  };
}
