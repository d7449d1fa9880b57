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
  // The clinical rules the API runs, from the library's source (as the build reads them). Its
  // ESM imports name `.js` files; the sources are `.ts`.
  moduleNameMapper: {
    '^@stride/clinical$': '<rootDir>/../libs/clinical/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  clearMocks: true,
  restoreMocks: true,
};
