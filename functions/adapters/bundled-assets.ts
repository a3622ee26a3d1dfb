import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * A folder the build copies beside the bundle (`assetDirs` in the service
 * description): `<bundle dir>/<name>/` in Lambda and the local runtime; when
 * the handler runs from source (tests), the repository's `assets/<name>/`.
 */
export async function bundledAssetDir(moduleUrl: string, name: string): Promise<string> {
  const candidates = [
    fileURLToPath(new URL(`./${name}/`, moduleUrl)),
    fileURLToPath(new URL(`../../assets/${name}/`, moduleUrl)),
  ];
  for (const dir of candidates) {
    try {
      await access(dir);
      return dir;
    } catch {
      // Not this layout; try the next.
    }
  }
  throw new Error(`no ${name}/ folder beside ${moduleUrl}`);
}
