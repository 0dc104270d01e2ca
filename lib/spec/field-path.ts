/**
 * `spec.nodePools[1].instanceTypes`: how every message names a field. Its own file, free of zod,
 * because it is public: a declaration that imports zod makes a team's `tsc` load zod's own
 * declarations, which do not compile without `esModuleInterop` (test/packaging/).
 */

/** `spec.nodePools[1].instanceTypes` from a path of keys and indexes. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), 'spec');
}
