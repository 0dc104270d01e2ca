/**
 * One run at a time per output root: `<out>/.groundwork.lock`, created with O_EXCL, holding the
 * pid and hostname of its run. A second run waits for it (polling), up to
 * GROUNDWORK_LOCK_WAIT_SECONDS (default 120; 0 fails at once), then fails naming the holder.
 * A lock whose run is dead on this host is stale and taken over: a killed run must not block
 * every later one.
 */
import { linkSync, lstatSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { onDisk } from './fs-error';
import { LOCK_FILE } from './names';
import { OutputError } from './output-error';

/** Seconds a run waits for another run's lock. @default 120 */
export const DEFAULT_LOCK_WAIT_SECONDS = 120;
const POLL_MS = 100;
/** A lock file without readable content older than this was left by a run killed while creating it. */
const UNREADABLE_STALE_MS = 5000;

/** Who holds a lock. */
export interface LockHolder {
  tool: 'groundwork';
  pid: number;
  hostname: string;
}

/** How long to wait for a lock. */
export interface LockOptions {
  /** Seconds to wait for another run; 0 fails at once. @default env GROUNDWORK_LOCK_WAIT_SECONDS, else 120 */
  waitSeconds?: number;
  /** Where a taken-over stale lock is reported. @default nowhere */
  warn?: (line: string) => void;
}

/** Block the thread for `ms` (the writer is synchronous; nothing else runs meanwhile anyway). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** GROUNDWORK_LOCK_WAIT_SECONDS, validated. */
export function lockWaitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GROUNDWORK_LOCK_WAIT_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_LOCK_WAIT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new OutputError(`GROUNDWORK_LOCK_WAIT_SECONDS must be a number of seconds >= 0 (got ${JSON.stringify(raw)}); fix: e.g. GROUNDWORK_LOCK_WAIT_SECONDS=120, or 0 to fail at once`);
  }
  return seconds;
}

/** Is `pid` a running process on this host? (EPERM: it runs, as another user.) */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): { raw: string; holder: LockHolder | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined; // released meanwhile
  }
  try {
    const parsed = JSON.parse(raw) as LockHolder;
    const valid = parsed?.tool === 'groundwork' && Number.isInteger(parsed.pid) && typeof parsed.hostname === 'string';
    return { raw, holder: valid ? parsed : undefined };
  } catch {
    return { raw, holder: undefined };
  }
}

function isStale(path: string, holder: LockHolder | undefined): boolean {
  if (!holder) {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    return stat !== undefined && Date.now() - stat.mtimeMs > UNREADABLE_STALE_MS;
  }
  return holder.hostname === hostname() && !isAlive(holder.pid);
}

/**
 * Create `path` exclusively with `content`; false when it exists. The content is written to a
 * private file first and hard-linked into place (link fails on an existing name, like O_EXCL),
 * so another run never sees the lock empty between its creation and its first write.
 */
function createExclusive(path: string, content: string): boolean {
  const draft = `${path}.${process.pid}.draft`;
  writeFileSync(draft, content, { flag: 'w' });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links (FAT, some network mounts): O_EXCL; readers treat a lock
    // they cannot parse as held until it is older than UNREADABLE_STALE_MS.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return createWithExclusiveOpen(path, content);
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

function createWithExclusiveOpen(path: string, content: string): boolean {
  try {
    writeFileSync(path, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Remove a stale lock, but only the one judged stale: two runs may find the same stale lock,
 * and the slower one must not delete the lock the faster one has just taken. A short-lived
 * takeover file serialises them.
 */
function takeOver(path: string, staleRaw: string): void {
  const takeover = `${path}.takeover`;
  if (!createExclusive(takeover, `${process.pid}\n`)) {
    const stat = lstatSync(takeover, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > UNREADABLE_STALE_MS) unlinkSync(takeover);
    return;
  }
  try {
    if (readHolder(path)?.raw === staleRaw) unlinkSync(path);
  } finally {
    unlinkSync(takeover);
  }
}

function describeHolder(holder: LockHolder | undefined): string {
  return holder ? `pid ${holder.pid} on host ${holder.hostname}` : 'a run whose lock file is unreadable';
}

/** Take the lock of output root `root`; returns the function that releases it. */
export function acquireLock(root: string, options: LockOptions = {}): () => void {
  const path = join(root, LOCK_FILE);
  const waitSeconds = options.waitSeconds ?? lockWaitSeconds();
  const mine: LockHolder = { tool: 'groundwork', pid: process.pid, hostname: hostname() };
  const content = `${JSON.stringify(mine)}\n`;
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    if (onDisk('create the lock file', path, () => createExclusive(path, content))) break;
    const current = readHolder(path);
    if (!current) continue; // released between our attempt and the read: try again at once
    if (isStale(path, current.holder)) {
      options.warn?.(`note: taking over the stale lock ${path} of ${describeHolder(current.holder)} (that run is gone)`);
      onDisk('take over the stale lock file', path, () => takeOver(path, current.raw));
      continue;
    }
    if (Date.now() >= deadline) {
      const waited = waitSeconds > 0 ? `; waited ${waitSeconds} s` : '';
      throw new OutputError(
        `output folder ${root} is in use by another groundwork run (${describeHolder(current.holder)}, lock file ${path})${waited}; ` +
          `fix: wait for that run to finish and run again, or set GROUNDWORK_LOCK_WAIT_SECONDS to wait longer; ` +
          `if no groundwork run is active${current.holder ? ` on ${current.holder.hostname}` : ''}, delete ${path}`,
      );
    }
    sleep(POLL_MS);
  }
  return () => {
    // Only our own lock: a lock taken over from us (it cannot be, we are alive) stays its owner's.
    if (readHolder(path)?.raw === content) onDisk('remove the lock file', path, () => unlinkSync(path));
  };
}
