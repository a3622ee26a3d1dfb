import { inject } from 'vitest';
import { silenceSdkNodeVersionWarning } from '../../local/node-version-warning';

silenceSdkNodeVersionWarning();

// The bundles built once for the run (function-bundles-setup.ts), for every local cloud
// a test file starts; absent in `npm run test:quick`, which starts none.
const bundles = inject('functionBundles');
if (bundles) process.env.LOCAL_PREBUILT_BUNDLES = bundles;
