module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'caller-identity',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
