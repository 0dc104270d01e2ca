/**
 * The chart cache: packaged charts as `<chart>-<version>.tgz` (the name `helm package` and
 * `helm pull` give them). Synthesis never fetches charts (they deploy by reference); rendering
 * reads them from this folder, and a miss is an error that says exactly how to fill it — never
 * a silent skip, or a check would pass on a release nobody rendered.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RenderSetupError } from './errors';
import { groundworkCacheRoot } from '../spec/cache-root';
import { compareText } from '../spec/order';

/** Where a chart comes from: the `{repository, chart, version}` of the version table. */
export interface ChartRef {
  /** Chart repository URL (HTTPS index, or `oci://` registry). */
  repository: string;
  /** Chart name in that repository. */
  chart: string;
  /** Exact chart version. */
  version: string;
}

/** How the cache is found and filled. */
export interface ChartCacheOptions {
  /** Cache folder (the CLI passes `--chart-cache DIR` here). @default env GROUNDWORK_CHART_CACHE, else ~/.cache/groundwork/charts */
  chartCache?: string;
  /** Folders searched after the cache folder (a team config's chart folders); misses are still pulled into the cache. @default [] */
  extraCaches?: readonly string[];
  /** Run `helm pull` into the cache on a miss. @default env GROUNDWORK_CHART_PULL === '1' */
  pull?: boolean;
}

export { groundworkCacheRoot } from '../spec/cache-root';

/** The cache folder, by precedence: option, env GROUNDWORK_CHART_CACHE, default. */
export function chartCacheDir(options: ChartCacheOptions = {}): string {
  return resolve(options.chartCache ?? (process.env.GROUNDWORK_CHART_CACHE || join(groundworkCacheRoot(), 'charts')));
}

/** File name of a packaged chart. */
export function chartArchiveName(ref: ChartRef): string {
  return `${ref.chart}-${ref.version}.tgz`;
}

/** The `helm pull` arguments that put `ref` into `dir`. */
export function helmPullArgs(ref: ChartRef, dir: string): string[] {
  const source = ref.repository.startsWith('oci://')
    ? [`${ref.repository.replace(/\/+$/, '')}/${ref.chart}`]
    : [ref.chart, '--repo', ref.repository];
  return ['pull', ...source, '--version', ref.version, '-d', dir];
}

const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The `helm pull` command line (copy-paste ready) that puts `ref` into `dir`. */
export function helmPullCommand(ref: ChartRef, dir: string): string {
  return ['helm', ...helmPullArgs(ref, dir)].map(shellWord).join(' ');
}

/** Charts missing from the cache, with the command that fetches each. */
export class ChartCacheMissError extends RenderSetupError {
  constructor(
    /** The charts not found. */
    readonly missing: readonly ChartRef[],
    /** The cache folder searched. */
    readonly dir: string,
  ) {
    super(
      [
        `${missing.length === 1 ? 'a chart is' : `${missing.length} charts are`} missing from the chart cache ${dir}:`,
        ...missing.map((ref) => `  - ${ref.chart} ${ref.version} (${ref.repository}): no ${chartArchiveName(ref)}; fetch it with: ${helmPullCommand(ref, dir)}`),
        'fix: run the command(s) above, or set GROUNDWORK_CHART_PULL=1 to let groundwork run them; ' +
          'choose the cache folder with GROUNDWORK_CHART_CACHE or --chart-cache DIR',
      ].join('\n'),
    );
    this.name = 'ChartCacheMissError';
  }
}

/** Run `helm pull` for `ref` into `dir` through a staging folder, so a half-written archive never lands. */
function pullChart(helm: string, ref: ChartRef, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, '.pull-'));
  try {
    const result = spawnSync(helm, helmPullArgs(ref, staging), { encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      throw new RenderSetupError(
        `\`${helmPullCommand(ref, dir)}\` failed: ${(result.stderr || result.error?.message || '').trim()}; ` +
          'fix: check the repository is reachable (or fill the cache on a machine that can reach it)',
      );
    }
    const name = chartArchiveName(ref);
    if (!existsSync(join(staging, name))) {
      throw new RenderSetupError(`helm pull of ${ref.chart} ${ref.version} wrote ${readdirSync(staging).join(', ') || 'nothing'}, not ${name}`);
    }
    renameSync(join(staging, name), join(dir, name));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The archive path of every chart in `refs`, by `chartArchiveName`. Misses are pulled when
 * pulling is allowed (`helm()` gives the binary), else reported together in one error.
 */
export function locateCharts(refs: readonly ChartRef[], options: ChartCacheOptions, helm: () => string): Map<string, string> {
  const dir = chartCacheDir(options);
  const pull = options.pull ?? process.env.GROUNDWORK_CHART_PULL === '1';
  const unique = new Map(refs.map((ref) => [chartArchiveName(ref), ref] as const));
  const found = new Map<string, string>();
  const missing: ChartRef[] = [];
  for (const [name, ref] of [...unique].sort(([a], [b]) => compareText(a, b))) {
    const path = [dir, ...(options.extraCaches ?? []).map((d) => resolve(d))].map((d) => join(d, name)).find((p) => existsSync(p)) ?? join(dir, name);
    if (!existsSync(path) && pull) pullChart(helm(), ref, dir);
    if (existsSync(path)) found.set(name, path);
    else missing.push(ref);
  }
  if (missing.length > 0) throw new ChartCacheMissError(missing, dir);
  return found;
}
