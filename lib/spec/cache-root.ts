/**
 * Where Groundwork keeps its caches (chart archives, renders, parsed bundles): never output,
 * always safe to delete.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Root of groundwork's caches: $XDG_CACHE_HOME/groundwork, else ~/.cache/groundwork. */
export function groundworkCacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'groundwork');
}

/** A cache entry's text if it is there and `valid` accepts all of it, else undefined (compute it again). */
export function readCacheEntry(file: string, valid: RegExp): string | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    return valid.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Store a cache entry whole (a draft, then a rename: a parallel reader never sees half of it).
 * A cache that cannot be written only costs the next run the work, so failure is not an error.
 */
export function writeCacheEntry(file: string, text: string): void {
  const draft = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(draft, text);
    renameSync(draft, file);
  } catch {
    try {
      rmSync(draft, { force: true });
    } catch {
      // no draft could be made where no folder could be
    }
  }
}
