/**
 * Where Groundwork keeps its caches (chart archives, renders, parsed bundles): never output,
 * always safe to delete.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Root of groundwork's caches: $XDG_CACHE_HOME/groundwork, else ~/.cache/groundwork. */
export function groundworkCacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'groundwork');
}
