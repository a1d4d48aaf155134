module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'messaging',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  globalSetup: '<rootDir>/../testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../testing/src/jest-global-teardown.ts',
};
