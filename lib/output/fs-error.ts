/**
 * File-system failures reported as what they are: a read-only folder says "permission denied"
 * with the path and what to do, not a bare ENOENT or a stack trace.
 */
import { OutputError } from './output-error';

interface Cause {
  cause: string;
  fix: string;
}

const ANOTHER_OUT = 'or pick another --out';

/** Cause and fix per errno code; the codes a user can act on. */
const CAUSES: Readonly<Record<string, Cause>> = {
  EACCES: { cause: 'permission denied', fix: `make the folder writable for this user (chmod/chown) ${ANOTHER_OUT}` },
  EPERM: { cause: 'permission denied (operation not permitted)', fix: `make the folder writable for this user, check immutable attributes (lsattr), ${ANOTHER_OUT}` },
  EROFS: { cause: 'read-only file system', fix: 'pick an --out on a writable file system' },
  ENOSPC: { cause: 'no space left on device', fix: `free some space ${ANOTHER_OUT}` },
  EDQUOT: { cause: 'disk quota exceeded', fix: `free some space ${ANOTHER_OUT}` },
  EBUSY: { cause: 'resource busy (a mount point, or a file held open by another program)', fix: `unmount it or close the program using it, ${ANOTHER_OUT}` },
  EXDEV: { cause: 'crosses a file-system boundary (a mount point inside the output folder)', fix: 'keep the output folder on one file system (no mount points inside it)' },
  ENOTDIR: { cause: 'a file is in the way where a folder is needed', fix: `move that file away ${ANOTHER_OUT}` },
  EISDIR: { cause: 'a folder is in the way where a file is needed', fix: `move that folder away ${ANOTHER_OUT}` },
  EEXIST: { cause: 'already exists', fix: 'move it away and run again' },
  ENOTEMPTY: { cause: 'folder not empty', fix: 'move its contents away and run again' },
  ENOENT: { cause: 'no such file or folder (removed while groundwork ran?)', fix: 'run again; make sure nothing else changes the output folder meanwhile' },
  ENAMETOOLONG: { cause: 'path too long', fix: 'pick a shorter --out' },
  ELOOP: { cause: 'too many symbolic links', fix: `replace the links by real folders ${ANOTHER_OUT}` },
  EMFILE: { cause: 'too many open files', fix: 'raise the open-file limit (ulimit -n) and run again' },
  EIO: { cause: 'input/output error', fix: `check the disk ${ANOTHER_OUT}` },
};

/** The errno code of a Node file-system error, if it is one. */
export function fsErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * `cannot <action> <path>: <cause> (<CODE>); fix: <fix>` for a file-system error; any other
 * error is returned unchanged (a bug, reported with exit 1).
 */
export function describeFsError(error: unknown, action: string, path: string): unknown {
  if (error instanceof OutputError) return error;
  const code = fsErrorCode(error);
  if (!code) return error;
  const known = CAUSES[code];
  const cause = known?.cause ?? (error as Error).message;
  const fix = known?.fix ?? `check ${path} ${ANOTHER_OUT}`;
  return new OutputError(`cannot ${action} ${path}: ${cause} (${code}); fix: ${fix}`);
}

/** Run one file-system step; a failure is rethrown as an OutputError naming the action, path and fix. */
export function onDisk<T>(action: string, path: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw describeFsError(error, action, path);
  }
}
