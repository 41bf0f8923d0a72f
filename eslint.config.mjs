import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * Dependency direction (enforced, not just documented):
 *   core      -> nothing of ours
 *   plugins   -> core
 *   examples  -> core (they prove the public contract is enough)
 *   apps      -> core, plugins
 *   tools     -> anything
 */
export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.next/**', '**/.nx/**', 'packages/core/demo-models/**', '**/*.d.ts', '**/generated/**', '**/next-env.d.ts'],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allowCircularSelfDependency: true,
          depConstraints: [
            { sourceTag: 'scope:core', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'type:example', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:core', 'type:plugin', 'type:app'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['scope:core', 'type:plugin', 'type:app', 'type:tool'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
];
