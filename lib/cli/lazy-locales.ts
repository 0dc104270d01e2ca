/**
 * Two libraries the CLI loads eagerly require every translation they ship, to use English only:
 * zod's `z.locales` (about 60 files; zod registers English from its own file and reads
 * `z.locales` only when a caller picks another language) and ajv-i18n (23 files; kubernetes-
 * models' validator calls `.en` and only to word a validation error). Together about 85 files
 * of the CLI's ~1 140. Importing this module first puts a stand-in for each index in Node's
 * module cache that loads the real index on first read (lib/plan/lazy-pulumi-modules.ts does the
 * same for Pulumi), so a caller that does read a translation gets exactly what it would have got.
 * Only the CLI imports it (lib/cli/main.ts): the library loads these packages as they ship.
 */
import { dirname, join } from 'node:path';
import { installStandIn, namespaceProxy, realLoader } from '../plan/lazy-pulumi-modules';

/** One translation index to load on first read. */
export interface DeferredLocales {
  /** The package. */
  pkg: string;
  /** The index inside it. */
  file: string;
  /** The index declares `__esModule` (TypeScript's interop helpers read it without using anything). */
  esModule: boolean;
}

/** What is deferred; test/cli/lazy-locales.test.ts checks it against the installed packages. */
export const DEFERRED_LOCALES: readonly DeferredLocales[] = [
  { pkg: 'zod', file: 'v4/locales/index.cjs', esModule: true },
  { pkg: 'ajv-i18n', file: 'localize/index.js', esModule: false },
];

/**
 * Install the stand-ins. A no-op for a package not resolvable from here or without that file,
 * for an index already loaded (too late to defer), or under a loader whose module cache cannot
 * be written.
 */
export function deferLocales(): void {
  for (const { pkg, file, esModule } of DEFERRED_LOCALES) {
    let resolved: string;
    try {
      resolved = require.resolve(join(dirname(require.resolve(`${pkg}/package.json`)), file));
    } catch {
      continue;
    }
    if (require.cache[resolved]) continue;
    if (!installStandIn(resolved, namespaceProxy(realLoader(resolved), esModule))) return;
  }
}

deferLocales();
