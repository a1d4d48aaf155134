module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'database-setup',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
};
