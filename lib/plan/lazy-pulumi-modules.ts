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
import { createRequire, Module } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One Pulumi module to load on first use. */
export interface DeferredPulumiModule {
  /**
   * Path inside the `@pulumi/pulumi` package (`runtime/settings.js`), or the name of a package
   * the SDK depends on (`semver`), resolved from the SDK's folder as the SDK resolves it.
   */
  file: string;
  /**
   * The stand-in says `__esModule: true` although the real module does not: TypeScript's
   * `__importStar` would otherwise copy (so load) the namespace at import time. Only for modules
   * whose importers in the SDK read named exports and never `default`
   * (test/plan/lazy-pulumi-modules.test.ts checks every importer).
   * @default false: the stand-in says what the real module says
   */
  claimsEsModule?: boolean;
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
  // The gRPC transport to the engine (~150 files with its tracing and the version parser): the
  // offline plan talks to an in-process mock monitor, so none of it runs. The generated client
  // stubs build their gRPC constructors at load time, so they wait too.
  { file: '@grpc/grpc-js' },
  { file: '@opentelemetry/api' },
  { file: 'semver', claimsEsModule: true },
  { file: 'proto/engine_grpc_pb.js', claimsEsModule: true },
  { file: 'proto/resource_grpc_pb.js', claimsEsModule: true },
  { file: 'proto/callback_grpc_pb.js', claimsEsModule: true },
  { file: 'proto/provider_grpc_pb.js', claimsEsModule: true },
];

/** Whether `file` names a package (resolved from the SDK's folder) rather than a path inside the SDK. */
export const isDependency = (file: string): boolean => !file.endsWith('.js');

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
 * `request` resolved as the package `pkg` resolves it (from its own folder: its nested copies
 * first), or undefined when either cannot be resolved from here.
 */
export function resolveFromPackage(pkg: string, request: string): string | undefined {
  try {
    return createRequire(require.resolve(`${pkg}/package.json`)).resolve(request);
  } catch {
    return undefined;
  }
}

/** Whether a CommonJS module marks itself an ES module (as TypeScript and Babel compile one), read from its source without running it. */
export function esModuleOf(resolved: string): boolean {
  try {
    return /Object\.defineProperty\(exports, ["']__esModule["']|exports\.__esModule = true/.test(readFileSync(resolved, 'utf8'));
  } catch {
    return false;
  }
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
  for (const { file, asyncFunctions, claimsEsModule } of DEFERRED_PULUMI_MODULES) {
    const resolved = resolveFromPackage('@pulumi/pulumi', isDependency(file) ? file : join(root, file));
    if (!resolved || require.cache[resolved]) continue;
    const load = realLoader(resolved);
    if (!installStandIn(resolved, asyncFunctions ? forwarders(asyncFunctions, load) : namespaceProxy(load, claimsEsModule === true || esModuleOf(resolved)))) return;
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
