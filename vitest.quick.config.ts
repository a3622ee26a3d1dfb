import { defineConfig } from 'vitest/config';
import base, { isolatedUnits, unitProject } from './vitest.config';

/**
 * `npm run test:quick`, the edit–test loop: the unit and domain tests and the
 * handlers called as Lambda calls them (against in-process dynalite and S3).
 * Nothing that bundles, synthesises a stack or starts the local cloud; `npm test`
 * runs those too.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // No global setup: nothing here starts a local cloud.
    projects: [
      unitProject,
      {
        extends: true,
        test: {
          name: 'quick',
          include: [...isolatedUnits, 'test/integration/handlers.test.ts'],
        },
      },
    ],
  },
});
