/**
 * The names Groundwork gives the folders it writes and the transient folders of a swap. The
 * transient names carry the writer's pid so that a later run can tell a dead run's leftovers
 * from a live one's, and they start with `.groundwork-` so that they never collide with an
 * environment (environment names never start with a dot).
 */

/** Marker file in every folder Groundwork writes: tool, format and every file with its sha256. */
export const MARKER_FILE = '.groundwork-output.json';
/** Lock file in the output root (pid and hostname of the run holding it). */
export const LOCK_FILE = '.groundwork.lock';
/** Journal of the swap in progress in the output root. */
export const JOURNAL_FILE = '.groundwork-journal.json';

/** Why `name` is not a single safe folder name, or undefined when it is. */
export function unsafeSegmentReason(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name === '.' || name === '..') return 'is a relative path';
  if (/[/\\]/.test(name)) return 'contains a path separator';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character';
  if (name.startsWith('.')) return 'starts with a dot (reserved for Groundwork bookkeeping)';
  if (name.length > 200) return 'is longer than 200 characters';
  return undefined;
}

/** The two kinds of transient folder a swap creates next to its target. */
export type TransientKind = 'staging' | 'previous';

/** `.groundwork-staging-<name>-<pid>` / `.groundwork-previous-<name>-<pid>`. */
export function transientName(kind: TransientKind, name: string, pid: number): string {
  return `.groundwork-${kind}-${name}-${pid}`;
}

/** A transient folder name taken apart. */
export interface TransientName {
  kind: TransientKind;
  /** The target folder's name. */
  name: string;
  pid: number;
  /** Written by the writer before output markers and the journal existed (no marker inside). */
  legacy: boolean;
}

/**
 * Parse a transient folder name: today's `.groundwork-staging-dev-123`, and the legacy writer's
 * `.staging-dev-123` / `dev.previous-123`.
 */
export function parseTransientName(entry: string): TransientName | undefined {
  const current = /^\.groundwork-(staging|previous)-(.+)-(\d+)$/.exec(entry);
  if (current) return { kind: current[1] as TransientKind, name: current[2], pid: Number(current[3]), legacy: false };
  const staging = /^\.staging-(.+)-(\d+)$/.exec(entry);
  if (staging) return { kind: 'staging', name: staging[1], pid: Number(staging[2]), legacy: true };
  const previous = /^(.+)\.previous-(\d+)$/.exec(entry);
  if (previous && !previous[1].startsWith('.')) return { kind: 'previous', name: previous[1], pid: Number(previous[2]), legacy: true };
  return undefined;
}
