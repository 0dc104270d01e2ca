/**
 * Pulumi's SDK entry point eagerly loads parts that the offline CLI never runs: the closure
 * serializer (it loads TypeScript's compiler, ~170 ms), the code-path finder (npm's arborist,
 * ~450 files) and the Automation API. Together they were about half of `groundwork synth`'s
 * module load. Importing this module FIRST (before anything reaches `@pulumi/pulumi`) puts
 * stand-ins for them in Node's module cache (`require.cache`, a documented extension point)
 * that load the real module on first use, so a caller that does use them gets exactly what it
 * would have got. Only the CLI imports it (lib/cli/main.ts, lib/cli/synth.ts); the Pulumi
 * program (`stacks/index.ts`, what `pulumi up` runs) never does and loads Pulumi as it ships.
 */
import { Module } from 'node:module';
import { dirname, join } from 'node:path';

/** One Pulumi module to load on first use. */
export interface DeferredPulumiModule {
  /** Path inside the `@pulumi/pulumi` package. */
  file: string;
  /**
   * The module's exports, all async functions, when its importer reads them at load time
   * (`exports.serializeFunction = serializeClosure_1.serializeFunction`): each becomes a
   * forwarder. Absent: the importer keeps the module object and reads it later, so a proxy
   * stands in for the whole namespace.
   * @default the whole namespace, proxied
   */
  asyncFunctions?: readonly string[];
}

/** What is deferred; test/plan/lazy-pulumi-modules.test.ts checks it against the installed SDK. */
export const DEFERRED_PULUMI_MODULES: readonly DeferredPulumiModule[] = [
  { file: 'runtime/closure/serializeClosure.js', asyncFunctions: ['serializeFunction', 'serializeFunctionAsync'] },
  { file: 'runtime/closure/codePaths.js', asyncFunctions: ['computeCodePaths', 'findWorkspaceRoot'] },
  { file: 'automation/index.js' },
];

/** A module's exports, as a stand-in offers them. */
export type Exports = Record<string | symbol, unknown>;

/** A loader that swaps the stand-in for the real module the first time it is needed. */
export function realLoader(filename: string): () => Exports {
  let real: Exports | undefined;
  return () => {
    if (!real) {
      delete require.cache[filename];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      real = require(filename) as Exports;
    }
    return real;
  };
}

function forwarders(names: readonly string[], load: () => Exports): Exports {
  const exports: Exports = { __esModule: true };
  for (const name of names) {
    exports[name] = async (...args: unknown[]): Promise<unknown> => (load()[name] as (...a: unknown[]) => unknown)(...args);
  }
  return exports;
}

/**
 * A namespace whose every read loads the real module; `__esModule` answers without loading
 * (`esModule`: what the real module says, so TypeScript's and tslib's interop helpers decide as
 * they would with it).
 */
export function namespaceProxy(load: () => Exports, esModule = true): Exports {
  return new Proxy({} as Exports, {
    get: (_target, key) => (key === '__esModule' ? esModule || undefined : load()[key]),
    has: (_target, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    // Reported configurable: the real module's `__esModule` is not, and a proxy may not claim a
    // non-configurable property its (empty) target lacks.
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/**
 * Install the stand-ins. A no-op when `@pulumi/pulumi` is not resolvable from here, when a
 * module is already loaded (too late to defer), when the SDK no longer has that file, or under
 * a loader whose module cache cannot be written.
 */
export function deferUnusedPulumiModules(): void {
  let root: string;
  try {
    root = dirname(require.resolve('@pulumi/pulumi/package.json'));
  } catch {
    return;
  }
  for (const { file, asyncFunctions } of DEFERRED_PULUMI_MODULES) {
    const filename = join(root, file);
    let resolved: string;
    try {
      resolved = require.resolve(filename);
    } catch {
      continue;
    }
    if (require.cache[resolved]) continue;
    const load = realLoader(resolved);
    if (!installStandIn(resolved, asyncFunctions ? forwarders(asyncFunctions, load) : namespaceProxy(load))) return;
  }
}

/**
 * Put `exports` in Node's module cache as the module at `resolved` (a path `require.resolve`
 * returned, not yet loaded). False under a loader whose module cache cannot be written (jest's
 * is read-only): the module then loads as usual.
 */
export function installStandIn(resolved: string, exports: Exports): boolean {
  const standIn = new Module(resolved);
  standIn.filename = resolved;
  standIn.loaded = true;
  standIn.exports = exports;
  try {
    require.cache[resolved] = standIn;
    return true;
  } catch {
    return false;
  }
}

deferUnusedPulumiModules();
