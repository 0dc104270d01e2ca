/**
 * The top-level value keys a packaged chart reads, from its `.tgz` in the chart cache: values.yaml
 * keys, its subcharts' keys (dependency alias, else name), values.schema.json properties and
 * `global` (Helm passes it to every chart). The override-key check needs only these, so the
 * archive is not built into a whole ChartArchive (every subchart parsed): values.yaml is parsed
 * through the disk cache keyed by its text (kube-prometheus-stack: ~560 ms → ~1 ms) and the
 * result memoised per file stamp.
 *
 * Only leaf modules of lib/render are used (the cache's folder and file naming, the tar reader,
 * the file memo): none of them imports the blueprint, and the lookup must match the one
 * `groundwork render` uses exactly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chartArchiveName, chartCacheDir, type ChartRef } from '../render/chart-cache';
import { fileMemo } from '../render/file-memo';
import { readTgz } from '../render/tar-archive';
import { parseYamlDocumentsCached } from '../spec/parsed-yaml-cache';

/** Where charts are looked up. */
export interface ChartKeysLookup {
  /** Cache folder. @default env GROUNDWORK_CHART_CACHE, else ~/.cache/groundwork/charts */
  chartCache?: string;
  /** Folders searched after it (a team config's chart folders). @default [] */
  chartFolders?: readonly string[];
}

/** A chart's known top-level keys, or where it was looked for when it is not cached. */
export type ChartTopKeys = { found: true; keys: ReadonlySet<string> } | { found: false; dir: string };

const asMap = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** First document of a YAML file of the archive as a map (`{}` when absent or empty). */
function yamlFile(files: ReadonlyMap<string, Buffer>, path: string, archive: string): Record<string, unknown> {
  const data = files.get(path);
  return data ? asMap(parseYamlDocumentsCached<unknown>(data.toString('utf8'), `${archive}:${path}`)[0]) : {};
}

/** Top-level keys of the chart packaged at `archive`. */
const keysOfArchive = fileMemo((archive: string): ReadonlySet<string> => {
  const files = readTgz(readFileSync(archive));
  const top = [...new Set([...files.keys()].map((p) => p.split('/')[0]))].find((t) => files.has(`${t}/Chart.yaml`));
  if (!top) throw new Error(`${archive} has no <chart>/Chart.yaml`);
  const chartYaml = yamlFile(files, `${top}/Chart.yaml`, archive);
  // apiVersion v1 charts declare dependencies in requirements.yaml.
  const deps = (chartYaml.dependencies ?? yamlFile(files, `${top}/requirements.yaml`, archive).dependencies ?? []) as Array<{ name?: unknown; alias?: unknown }>;
  const schema = files.get(`${top}/values.schema.json`);
  return new Set([
    'global',
    ...Object.keys(yamlFile(files, `${top}/values.yaml`, archive)),
    ...deps.map((d) => d.alias ?? d.name).filter((k): k is string => typeof k === 'string'),
    ...(schema ? Object.keys(asMap(asMap(JSON.parse(schema.toString('utf8'))).properties)) : []),
  ]);
});

/** The known top-level keys of chart `ref`, looked up as `groundwork render` does (cache, then `chartFolders`). */
export function chartTopKeys(ref: ChartRef, lookup: ChartKeysLookup = {}): ChartTopKeys {
  const dir = chartCacheDir({ chartCache: lookup.chartCache });
  const name = chartArchiveName(ref);
  const archive = [dir, ...(lookup.chartFolders ?? []).map((d) => resolve(d))].map((d) => join(d, name)).find((p) => existsSync(p));
  return archive ? { found: true, keys: keysOfArchive(archive) } : { found: false, dir };
}
