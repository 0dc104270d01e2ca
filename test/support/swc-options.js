/**
 * How the tests transpile TypeScript with swc — jest's transform (jest.config.js) and the child
 * processes (test/support/ts-register.js) alike. The options mirror tsconfig.json: ES2022 class
 * fields (define semantics), CommonJS with esModuleInterop.
 */
'use strict';
module.exports = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: true } },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
