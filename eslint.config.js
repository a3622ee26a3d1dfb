import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Synchronous APIs that block the event loop: forbidden on the request path.
const blockingMessage = 'Blocking call on a Lambda request path: use the async API.';
const syncName =
  '/^(readFile|writeFile|appendFile|readdir|stat|lstat|exists|mkdir|rm|rmdir|unlink|open|copyFile|exec|execFile|spawn|deflate|inflate|gzip|gunzip|brotliCompress|brotliDecompress|unzip|pbkdf2|scrypt|generateKeyPair|randomFill|access|realpath|rename|readlink|symlink|truncate|chmod|chown|opendir|mkdtemp|cp)Sync$/';

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', '.local', 'bench/results', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `CallExpression[callee.name=${syncName}]`, message: blockingMessage },
        { selector: `CallExpression[callee.property.name=${syncName}]`, message: blockingMessage },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'aws-cdk-lib', message: 'Handlers must not import CDK.' }] },
      ],
    },
  },
  {
    files: ['functions/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', '@aws-lambda-powertools/*', '@middy/*', 'aws-lambda'],
              message: 'The domain knows nothing of AWS.',
            },
            {
              regex: '(^|/)lib/(?!description/limits$)',
              message:
                'The domain reads only the limits of the description (lib/description/limits.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // Bundled in place of Node built-ins (lib/bundling.ts, alias): CommonJS on purpose, because
    // `require` is what keeps the built-in's lazy exports lazy.
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
