/**
 * The swap journal, `<out>/.groundwork-journal.json`: which folders a run is replacing, where it
 * staged the new ones and where it moved the old ones. Written before the first folder is
 * staged, marked committed once every folder is in place, removed at the end. A run that dies
 * leaves it behind, and the next run reads it to roll back (pending) or finish (committed), so
 * that every environment ends up all old or all new.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, posix } from 'node:path';
import { onDisk } from './fs-error';
import { JOURNAL_FILE, parseTransientName, unsafeSegmentReason } from './names';
import { OutputError } from './output-error';

/** One folder being replaced; paths relative to the output root, `/`-separated. */
export interface JournalEntry {
  /** The folder being replaced, e.g. `dev` or `dev/rendered`. */
  target: string;
  /** Where the new folder is staged, next to the target (same file system: rename is atomic). */
  staging: string;
  /** Where the old folder goes during the swap. */
  backup: string;
  /** The target existed before the run (it is restored from the backup on rollback). */
  existed: boolean;
  /** sha256 of the new folder's marker: tells the new folder from anything else at the target. */
  marker: string;
  /** The run created the target's parent folder (render into a new `<out>/<env>/`). */
  parentCreated: boolean;
}

/** Contents of the journal. */
export interface Journal {
  tool: 'groundwork';
  format: 1;
  pid: number;
  hostname: string;
  /** `pending`: roll back on recovery; `committed`: every target is new, only backups remain to remove. */
  state: 'pending' | 'committed';
  entries: JournalEntry[];
}

/** A new journal for this process. */
export function newJournal(entries: JournalEntry[]): Journal {
  return { tool: 'groundwork', format: 1, pid: process.pid, hostname: hostname(), state: 'pending', entries };
}

/** Write the journal atomically (temporary file, then rename): a reader sees the old or the new state. */
export function writeJournal(root: string, journal: Journal): void {
  const path = join(root, JOURNAL_FILE);
  const temporary = `${path}.tmp`;
  onDisk('write the journal', temporary, () => writeFileSync(temporary, `${JSON.stringify(journal, null, 2)}\n`));
  onDisk('write the journal', path, () => renameSync(temporary, path));
}

/** Remove the journal (and a temporary file a killed write may have left). */
export function removeJournal(root: string): void {
  const path = join(root, JOURNAL_FILE);
  onDisk('remove the journal', path, () => rmSync(path, { force: true }));
  onDisk('remove the journal', `${path}.tmp`, () => rmSync(`${path}.tmp`, { force: true }));
}

/** A target is one or two safe segments; its staging and backup are transient siblings named after it. */
function isValidEntry(entry: JournalEntry): boolean {
  if (typeof entry?.target !== 'string' || typeof entry.staging !== 'string' || typeof entry.backup !== 'string') return false;
  if (typeof entry.existed !== 'boolean' || typeof entry.parentCreated !== 'boolean' || !/^[0-9a-f]{64}$/.test(String(entry.marker))) return false;
  const segments = entry.target.split('/');
  if (segments.length > 2 || segments.some((s) => unsafeSegmentReason(s) !== undefined)) return false;
  const name = segments[segments.length - 1];
  return (['staging', 'backup'] as const).every((field) => {
    const path = entry[field];
    const parsed = parseTransientName(posix.basename(path));
    return posix.dirname(path) === posix.dirname(entry.target) && parsed !== undefined && !parsed.legacy && parsed.name === name;
  });
}

/**
 * The journal of an interrupted run, or undefined when there is none. One Groundwork cannot
 * read is an error: guessing which folders to restore could delete the user's output.
 */
export function readJournal(root: string): Journal | undefined {
  const path = join(root, JOURNAL_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return onDisk('read the journal', path, () => {
      throw error;
    });
  }
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(text) as Journal;
  } catch {
    journal = undefined;
  }
  const valid =
    journal?.tool === 'groundwork' &&
    journal.format === 1 &&
    (journal.state === 'pending' || journal.state === 'committed') &&
    Array.isArray(journal.entries) &&
    journal.entries.every(isValidEntry);
  if (!valid) {
    throw new OutputError(
      `${path} is not a journal this groundwork can read, so it cannot tell which folders to restore; ` +
        `fix: check the folders of ${root} (a .groundwork-previous-* folder holds the previous output of a folder), then delete ${path}`,
    );
  }
  return journal;
}
