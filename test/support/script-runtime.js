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
const { statSync } = require('node:fs');
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

/**
 * Transformed module code of this worker's earlier test files, by file and transform options.
 *
 * Why: jest reads, hashes and looks up the transform of every module again for each test file
 * (its file cache lives as long as one file's runtime): a fifth of the suite's module-load time,
 * and the buffers and strings of ~1 000 files of garbage per test file. An entry is used while
 * the file's size, mtime and inode are unchanged (watch mode edits a file between runs).
 */
const transformedInWorker = new Map();

function fileStamp(filename) {
  try {
    const stats = statSync(filename);
    return `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
  } catch {
    return undefined; // jest reads and reports it
  }
}

/** The runtime's transform cache answering from `transformedInWorker` (jest-runtime's TransformCache, same contract). */
function shareTransforms(runtime) {
  const cache = runtime.transformCache;
  const coverage = JSON.stringify(runtime._coverageOptions ?? null);
  const memoized = (kind, compute) => (filename, options) => {
    const stamp = fileStamp(filename);
    if (stamp === undefined) return compute(filename, options);
    const key = `${kind}\0${filename}\0${coverage}\0${JSON.stringify(options ?? null)}`;
    let entry = transformedInWorker.get(key);
    if (entry === undefined || entry.stamp !== stamp) {
      const result = compute(filename, options);
      entry = { stamp, result, file: kind === 'code' && !options?.isInternalModule ? cache.transforms.get(filename) : undefined };
      transformedInWorker.set(key, entry);
    } else if (entry.file !== undefined) {
      // What jest records after a transform: the code for error frames, the source map for stack traces.
      cache.transforms.set(filename, entry.file);
      if (entry.file.sourceMapPath) cache.sourceMaps.set(filename, entry.file.sourceMapPath);
    }
    return entry.result;
  };
  cache.transform = memoized('code', cache.transform.bind(cache));
  cache.transformJson = memoized('json', cache.transformJson.bind(cache));
}

/** Each module's wrapped source, by file: see compile. */
const wrappedInWorker = new Map();

/** `vm.Script` in place of the executor's `compileFunction` (jest-runtime's ModuleExecutor.compile, same contract). */
function compileWithScript(executor) {
  return function compile(scriptSource, filename) {
    const vmContext = executor.environment.getVmContext();
    if (vmContext == null) return null;
    const prefix = `(function () { const { ${BOUND_INTRINSICS.join(', ')} } = globalThis; return function (${executor.injectedModuleParameters.join(', ')}) {`;
    const scriptFilename = executor.resolution.isCoreModule(filename) ? `jest-nodejs-core-${filename}` : filename;
    try {
      // The same string object for the same module: V8 hashes it once to find its compiled code.
      let wrapped = wrappedInWorker.get(scriptFilename);
      if (wrapped === undefined || wrapped.source !== scriptSource || wrapped.prefix !== prefix) {
        wrapped = { source: scriptSource, prefix, text: `${prefix}${scriptSource}\n}; })()` };
        wrappedInWorker.set(scriptFilename, wrapped);
      }
      const script = new Script(wrapped.text, {
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
    if (typeof this.transformCache?.transform !== 'function' || typeof this.transformCache.transformJson !== 'function' || !(this.transformCache.transforms instanceof Map)) throw new Error('test/support/script-runtime.js: jest-runtime has no transformCache (a new jest?): update it or set GROUNDWORK_TEST_COMPILE_FUNCTION=1');
    this.executor.compile = compileWithScript(this.executor);
    shareTransforms(this);
  }
}

module.exports = process.env.GROUNDWORK_TEST_COMPILE_FUNCTION === '1' ? JestRuntime : ScriptRuntime;
