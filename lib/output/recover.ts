/**
 * Recovery at the start of every run, under the lock and before anything else: a journal left
 * by a killed run is rolled back (pending) or finished (committed), then transient folders of
 * dead runs are removed when they are provably Groundwork's (name pattern and marker, or the
 * legacy writer's name pattern and nothing but Groundwork-shaped files); anything else is left
 * in place with a warning.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compareText } from '../spec/order';
import { onDisk } from './fs-error';
import { readJournal, removeJournal } from './journal';
import { isAlive } from './lock';
import { readMarker } from './marker';
import { JOURNAL_FILE, parseTransientName, type TransientName } from './names';
import { foreignContents } from './ownership';
import { finishCommitted, rollBack } from './replay';

/** Files the legacy writer wrote: synth's `cloud.json` and `manifests/*.yaml`, render's `<release>.yaml`. */
const LEGACY_FILE = /^(cloud\.json|manifests\/[^/]+\.yaml|[^/]+\.yaml)$/;

function isDirectory(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** Does `dir` hold nothing but files of the shape the legacy writer wrote (no links, no other files)? */
function hasLegacyShape(dir: string): boolean {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries.every((entry) => {
    const rel = relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split('\\').join('/');
    if (entry.isDirectory()) return rel === 'manifests';
    return entry.isFile() && LEGACY_FILE.test(rel);
  });
}

/** Remove a leftover when it is provably ours; returns a warning when it is left. */
function leftover(path: string, parsed: TransientName): string | undefined {
  if (parsed.kind === 'previous') {
    const target = join(path, '..', parsed.name);
    return `warning: ${path} is the previous output of ${target}, left by an interrupted groundwork run; fix: if ${target} is missing or incomplete, move it back (mv ${path} ${target}), otherwise delete it`;
  }
  const ours = parsed.legacy
    ? !isAlive(parsed.pid) && isDirectory(path) && hasLegacyShape(path)
    : isDirectory(path) && readMarker(path) !== undefined && foreignContents(path).length === 0;
  if (!ours) return `warning: ${path} looks like a staging folder of a groundwork run but holds files Groundwork did not write, or its run is alive; left in place; fix: delete it once you have checked its contents`;
  onDisk('remove the leftover staging folder', path, () => rmSync(path, { recursive: true, force: true }));
  return `note: removed ${path}, the incomplete output of an interrupted groundwork run`;
}

/** Transient folders in `dir` (the output root, or one environment folder holding render's). */
function leftoversIn(dir: string, notes: string[]): void {
  for (const name of readdirSync(dir).sort(compareText)) {
    const parsed = parseTransientName(name);
    if (parsed && parsed.pid !== process.pid) {
      const note = leftover(join(dir, name), parsed);
      if (note) notes.push(note);
    }
  }
}

/** Recover `root` after an interrupted run; notes and warnings go to `warn`. */
export function recoverOutput(root: string, warn: (line: string) => void): void {
  const journal = readJournal(root);
  if (journal) {
    const who = `groundwork run (pid ${journal.pid} on ${journal.hostname})`;
    if (journal.state === 'committed') {
      finishCommitted(root, journal.entries);
      warn(`note: finished an interrupted ${who}: its new output was complete; removed the previous output it had kept`);
    } else {
      const warnings = rollBack(root, journal.entries);
      warn(`note: rolled back an interrupted ${who}: the output it was replacing is restored`);
      for (const warning of warnings) warn(`warning: ${warning}`);
    }
    removeJournal(root);
  } else {
    onDisk('remove the journal', join(root, `${JOURNAL_FILE}.tmp`), () => rmSync(join(root, `${JOURNAL_FILE}.tmp`), { force: true }));
  }
  const notes: string[] = [];
  leftoversIn(root, notes);
  for (const name of readdirSync(root).sort(compareText)) {
    if (!name.startsWith('.') && isDirectory(join(root, name))) leftoversIn(join(root, name), notes);
  }
  for (const note of notes) warn(note);
}
