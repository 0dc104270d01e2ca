/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The installed-package test (npm pack → a throwaway team repo → examples/team-repo) builds,
  // installs and type-checks six times: `npm run test:installed` runs it, and .ci/run runs both.
  testPathIgnorePatterns: process.env.GROUNDWORK_TEST_INSTALLED ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/packaging/'],
  // Transpile only, with swc: `npm test` type-checks with tsc first, and ts-jest built a
  // TypeScript program per worker (about 1 s a test file warm, 3.5 s cold). The child processes
  // of the tests transpile with the same options (test/support/ts-register.js).
  transform: { '^.+\\.ts$': ['@swc/jest', require('./test/support/swc-options')] },
  // Modules compiled with vm.Script, which V8's per-process compilation cache serves to every later test file of a worker.
  runtime: '<rootDir>/test/support/script-runtime.js',
  // Pulumi's runtime keeps module-level state (mocks, stack resource): one file per worker process.
  // At least three workers: '50%' is one worker on a 2-core machine, and the files wait on helm and
  // child processes (on 2 cores, with warm caches: 3 workers 291 s, 2 workers 314 s).
  maxWorkers: Math.max(3, Math.floor(require('node:os').availableParallelism() / 2)),
  // AsyncLocalStorage instances of the files before this one turned off (each cost every later promise a hook).
  setupFiles: ['<rootDir>/test/support/release-async-storage.js'],
  // Plan and render the shared render targets once, in parallel, before the workers start.
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 60000,
  // Examples import the package by its name, as a team repo would.
  moduleNameMapper: {
    '^@groundwork/platform$': '<rootDir>/lib/index.ts',
    '^@groundwork/platform/environments$': '<rootDir>/stacks/environments/index.ts',
  },
  // CRD schemas (the Gateway API bundle is ~1 MB) appear in snapshots as sha256 digests.
  snapshotSerializers: ['<rootDir>/test/support/snapshot-serializer.ts'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
