/**
 * Disk cache of renders, shared by repeated CLI runs and parallel test workers. The key is the
 * sha256 of every input that can change helm's output — chart archive content, release,
 * namespace, Kubernetes version, API versions, values, CRD flag, helm version — plus the format
 * of this module's own post-processing, and the entry stores those inputs again and is only
 * returned when they match: a different input can never read a stale render.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortKeys } from '../blueprint/canonical';
import type { KubeObject } from '../blueprint/manifests';
import type { GeneratedField } from './generated-fields';
import { fileMemo } from './file-memo';

/** Bump when parsing, sorting or post-processing of renders changes. */
export const RENDER_FORMAT = 2;

/** Everything a render depends on. */
export interface RenderKey {
  /** sha256 of the chart archive. */
  archiveSha256: string;
  release: string;
  namespace: string;
  kubeVersion: string;
  /** Sorted `--api-versions`. */
  apiVersions: string[];
  values: Record<string, unknown>;
  includeCrds: boolean;
  /** `helm version --short`. */
  helmVersion: string;
}

/** A cached render. */
export interface CachedRender {
  objects: KubeObject[];
  generated: GeneratedField[];
}

interface Entry extends CachedRender {
  format: number;
  key: RenderKey;
}

/** Canonical text of a key: sorted keys, so equal inputs give equal text. */
function keyText(key: RenderKey): string {
  return JSON.stringify({ format: RENDER_FORMAT, ...sortKeys(key) });
}

/** File name of a key's entry. */
export function renderCacheFile(dir: string, key: RenderKey): string {
  return join(dir, `${createHash('sha256').update(keyText(key)).digest('hex')}.json`);
}

/** The cached render of `key`, or undefined (missing, unreadable, or stored for other inputs). */
export function readRenderCache(dir: string, key: RenderKey): CachedRender | undefined {
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(renderCacheFile(dir, key), 'utf8')) as Entry;
  } catch {
    return undefined;
  }
  if (entry.format !== RENDER_FORMAT || keyText(entry.key) !== keyText(key)) return undefined;
  return { objects: entry.objects, generated: entry.generated };
}

/** Store a render (write to a temporary file, then rename: readers never see half an entry). */
export function writeRenderCache(dir: string, key: RenderKey, render: CachedRender): void {
  mkdirSync(dir, { recursive: true });
  const file = renderCacheFile(dir, key);
  const staging = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const entry: Entry = { format: RENDER_FORMAT, key, ...render };
  try {
    writeFileSync(staging, JSON.stringify(entry));
    renameSync(staging, file);
  } finally {
    rmSync(staging, { force: true });
  }
}

/** sha256 of a chart archive (memoised while its size and mtime are unchanged). */
export const archiveSha256: (path: string) => string = fileMemo((path) => createHash('sha256').update(readFileSync(path)).digest('hex'));
