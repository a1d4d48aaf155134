import nx from '@nx/eslint-plugin';

/**
 * Module boundaries: apps never import apps; every project carries one scope:* and one type:* tag.
 *  type:contracts  events, DTOs, statuses — imports nothing of ours
 *  type:domain     pure TypeScript domain rules (no framework) — contracts only
 *  type:platform   messaging, observability, service runtime — contracts, domain, platform (testing in tests)
 *  type:testing    test infrastructure — used from tests only (see the no-restricted-imports rule below)
 *  type:tooling    scripts under tools/ with tests of their own
 *  type:app        Nest apps — anything but another app
 *  type:e2e        end-to-end tests: run the built apps as processes, import no app code
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.nx', '**/tmp', '**/.kafka', '**/coverage'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:testing'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:orders', onlyDependOnLibsWithTags: ['scope:shared', 'scope:orders'] },
            { sourceTag: 'scope:shipments', onlyDependOnLibsWithTags: ['scope:shared', 'scope:shipments'] },
            { sourceTag: 'scope:carrier-sync', onlyDependOnLibsWithTags: ['scope:shared', 'scope:carrier-sync'] },
            { sourceTag: 'scope:tracking', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tracking'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'] },
            { sourceTag: 'scope:simulator', onlyDependOnLibsWithTags: ['scope:shared', 'scope:simulator'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:testing'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `PORT: number = 3000` is not redundant here: decorator metadata (and with it class-transformer's
      // conversion of environment strings) takes the type from the annotation
      '@typescript-eslint/no-inferrable-types': 'off',
    },
  },
  {
    // test infrastructure stays out of production code
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@parcelstream/testing', message: 'tests only' }] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
