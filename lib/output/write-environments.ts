/**
 * The output writer. Under one lock per output root: recover an interrupted run, check that
 * every folder to replace is Groundwork's, stage every new folder next to its target (files
 * and marker), record the swap in a journal, swap every folder, commit, drop the old folders.
 * Any failure before the commit restores every folder; a kill at any point is recovered by the
 * next run from the journal. Either every environment is new or none is.
 */
import { lstatSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { compareText } from '../spec/order';
import { crashPoint, InjectedCrash } from './crash';
import { credentialsInOutput } from './credential-gate';
import { describeFsError, onDisk } from './fs-error';
import { newJournal, removeJournal, writeJournal, type Journal, type JournalEntry } from './journal';
import { acquireLock } from './lock';
import { markerText, sha256 } from './marker';
import { JOURNAL_FILE, MARKER_FILE, transientName, unsafeSegmentReason } from './names';
import { OutputError } from './output-error';
import { foreignContents, foreignParent, type ForeignPath } from './ownership';
import { recoverOutput } from './recover';
import { finishCommitted, rollBack } from './replay';
import { refusedRootReason } from './refused-roots';

/** Files of one environment, by `/`-separated path relative to its folder. */
export interface EnvironmentFiles {
  env: string;
  files: ReadonlyMap<string, string>;
}

/** How to write. */
export interface WriteOptions {
  /** Write each environment into `<out>/<env>/<subfolder>/` (render's `rendered`), leaving the rest of `<out>/<env>/` alone. @default the environment folder itself */
  subfolder?: string;
  /** Seconds to wait for another run's lock on the output root; 0 fails at once. @default env GROUNDWORK_LOCK_WAIT_SECONDS, else 120 */
  lockWaitSeconds?: number;
  /** Where recovery notes and warnings go. @default stderr */
  warn?: (line: string) => void;
}

const NOTHING_WRITTEN = 'nothing was written or deleted.';

/** Names that are not one safe folder each, or that repeat (also case-insensitively: macOS and Windows fold case). */
function nameProblems(environments: readonly EnvironmentFiles[], subfolder: string | undefined): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  if (subfolder !== undefined && unsafeSegmentReason(subfolder)) problems.push(`subfolder ${JSON.stringify(subfolder)} ${unsafeSegmentReason(subfolder)}`);
  for (const { env } of environments) {
    const unsafe = unsafeSegmentReason(env);
    if (unsafe) problems.push(`environment name ${JSON.stringify(env)} ${unsafe}; fix: name the environment with letters, digits and dashes`);
    const folded = env.toLowerCase();
    const first = seen.get(folded);
    if (first === env) problems.push(`environment "${env}" is requested twice; fix: request each environment once`);
    else if (first !== undefined) problems.push(`environments "${first}" and "${env}" would be written to the same folder on a case-insensitive file system; fix: rename one of them`);
    seen.set(folded, first ?? env);
  }
  return problems;
}

/** A file path the writer cannot place: a bug in the caller, not the user's doing. */
function checkFilePaths({ env, files }: EnvironmentFiles): void {
  const paths = new Set(files.keys());
  for (const path of paths) {
    const segments = path.split('/');
    if (path === MARKER_FILE || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'))) {
      throw new Error(`environment "${env}": file path ${JSON.stringify(path)} is not a relative path inside the folder (or is the marker file)`);
    }
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      if (paths.has(parent)) throw new Error(`environment "${env}": ${parent} is both a file and the folder of ${path}`);
    }
  }
}

function formatForeign(foreign: readonly ForeignPath[]): string {
  const shown = foreign.slice(0, 20).map((f) => `  ${f.path}: ${f.reason}`);
  if (foreign.length > shown.length) shown.push(`  … and ${foreign.length - shown.length} more`);
  return (
    `refusing to replace output that Groundwork did not write (${NOTHING_WRITTEN.slice(0, -1)}):\n${shown.join('\n')}\n` +
    'fix: move your files out of the output folder, pick another --out, or delete these paths yourself if you do not need them'
  );
}

interface Planned {
  entry: JournalEntry;
  files: ReadonlyMap<string, string>;
  marker: string;
}

/** The swap of every environment; the marker digest identifies the new folders. */
function plan(root: string, environments: readonly EnvironmentFiles[], subfolder: string | undefined): Planned[] {
  return environments.map(({ env, files }) => {
    const target = subfolder === undefined ? env : posix.join(env, subfolder);
    const parent = posix.dirname(target);
    const name = posix.basename(target);
    const marker = markerText(files);
    const existed = lstatSync(join(root, target), { throwIfNoEntry: false }) !== undefined;
    const parentCreated = parent !== '.' && lstatSync(join(root, parent), { throwIfNoEntry: false }) === undefined;
    const sibling = (kind: 'staging' | 'previous'): string => posix.join(parent, transientName(kind, name, process.pid));
    return { entry: { target, staging: sibling('staging'), backup: sibling('previous'), existed, marker: sha256(marker), parentCreated }, files, marker };
  });
}

function foreignInTheWay(root: string, planned: readonly Planned[], subfolder: string | undefined): ForeignPath[] {
  const foreign: ForeignPath[] = [];
  for (const { entry } of planned) {
    const parent = posix.dirname(entry.target);
    const inParent = subfolder === undefined ? undefined : foreignParent(join(root, parent), subfolder);
    if (inParent) foreign.push(inParent);
    else foreign.push(...foreignContents(join(root, entry.target)));
  }
  return foreign;
}

