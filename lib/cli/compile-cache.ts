/**
 * A V8 code cache for the `groundwork` process. Compiling module source was about 435 ms of the
 * CLI's ~1 s module load (1 100+ files, 11.6 MB): the same bytes, compiled again by every run.
 * Node ≥ 22.1 caches that itself (`module.enableCompileCache`); on Node 20 this module does what
 * `v8-compile-cache` does: it compiles each CommonJS module through `vm.Script` with the code
 * V8 produced for it last time and, when any module missed, saves at exit the code V8 compiled
 * during the run (`script.createCachedData()` then, so the functions the command ran are in it).
 *
 * Safe by construction: cached code is used only when it was made from these exact source bytes
 * (their sha1) and is the code written (its CRC-32, as Node 22's own cache checks): V8 itself
 * checks only the source's length, its version and flags, so a stale or damaged entry would
 * otherwise run wrong code or crash. V8 may still reject it (the module then compiles as
 * usual); the file is written atomically (lib/cli/code-cache-file.ts); a cache that cannot be
 * read or written never fails the command. Only the CLI installs it (lib/cli/main.ts), never the
 * library or the Pulumi program. GROUNDWORK_NO_COMPILE_CACHE=1 (or Node's own
 * NODE_DISABLE_COMPILE_CACHE=1) turns it off: to rule it out when debugging, and for the tests.
 */
import { hash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';
import { groundworkCacheRoot } from '../spec/cache-root';
import { cachedCode, isIntact, MAX_CACHE_BYTES, readCodeCache, writeCodeCache, type CachedCode } from './code-cache-file';

/** What `enableCompileCache` did. */
export type CompileCacheStatus = 'node' | 'enabled' | 'disabled' | 'unsupported';

/**
 * The cache file: one folder per Node version and architecture (V8's code is theirs), one file
 * per installation of the CLI (two checkouts do not evict each other's modules).
 */
export function compileCacheFile(): string {
  const install = hash('sha1', __dirname).slice(0, 16);
  return join(groundworkCacheRoot(), 'compile-cache', `node-${process.version}-${process.arch}`, `${install}.bin`);
}

type ModuleInternals = nodeModule & {
  _compile(content: string, filename: string, format?: string): unknown;
  require(id: string): unknown;
};
type ModuleStatics = typeof nodeModule.Module & {
  _resolveFilename(request: string, parent: nodeModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: nodeModule): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<nodeModule>;
  wrap(content: string): string;
};
const Module = nodeModule.Module as ModuleStatics;

/** The `require` Node gives a module (lib/internal/modules/helpers.js, without policy redirects). */
function requireFor(mod: ModuleInternals): NodeJS.Require {
  const require = function require(id: string): unknown {
    return mod.require(id);
  } as NodeJS.Require;
  require.resolve = Object.assign((request: string, options?: { paths?: string[] }) => Module._resolveFilename(request, mod, false, options), {
    paths: (request: string) => Module._resolveLookupPaths(request, mod),
  });
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** The next cache: this run's modules (the new code of those that missed) and, if it stays small, the others. */
function nextCache(previous: ReadonlyMap<string, CachedCode>, used: ReadonlyMap<string, CachedCode>, missed: ReadonlyMap<string, { script: Script; sourceHash: string }>): Map<string, CachedCode> {
  const next = new Map(used);
  for (const [filename, { script, sourceHash }] of missed) {
    next.set(filename, cachedCode(sourceHash, script.createCachedData()));
  }
  let bytes = 0;
  for (const code of next.values()) bytes += code.data.length;
  for (const [filename, code] of previous) {
    if (next.has(filename)) continue;
    bytes += code.data.length;
    if (bytes > MAX_CACHE_BYTES) break;
    next.set(filename, code);
  }
  return next;
}

/**
 * Cache the compiled code of every CommonJS module loaded after this call. Returns what it
 * did: `node` (Node's own cache), `enabled`, `disabled` (by the environment, or the cache folder
 * cannot be made) or `unsupported` (not Node's module loader, e.g. jest; or source maps on,
 * which Node's own compile step records). Call it once, before the modules to cache load.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env, file = compileCacheFile()): CompileCacheStatus {
  if (env.GROUNDWORK_NO_COMPILE_CACHE === '1' || env.NODE_DISABLE_COMPILE_CACHE === '1') return 'disabled';
  // Under another loader (jest's sandbox) Node's Module is not what loads our code.
  if (!(module instanceof Module)) return 'unsupported';
  const nodeCache = (nodeModule as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
  if (typeof nodeCache === 'function') {
    try {
      nodeCache(join(groundworkCacheRoot(), 'compile-cache')); // Node adds its own version folder
      return 'node';
    } catch {
      return 'disabled';
    }
  }
  if (process.sourceMapsEnabled) return 'unsupported';
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch {
    return 'disabled'; // read-only home, no HOME: run as if there were no cache
  }
  const previous = readCodeCache(file);
  const used = new Map<string, CachedCode>();
  const missed = new Map<string, { script: Script; sourceHash: string }>();
  const proto = Module.prototype as ModuleInternals;
  const compile = proto._compile;
  proto._compile = function cachedCompile(this: ModuleInternals, content: string, filename: string, format?: string): unknown {
    if (format === 'module') return compile.call(this, content, filename, format);
    const sourceHash = hash('sha1', content);
    const cached = previous.get(filename);
    const usable = cached && cached.sourceHash === sourceHash && isIntact(cached) ? cached : undefined;
    let script: Script;
    try {
      script = new Script(Module.wrap(content), {
        filename,
        cachedData: usable?.data,
        importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // ES module syntax in a `.js` file (require(esm)) or a real syntax error: Node decides and reports.
      return compile.call(this, content, filename, format);
    }
    if (usable && !script.cachedDataRejected) used.set(filename, usable);
    else missed.set(filename, { script, sourceHash });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };
  process.once('exit', () => {
    // Tests and whoever doubts the cache read this line; synthesized output never has it.
    if (env.GROUNDWORK_DEBUG) process.stderr.write(`groundwork: compile cache ${file}: ${used.size} modules from cache, ${missed.size} compiled\n`);
    if (missed.size === 0) return;
    try {
      writeCodeCache(file, nextCache(previous, used, missed));
    } catch {
      // the command's result stands; the next run compiles as this one did
    }
  });
  return 'enabled';
}
