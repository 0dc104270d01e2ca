/**
 * The values-key check: every key path we set must be one the pinned chart reads — declared in
 * its values.yaml or values.schema.json (see declared-values.ts), or listed with evidence in
 * undeclared-values.ts. Helm silently ignores a key no template reads, so a typo
 * (`controller.replicaCont`) or a key a chart renamed would otherwise deploy the default.
 * Arrays are values, not structure: the check never descends into them.
 */
import { loadChartArchive, type ChartArchive } from './chart-archive';
import { lookupChart } from './declared-values';
import { UNDECLARED_VALUES, type UndeclaredValue } from './undeclared-values';
import { compareText } from '../spec/order';

/** A release to check: what the render result carries. */
export interface ValuesKeyInput {
  /** Release name (for messages). */
  release: string;
  /** Chart archive path. */
  archive: string;
  /** The values set. */
  values: Record<string, unknown>;
}

/** One key the chart does not read. */
export interface ValuesKeyProblem {
  release: string;
  /** Dotted key path. */
  path: string;
  problem: string;
}

/** Leaf key paths of `values`: scalars, arrays, empty maps and nulls end a path. */
export function valuePaths(values: unknown, prefix: readonly string[] = []): string[][] {
  if (!values || typeof values !== 'object' || Array.isArray(values) || Object.keys(values).length === 0) return prefix.length ? [[...prefix]] : [];
  return Object.entries(values as Record<string, unknown>).flatMap(([k, v]) => valuePaths(v, [...prefix, k]));
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function suggestion(key: string, siblings: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(key.length / 4));
  return siblings
    .map((s) => ({ s, d: editDistance(key, s) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || compareText(a.s, b.s))[0]?.s;
}

/** Allow-list entries of `chart` that cover `path`, or a problem when an entry lacks its evidence. */
function allowed(chart: ChartArchive, path: string, entries: readonly UndeclaredValue[]): { ok: boolean; problem?: string } {
  const entry = entries.find((e) => path === e.path || path.startsWith(`${e.path}.`));
  if (!entry) return { ok: false };
  const key = entry.path.split('.').pop()!;
  const template = chart.files.get(entry.template);
  if (!template) return { ok: false, problem: `allow-listed as read by ${entry.template}, which ${chart.name} ${chart.version} does not have` };
  if (!template.includes(key)) return { ok: false, problem: `allow-listed as read by ${entry.template}, which no longer mentions "${key}" in ${chart.name} ${chart.version}` };
  return { ok: true };
}

/** Every key path set in `releases` that its chart does not read. */
export function checkValuesKeys(
  releases: readonly ValuesKeyInput[],
  allowList: Readonly<Record<string, readonly UndeclaredValue[]>> = UNDECLARED_VALUES,
): ValuesKeyProblem[] {
  const problems: ValuesKeyProblem[] = [];
  for (const { release, archive, values } of releases) {
    const chart = loadChartArchive(archive);
    const sources = chart.schema ? 'values.yaml or values.schema.json' : 'values.yaml';
    for (const segments of valuePaths(values)) {
      const path = segments.join('.');
      const found = lookupChart(chart, segments);
      if (found.declared) continue;
      const exception = allowed(chart, path, allowList[chart.name] ?? []);
      if (exception.ok) continue;
      let problem: string;
      const at = segments.slice(0, found.depth).join('.');
      if (exception.problem) problem = exception.problem;
      else if (found.found) problem = `${chart.name} ${chart.version} declares ${at} as a ${found.found}, not a map; "${segments.slice(found.depth).join('.')}" under it is never read`;
      else {
        const near = suggestion(segments[found.depth], found.siblings);
        problem =
          `not declared by ${chart.name} ${chart.version} (${sources})` +
          (near ? `; did you mean ${[...segments.slice(0, found.depth), near].join('.')}?` : '') +
          '; fix: use a key the chart reads, or add it with the template that reads it to lib/render/undeclared-values.ts';
      }
      problems.push({ release, path, problem });
    }
  }
  return problems;
}
