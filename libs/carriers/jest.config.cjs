module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'carriers',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
