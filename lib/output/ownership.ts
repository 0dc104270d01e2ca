/**
 * Is a folder Groundwork's to replace? Only when it does not exist, or it is a real folder whose
 * marker is valid and whose contents are exactly files the marker lists, unchanged (a file the
 * marker lists but that is gone is fine: deleting the folder loses nothing of the user's). A
 * nested folder with its own valid marker (render's `rendered/` inside an environment) counts
 * as Groundwork's too. Anything else is the user's and must not be deleted.
 */
import { lstatSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { compareText } from '../spec/order';
import { readMarker, sha256, type Marker } from './marker';
import { MARKER_FILE } from './names';

/** One path in the way, with why it is not Groundwork's. */
export interface ForeignPath {
  path: string;
  reason: string;
}

function ancestorsOf(marker: Marker): Set<string> {
  const dirs = new Set<string>();
  for (const { path } of marker.files) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) dirs.add(segments.slice(0, i).join('/'));
  }
  return dirs;
}

function sortedEntries(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
}

/** What in the marked folder `dir` is not exactly what its marker lists. */
function unlistedContents(dir: string, marker: Marker, nested: boolean): ForeignPath[] {
  const listed = new Map(marker.files.map((f) => [f.path, f.sha256]));
  const dirs = ancestorsOf(marker);
  const foreign: ForeignPath[] = [];
  const walk = (relative: string): void => {
    for (const entry of sortedEntries(relative ? join(dir, relative) : dir)) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      const path = join(dir, rel);
      if (rel === MARKER_FILE) continue;
      if (entry.isSymbolicLink()) foreign.push({ path, reason: 'a symbolic link Groundwork did not write' });
      else if (entry.isDirectory()) {
        if (dirs.has(rel)) walk(rel);
        else if (nested && !relative && readMarker(path)) foreign.push(...foreignContents(path, false));
        else foreign.push({ path, reason: 'a folder Groundwork did not write' });
      } else if (!entry.isFile()) foreign.push({ path, reason: 'not a regular file' });
      else {
        const expected = listed.get(rel);
        if (expected === undefined) foreign.push({ path, reason: 'a file Groundwork did not write' });
        else if (sha256(readFileSync(path)) !== expected) foreign.push({ path, reason: 'changed since Groundwork wrote it' });
      }
    }
  };
  walk('');
  return foreign;
}

/**
 * Everything that makes `target` not Groundwork's to replace; empty when it may be replaced.
 * `nested`: a direct subfolder with its own valid marker counts as Groundwork's.
 */
export function foreignContents(target: string, nested = true): ForeignPath[] {
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isSymbolicLink()) return [{ path: target, reason: 'a symbolic link, not a folder Groundwork wrote' }];
  if (!stat.isDirectory()) return [{ path: target, reason: 'a file, not a folder Groundwork wrote' }];
  const marker = readMarker(target);
  if (marker) return unlistedContents(target, marker, nested);
  // An environment folder that `render` created holds nothing but its marked rendered/ folder.
  const entries = sortedEntries(target);
  if (nested && entries.length > 0 && entries.every((e) => e.isDirectory() && readMarker(join(target, e.name)))) {
    return entries.flatMap((e) => foreignContents(join(target, e.name), false));
  }
  return [{ path: target, reason: `a folder without a valid Groundwork marker (${MARKER_FILE}): not written by Groundwork` }];
}

/**
 * Why Groundwork may not write a subfolder into `parent` (render's `<out>/<env>/`), or
 * undefined. The parent is not replaced, only added to, so it must merely be absent, a folder
 * Groundwork wrote (valid marker), or a folder holding nothing but `child`.
 */
export function foreignParent(parent: string, child: string): ForeignPath | undefined {
  const stat = lstatSync(parent, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (stat.isSymbolicLink()) return { path: parent, reason: 'a symbolic link, not a folder Groundwork wrote' };
  if (!stat.isDirectory()) return { path: parent, reason: 'a file, not a folder Groundwork wrote' };
  if (readMarker(parent)) return undefined;
  if (readdirSync(parent).every((name) => name === child)) return undefined;
  return { path: parent, reason: `a folder without a valid Groundwork marker (${MARKER_FILE}): not written by Groundwork` };
}
