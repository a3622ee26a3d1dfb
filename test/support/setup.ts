import { join } from 'node:path';
import { inject } from 'vitest';
import { silenceSdkNodeVersionWarning } from '../../local/node-version-warning';

silenceSdkNodeVersionWarning();

// The bundles built once for the run (function-bundles-setup.ts), for every local cloud
// a test file starts; absent in `npm run test:quick`, which starts none.
const bundles = inject('functionBundles');
if (bundles) {
  process.env.LOCAL_PREBUILT_BUNDLES = bundles;
  // The containers of every cloud in the run share V8's compile cache of the bundles
  // (LocalCloudOptions.compileCache): hundreds of containers import the same few bundles.
  process.env.LOCAL_COMPILE_CACHE = join(bundles, '.compile-cache');
}
