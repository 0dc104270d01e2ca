/**
 * The ownership marker: `.groundwork-output.json` in every folder Groundwork writes, listing
 * every file with its sha256. It is what lets a later run replace the folder without risk: a
 * folder whose contents are exactly what its marker lists holds nothing of the user's.
 * Deterministic (sorted, no timestamps) so that output stays byte-identical across runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareText } from '../spec/order';
import { MARKER_FILE } from './names';

/** Marker format version; a reader accepts only the versions it knows. */
export const MARKER_FORMAT = 1;

/** One file Groundwork wrote. */
export interface MarkedFile {
  /** Path relative to the marked folder, `/`-separated. */
  path: string;
  /** sha256 of the file's bytes, lowercase hex. */
  sha256: string;
}

/** Contents of `.groundwork-output.json`. */
export interface Marker {
  tool: 'groundwork';
  format: typeof MARKER_FORMAT;
  files: MarkedFile[];
}

/** sha256 of `content`, lowercase hex. */
export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The marker file's text for `files` (path → content). */
export function markerText(files: ReadonlyMap<string, string>): string {
  const marker: Marker = {
    tool: 'groundwork',
    format: MARKER_FORMAT,
    files: [...files].sort(([a], [b]) => compareText(a, b)).map(([path, content]) => ({ path, sha256: sha256(content) })),
  };
  return `${JSON.stringify(marker, null, 2)}\n`;
}

function isMarkedFile(value: unknown): value is MarkedFile {
  const file = value as MarkedFile;
  return (
    typeof file === 'object' &&
    file !== null &&
    typeof file.path === 'string' &&
    file.path.length > 0 &&
    !file.path.split('/').some((s) => s === '' || s === '.' || s === '..') &&
    typeof file.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(file.sha256)
  );
}

/** The marker of `dir`, or undefined when there is none or it is not a valid Groundwork marker. */
export function readMarker(dir: string): Marker | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, MARKER_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Marker;
    if (parsed?.tool !== 'groundwork' || parsed.format !== MARKER_FORMAT || !Array.isArray(parsed.files)) return undefined;
    return parsed.files.every(isMarkedFile) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** sha256 of a folder's marker file, or undefined without one: identifies one run's output. */
export function markerDigest(dir: string): string | undefined {
  try {
    return sha256(readFileSync(join(dir, MARKER_FILE)));
  } catch {
    return undefined;
  }
}
