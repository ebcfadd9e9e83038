/**
 * One jest run over lanes (PF_TEST_LANES workers, 2 by default: on 2 cores a fresh clone's run took
 * 1,154 s with two and 1,263 s with three): each lane has its own engine,
 * database and Redis database, shared by the files it runs one after another (test/support/env.ts,
 * lanes.ts); each file starts its system with an SMTP sink of its own. TypeScript is
 * transpiled file by file by swc (isolatedModules in tsconfig.json, no type check here: `tsc` checks
 * the types in the test command's pretest): the unit folder with an empty transform cache, as on a
 * fresh clone, took 37 CPU s against 47 with ts-jest's TypeScript transpiler.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // the engine's snapshot files (.snap) under .cache are not Jest's
  modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/', '<rootDir>/web/build/'],
  setupFiles: ['<rootDir>/test/support/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/lane-setup.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: Number(process.env.PF_TEST_LANES ?? 2),
  // After suites that ran job workers, Jest's module sandbox keeps @grpc/grpc-js alive for ~50 s
  // although every client is closed (outside Jest the same start/stop exits at once, see
  // test/support/harness.ts). Exit when the run is done instead of waiting.
  forceExit: true,
  testSequencer: '<rootDir>/test/support/sequencer.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
