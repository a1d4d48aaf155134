module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'traces',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
};
