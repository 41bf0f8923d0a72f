import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for every `graphql(...)` call in src, from the API's SDL: `npm run codegen`. */
const config: CodegenConfig = {
  schema: '../api/src/graphql/schema/*.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/generated/**'],
  ignoreNoDocuments: false,
  hooks: { afterAllFileWrite: ['prettier --write'] },
  generates: {
    'src/generated/graphql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        importExtension: '.ts',
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
      },
    },
  },
};

export default config;
