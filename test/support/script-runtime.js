/**
 * jest's module runtime, compiling each module with `vm.Script` instead of `vm.compileFunction`.
 *
 * Why: every test file gets a fresh module registry, so a worker compiles the same ~600 modules
 * (Pulumi, cdk8s, kubernetes-models, lib/) again for each file it runs. V8 keeps compiled
 * scripts in a per-process cache keyed by their source, functions compiled on use included, but
 * `compileFunction` bypasses that cache (nodejs/node#35375); `vm.Script` uses it. The modules
 * run as before: the same wrapper parameters, in the test file's context, and positions in stack
 * traces are unchanged (the wrapper stands on the first line, which `columnOffset` takes back).
 * GROUNDWORK_TEST_COMPILE_FUNCTION=1 runs jest's own runtime instead.
 */
const { Script } = require('node:vm');
const { handlePotentialSyntaxError } = require('@jest/transform');
const JestRuntime = require('jest-runtime').default;

/**
 * ECMAScript intrinsics a module reads as local bindings instead of global lookups.
 *
 * Why: a global read in a vm context goes through the context's interceptor into C++ on every
 * access (a plain Node global is an inline-cached property load): one reason code runs slower
 * under jest than in Node (binding these took 10–13 % off the alert and schema test files).
 * These are the context's own intrinsics, read once per module;
 * a module may still declare the same names (its code is a scope of its own). Left out: what a
 * test may replace on the global object (Date for fake timers, the timers, process, Buffer).
 */
const BOUND_INTRINSICS = [
  'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Math', 'JSON', 'Reflect', 'Proxy', 'Promise',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'RegExp',
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError',
  'ArrayBuffer', 'DataView', 'Uint8Array', 'Int32Array', 'Uint32Array', 'Float64Array',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent',
];

/** `vm.Script` in place of the executor's `compileFunction` (jest-runtime's ModuleExecutor.compile, same contract). */
function compileWithScript(executor) {
  return function compile(scriptSource, filename) {
    const vmContext = executor.environment.getVmContext();
    if (vmContext == null) return null;
    const prefix = `(function () { const { ${BOUND_INTRINSICS.join(', ')} } = globalThis; return function (${executor.injectedModuleParameters.join(', ')}) {`;
    const scriptFilename = executor.resolution.isCoreModule(filename) ? `jest-nodejs-core-${filename}` : filename;
    try {
      const script = new Script(`${prefix}${scriptSource}\n}; })()`, {
        filename: scriptFilename,
        columnOffset: -prefix.length,
        importModuleDynamically: (specifier, _script, importAttributes) => executor.dynamicImport(specifier, scriptFilename, vmContext, importAttributes),
      });
      return script.runInContext(vmContext);
    } catch (error) {
      throw handlePotentialSyntaxError(error);
    }
  };
}

class ScriptRuntime extends JestRuntime {
  constructor(...args) {
    super(...args);
    if (typeof this.executor?.compile !== 'function') throw new Error('test/support/script-runtime.js: jest-runtime has no executor.compile (a new jest?): update it or set GROUNDWORK_TEST_COMPILE_FUNCTION=1');
    this.executor.compile = compileWithScript(this.executor);
  }
}

module.exports = process.env.GROUNDWORK_TEST_COMPILE_FUNCTION === '1' ? JestRuntime : ScriptRuntime;
