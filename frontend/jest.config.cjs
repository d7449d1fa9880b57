// Jest for the console: jest-preset-angular (CommonJS preset, jsdom) with a zoneless TestBed.
process.env.TZ = 'UTC';

const { createCjsPreset } = require('jest-preset-angular/presets');

/** @type {import('jest').Config} */
module.exports = {
  ...createCjsPreset({
    tsconfig: '<rootDir>/tsconfig.spec.json',
    // The preset's own jsdom environment: jest-environment-jsdom is not installed.
    testEnvironment: 'jest-preset-angular/environments/jest-jsdom-env',
  }),
  displayName: 'frontend',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  // The clinical rules the API runs, imported from the very same files (no copies).
  moduleNameMapper: {
    '^@stride/billing$': '<rootDir>/../backend/src/billing/eight-minute-rule.ts',
    '^@stride/instruments$': '<rootDir>/../backend/src/instruments/instruments.ts',
    '^@stride/running-load$': '<rootDir>/../backend/src/visits/running-load.ts',
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  clearMocks: true,
  restoreMocks: true,
};
