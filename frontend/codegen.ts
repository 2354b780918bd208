import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed GraphQL documents for the console, straight from the server's schema files.
const config: CodegenConfig = {
  schema: 'graph/schema/*.graphqls',
  documents: ['frontend/src/**/*.{ts,tsx}', '!frontend/src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'frontend/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { Time: 'string', ID: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
