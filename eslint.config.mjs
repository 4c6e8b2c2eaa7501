import js from '@eslint/js';
import drizzle from 'eslint-plugin-drizzle';
import tseslint from 'typescript-eslint';

const LIB_FORBIDDEN = ['react', 'react-dom', 'next', 'dexie', 'dexie-react-hooks', 'drizzle-orm', '@trpc/server', '@trpc/client', '@react-pdf/renderer'];

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'public/sw.js', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-undef': 'off',
    },
  },
  {
    files: ['server/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    plugins: { drizzle },
    rules: {
      // An update or delete without `where` would touch every tenant's rows.
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
    },
  },
  {
    // lib/ is the pure, isomorphic business core: no UI, storage or transport framework.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: LIB_FORBIDDEN.map((name) => ({ name, message: 'lib/ stays pure: no UI, storage or transport frameworks.' })),
          patterns: [
            { group: ['drizzle-orm/*', 'next/*', 'dexie/*', '@trpc/*', 'react/*', 'react-dom/*'], message: 'lib/ stays pure.' },
            { group: ['@/app/*', '@/server/*', '../app/*', '../server/*'], message: 'lib/ imports nothing from app/ or server/.' },
          ],
        },
      ],
    },
  },
  {
    // The UI takes only the AppRouter type from the server; the route handler under app/api is server code.
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    // The route handler is server code; tests may drive the real server.
    ignores: ['app/api/**', 'app/**/*.test.ts', 'app/**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/server/*', '../server/*', '../../server/*'], allowTypeImports: true, message: 'app/ may import only types from server/.' }] },
      ],
    },
  },
);
