/**
 * A packaged chart read in Node: Chart.yaml, values.yaml, values.schema.json and its vendored
 * subcharts (unpacked folders under `charts/`, or nested `.tgz` as `helm dependency build`
 * leaves them), so the values-key check knows what the pinned version declares.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { gunzipSync } from 'node:zlib';
import { readTar, readTgz } from './tar-archive';
import { fileMemo } from './file-memo';

/** One chart (or subchart) of an archive. */
export interface ChartArchive {
  /** `name` of Chart.yaml. */
  name: string;
  /** `version` of Chart.yaml. */
  version: string;
  /** Files of the chart, by path relative to the chart folder (`templates/deployment.yaml`). */
  files: ReadonlyMap<string, Buffer>;
  /** Parsed values.yaml (`{}` when absent). */
  values: Record<string, unknown>;
  /** Parsed values.schema.json, when the chart ships one. */
  schema: Record<string, unknown> | undefined;
  /** Vendored subcharts by the key their values live under (the dependency's alias, else its name). */
  subcharts: ReadonlyMap<string, ChartArchive>;
}

interface Dependency {
  name?: string;
  alias?: string;
}

function yamlMap(text: string | undefined, what: string): Record<string, unknown> {
  if (text === undefined) return {};
  const value = parse(text) as unknown;
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a map`);
  return value as Record<string, unknown>;
}

/** Build the chart rooted at `root` (`<name>/`) out of the archive's files. */
function chartAt(files: ReadonlyMap<string, Buffer>, root: string, where: string): ChartArchive {
  const own = new Map<string, Buffer>();
  for (const [path, data] of files) if (path.startsWith(root)) own.set(path.slice(root.length), data);
  const text = (p: string): string | undefined => own.get(p)?.toString('utf8');
  const chartYaml = yamlMap(text('Chart.yaml'), `${where}Chart.yaml`);
  if (typeof chartYaml.name !== 'string') throw new Error(`${where}: no Chart.yaml with a name`);
  const schemaText = text('values.schema.json');
  // apiVersion v1 charts declare dependencies in requirements.yaml.
  const deps = ((chartYaml.dependencies ?? yamlMap(text('requirements.yaml'), `${where}requirements.yaml`).dependencies ?? []) as Dependency[]);
  const keyOf = (name: string): string => deps.find((d) => d.name === name)?.alias ?? name;

  const subcharts = new Map<string, ChartArchive>();
  const folders = new Set<string>();
  for (const path of own.keys()) {
    const match = /^charts\/([^/]+)\/Chart\.yaml$/.exec(path);
    if (match) folders.add(match[1]);
  }
  for (const folder of [...folders].sort()) {
    const sub = chartAt(own, `charts/${folder}/`, `${where}charts/${folder}/`);
    subcharts.set(keyOf(sub.name), sub);
  }
  for (const path of [...own.keys()].sort()) {
    if (!/^charts\/[^/]+\.tgz$/.test(path)) continue;
    const sub = chartFromFiles(readTar(gunzipSync(own.get(path)!)), `${where}${path}:`);
    subcharts.set(keyOf(sub.name), sub);
  }
  return {
    name: chartYaml.name,
    version: String(chartYaml.version ?? ''),
    files: own,
    values: yamlMap(text('values.yaml'), `${where}values.yaml`),
    schema: schemaText === undefined ? undefined : (JSON.parse(schemaText) as Record<string, unknown>),
    subcharts,
  };
}

/** The top-level chart of an archive's files (its single top folder). */
function chartFromFiles(files: ReadonlyMap<string, Buffer>, where: string): ChartArchive {
  const tops = new Set([...files.keys()].map((p) => p.split('/')[0]));
  const top = [...tops].find((t) => files.has(`${t}/Chart.yaml`));
  if (!top) throw new Error(`${where} has no <chart>/Chart.yaml`);
  return chartAt(files, `${top}/`, where);
}

/** Read the chart packaged at `tgzPath` (memoised per file content stamp). */
export const loadChartArchive: (tgzPath: string) => ChartArchive = fileMemo((tgzPath) => chartFromFiles(readTgz(readFileSync(tgzPath)), tgzPath));

/** Whether any file of the chart (or its subcharts) can produce a CustomResourceDefinition. */
export function mayRenderCrds(chart: ChartArchive): boolean {
  for (const data of chart.files.values()) if (data.includes('CustomResourceDefinition')) return true;
  // Nested .tgz subcharts are compressed in `files`: look inside them too.
  return [...chart.subcharts.values()].some(mayRenderCrds);
}
