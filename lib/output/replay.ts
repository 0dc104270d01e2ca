/**
 * Undo or finish a swap from its journal entries, whether the run is rolling back its own
 * failure or a later run is recovering a killed one. Each step checks what is on disk, so the
 * same code is right wherever the run stopped (and when it is replayed twice). A folder is only
 * deleted when it is provably this run's: its marker digest is the journal's, or it is a backup
 * or staging folder the journal names.
 */
import { lstatSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { onDisk } from './fs-error';
import type { JournalEntry } from './journal';
import { markerDigest } from './marker';

function absolute(root: string, entry: JournalEntry): { target: string; staging: string; backup: string } {
  return { target: join(root, entry.target), staging: join(root, entry.staging), backup: join(root, entry.backup) };
}

function exists(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

function remove(path: string): void {
  onDisk('remove', path, () => rmSync(path, { recursive: true, force: true }));
}

/** Put one folder back as it was before the run; returns a warning when something is left for the user. */
function rollbackEntry(root: string, entry: JournalEntry): string | undefined {
  const { target, staging, backup } = absolute(root, entry);
  const targetIsNew = exists(target) && markerDigest(target) === entry.marker;
  if (exists(backup)) {
    if (exists(target)) {
      if (!targetIsNew) return `${backup} holds the previous output of ${target}, but ${target} is not the folder this run wrote; left both as they are; fix: keep the one you want, delete the other`;
      remove(target);
    }
    onDisk('restore the previous output to', target, () => renameSync(backup, target));
  } else if (!entry.existed && targetIsNew) {
    remove(target);
  }
  if (exists(staging)) remove(staging);
  if (entry.parentCreated) {
    try {
      rmdirSync(dirname(target)); // only when empty: it was created for this run's folder
    } catch {
      // not empty or gone: nothing of ours to remove
    }
  }
  return undefined;
}

/** Roll back every entry (last first); returns warnings for what could not be decided safely. */
export function rollBack(root: string, entries: readonly JournalEntry[]): string[] {
  const warnings: string[] = [];
  for (const entry of [...entries].reverse()) {
    const warning = rollbackEntry(root, entry);
    if (warning) warnings.push(warning);
  }
  return warnings;
}

/** Finish a committed swap: every target is new; drop the backups (and any staging left). */
export function finishCommitted(root: string, entries: readonly JournalEntry[]): void {
  for (const entry of entries) {
    const { staging, backup } = absolute(root, entry);
    if (exists(backup)) remove(backup);
    if (exists(staging)) remove(staging);
  }
}
