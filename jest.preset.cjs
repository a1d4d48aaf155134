/** Shared jest settings: @swc/jest with decorator metadata (Nest DI needs it); types are checked by `typecheck`. */
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@parcelstream/(.*)$': path.join(__dirname, 'libs/$1/src/index.ts'),
  },
  testTimeout: 60_000,
  passWithNoTests: true,
};
