/**
 * How a function is bundled, as plain data: the CDK stack and the local
 * runtime build the same bundle from it (lib/esbuild-options.ts), so
 * what runs on a laptop is byte for byte the code that deploys.
 */
export const bundling = {
  /** Lambda's `nodejs24.x`. */
  target: 'node24',
  format: 'esm',
  platform: 'node',
  minify: true,
  sourcemap: true,
  /**
   * Maps still point stack traces at file:line, without a copy of every source:
   * a third of the size, and cheaper to load under --enable-source-maps at cold start.
   */
  sourcesContent: false,
  /** Prefer ES modules so unused SDK code is tree-shaken. */
  mainFields: ['module', 'main'],
  /** Some bundled dependencies still call `require`; ESM has none of its own. */
  banner:
    "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);",
  /** Nothing external: the SDK is bundled, so its version is the one locked here. */
  external: [] as string[],
  /**
   * Modules swapped at bundle time, resolved from the repository root (the working directory
   * of every build). Every SDK client's runtime config imports the default credential chain
   * statically, and with it the SSO and STS clients (`@aws-sdk/nested-clients`, ~56 KB) that a
   * Lambda function never uses: its credentials come from the environment
   * (functions/adapters/lambda-credentials.ts). In its place, a provider that fails clearly.
   */
  alias: {
    '@aws-sdk/credential-provider-node': './functions/adapters/no-default-credential-chain.ts',
    // `http` reached through `require`. The SDK's request handler imports it at a container's
    // first request, and Node 24 builds a built-in's ES module view by reading every export:
    // for `http` that loads undici, which `require` leaves lazy. The first DynamoDB call of a
    // fresh process took 55 ms of CPU with the import, 27 ms without (bench/README.md, cold).
    'node:http': './functions/adapters/node-http.cjs',
  },
} as const;