function stage(root: string, { entry, files, marker }: Planned): void {
  const staging = join(root, entry.staging);
  if (entry.parentCreated) onDisk('create the folder', dirname(staging), () => mkdirSync(dirname(staging), { recursive: true }));
  onDisk('create the staging folder', staging, () => mkdirSync(staging));
  for (const [relative, content] of [...files].sort(([a], [b]) => compareText(a, b))) {
    const path = join(staging, relative);
    onDisk('create the folder', dirname(path), () => mkdirSync(dirname(path), { recursive: true }));
    onDisk('write', path, () => writeFileSync(path, content));
  }
  onDisk('write the marker', join(staging, MARKER_FILE), () => writeFileSync(join(staging, MARKER_FILE), marker));
}

function swap(root: string, planned: readonly Planned[]): void {
  planned.forEach(({ entry }, i) => {
    const [target, staging, backup] = [entry.target, entry.staging, entry.backup].map((p) => join(root, p));
    if (entry.existed) {
      onDisk('move the previous output aside:', target, () => renameSync(target, backup));
      crashPoint(`after-backup:${i}`);
    }
    onDisk('move the new output into place:', target, () => renameSync(staging, target));
    crashPoint(`after-swap:${i}`);
  });
}

/** Undo this run after `error`; the message says whether the previous output is intact. */
function failed(root: string, journal: Journal, error: unknown): unknown {
  if (error instanceof InjectedCrash) return error; // a simulated kill: leave everything for recovery
  const cause = describeFsError(error, 'write', root);
  const message = cause instanceof Error ? cause.message : String(cause);
  try {
    const warnings = rollBack(root, journal.entries);
    removeJournal(root);
    const rest = warnings.length > 0 ? `\n${warnings.map((w) => `warning: ${w}`).join('\n')}` : '';
    const rolledBack = `${message}\nrolled back: the previous output is as it was; ${NOTHING_WRITTEN}${rest}`;
    return cause instanceof OutputError ? new OutputError(rolledBack) : Object.assign(cause as Error, { message: rolledBack });
  } catch (rollbackError) {
    const why = rollbackError instanceof Error ? rollbackError.message : String(rollbackError);
    return new OutputError(`${message}\nthe rollback failed too (${why}); the journal ${join(root, JOURNAL_FILE)} stays: the next groundwork run into ${root} finishes the rollback`);
  }
}

/**
 * The absolute output root, or an OutputError when Groundwork must not write there (`/`, the
 * home folder, a project's sources). The CLI calls it before synthesizing, so a refused
 * `--out` fails at once instead of after the synthesis.
 */
export function checkOutputRoot(outDir: string): string {
  const root = resolve(outDir);
  const refused = refusedRootReason(root);
  if (refused) {
    throw new OutputError(`refusing to write into ${root}: it is ${refused}; fix: pass an output folder of its own, e.g. --out dist or --out ${join(root === '/' ? '/tmp' : root, 'groundwork-out')}; ${NOTHING_WRITTEN}`);
  }
  return root;
}

/**
 * Write every environment into `outDir`, replacing each `<outDir>/<env>` (or
 * `<outDir>/<env>/<subfolder>`) as a whole, all together or not at all. Throws an OutputError
 * (exit 2) naming the path and the fix when the output root is refused, something of the
 * user's is in the way, the root is locked by another run, or the file system fails.
 */
export function writeEnvironments(outDir: string, environments: readonly EnvironmentFiles[], options: WriteOptions = {}): void {
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { subfolder } = options;
  const problems = nameProblems(environments, subfolder);
  if (problems.length > 0) throw new OutputError(`${problems.join('\n')}\n${NOTHING_WRITTEN}`);
  for (const environment of environments) checkFilePaths(environment);
  const credentials = credentialsInOutput(environments, subfolder);
  if (credentials.length > 0) {
    throw new OutputError(
      `refusing to write output that holds a credential:\n${credentials.map((c) => `  ${c}`).join('\n')}\n` +
        `fix: pass the credential by reference (a Kubernetes Secret name, an AWS Secrets Manager ARN, Argo CD repository credentials) and revoke it; ${NOTHING_WRITTEN}`,
    );
  }
  const root = checkOutputRoot(outDir);
  onDisk('create the output folder', root, () => mkdirSync(root, { recursive: true }));
  const release = acquireLock(root, { waitSeconds: options.lockWaitSeconds, warn });
  try {
    recoverOutput(root, warn);
    const planned = onDisk('inspect', root, () => plan(root, environments, subfolder));
    const foreign = onDisk('inspect', root, () => foreignInTheWay(root, planned, subfolder));
    if (foreign.length > 0) throw new OutputError(formatForeign(foreign));
    const journal = newJournal(planned.map((p) => p.entry));
    writeJournal(root, journal);
    crashPoint('after-journal');
    try {
      for (const p of planned) stage(root, p);
      crashPoint('after-stage');
      swap(root, planned);
      crashPoint('before-commit');
      writeJournal(root, { ...journal, state: 'committed' });
    } catch (error) {
      throw failed(root, journal, error);
    }
    crashPoint('after-commit');
    try {
      finishCommitted(root, journal.entries);
      removeJournal(root);
    } catch (error) {
      // The new output is complete; only the old copies remain, and the next run removes them.
      const cause = describeFsError(error, 'clean up', root);
      warn(`warning: the new output is complete, but removing the previous one failed: ${cause instanceof Error ? cause.message : String(cause)}; the next groundwork run into ${root} removes it`);
    }
  } finally {
    release();
  }
}
