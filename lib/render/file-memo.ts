/**
 * Per-process memo of something computed from a file, valid while the file's size and mtime are
 * unchanged: chart archives are read for their values and hashed for the render cache key, and
 * a test run asks for the same archive hundreds of times.
 */
import { statSync } from 'node:fs';

/** A memo keyed by file path; `compute` runs again when the file changed. */
export function fileMemo<T>(compute: (path: string) => T): (path: string) => T {
  const entries = new Map<string, { stamp: string; value: T }>();
  return (path) => {
    const stat = statSync(path);
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const hit = entries.get(path);
    if (hit && hit.stamp === stamp) return hit.value;
    const value = compute(path);
    entries.set(path, { stamp, value });
    return value;
  };
}
