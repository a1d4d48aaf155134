module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'carrier-simulator',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
