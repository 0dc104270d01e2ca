/**
 * `groundwork.config.ts` (or .js / .json): what a team repo adds to the platform without a fork —
 * its own add-ons (catalogue entries with their own ids), the charts they deploy (coordinates and
 * the folder holding each packaged `.tgz`, searched by `groundwork render` after the chart cache),
 * and its own cdk8s charts or manifests at a phase. The CLI passes it to `Platform.fromSpec`.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isChartAddon, type CatalogueAddon } from '../addons/addon';
import { CATALOGUE, extendCatalogue } from '../addons/catalogue';
import { chartArchiveName } from '../render/chart-cache';
import type { PlatformOptions } from '../blueprint/platform';
import { teamChartIssues, type TeamChart } from '../extensions/team-charts';
import { invalidMessage, sortIssues, type SpecIssue } from '../spec/errors';
import { printable } from '../spec/printable';

/** A chart a team add-on deploys, and where its packaged archive is. */
export interface ConfigChart {
  /** Chart name in its repository, e.g. `podinfo`. */
  readonly chart: string;
  /** Exact chart version, e.g. `6.7.1`. */
  readonly version: string;
  /** Chart repository URL (HTTPS index or `oci://` registry). */
  readonly repository: string;
  /** Folder holding `<chart>-<version>.tgz`, relative to the config file. */
  readonly cache: string;
}

/** What a team's `groundwork.config.ts` exports. */
export interface GroundworkConfig {
  /** The team's own add-ons, each with its own id (never a stock id). @default [] */
  readonly addons?: readonly CatalogueAddon[];
  /** The charts of those add-ons, each with the folder its `.tgz` is in. @default [] */
  readonly charts?: readonly ConfigChart[];
  /** The team's own cdk8s charts or manifests, applied at their phase. @default [] */
  readonly extraCharts?: readonly TeamChart[];
}

/** Type-checks a config in `groundwork.config.ts`: `export default defineConfig({ … })`. */
export function defineConfig(config: GroundworkConfig): GroundworkConfig {
  return config;
}

/** A config that failed validation; the message lists every problem (field, problem, fix). */
export class ConfigValidationError extends Error {
  constructor(
    /** The config file, as given. */
    readonly file: string,
    /** Every problem, sorted. */
    readonly issues: readonly SpecIssue[],
  ) {
    const sorted = sortIssues(issues);
    super(invalidMessage(`groundwork config "${printable(file)}"`, sorted));
    this.name = 'ConfigValidationError';
  }
}

const KNOWN_KEYS = ['addons', 'charts', 'extraCharts'];
const sameChart = (a: { chart: string; version: string; repository: string }, b: ConfigChart): boolean =>
  a.chart === b.chart && a.version === b.version && a.repository === b.repository;

/** Every problem of `config` (loaded from `file`, whose folder `cache` paths are relative to). */
export function configIssues(config: unknown, dir: string): SpecIssue[] {
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    return [{ path: 'config', problem: 'is not an object', fix: 'export default defineConfig({ addons: [...], charts: [...], extraCharts: [...] })' }];
  }
  const raw = config as Record<string, unknown>;
  const issues: SpecIssue[] = Object.keys(raw)
    .filter((k) => !KNOWN_KEYS.includes(k))
    .map((k) => ({ path: `config.${k}`, problem: `unknown key "${k}"`, fix: `remove it (check the spelling); known keys: ${KNOWN_KEYS.join(', ')}` }));
  const list = (key: string): unknown[] => {
    const value = raw[key];
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    issues.push({ path: `config.${key}`, problem: 'is not a list', fix: `write ${key}: [ … ]` });
    return [];
  };
  const addons = list('addons') as CatalogueAddon[];
  const charts = list('charts') as ConfigChart[];
  const extraCharts = list('extraCharts') as TeamChart[];
  issues.push(...extendCatalogue(CATALOGUE, addons, 'config.addons').issues, ...teamChartIssues(extraCharts, new Set(), 'config.extraCharts'));
  charts.forEach((chart, i) => {
    const at = `config.charts[${i}]`;
    const record = (chart ?? {}) as unknown as Record<string, unknown>;
    const missing = ['chart', 'version', 'repository', 'cache'].filter((k) => typeof record[k] !== 'string' || record[k] === '');
    for (const key of missing) issues.push({ path: `${at}.${key}`, problem: 'is required', fix: `set ${key} (e.g. ${{ chart: '"podinfo"', version: '"6.7.1"', repository: '"https://stefanprodan.github.io/podinfo"', cache: '"charts"' }[key]})` });
    if (missing.length > 0) return;
    const folder = resolve(dir, chart.cache);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      issues.push({ path: `${at}.cache`, problem: `folder "${chart.cache}" does not exist (looked for ${folder})`, fix: `create it and put ${chartArchiveName(chart)} in it (\`helm pull ${chart.chart} --repo ${chart.repository} --version ${chart.version} -d ${chart.cache}\`)` });
    }
  });
  addons.forEach((addon, i) => {
    if (!addon || typeof addon !== 'object' || !isChartAddon(addon)) return;
    if (!charts.some((c) => c && sameChart(addon.chart, c))) {
      issues.push({
        path: `config.addons[${i}].chart`,
        problem: `chart ${addon.chart.chart} ${addon.chart.version} (${addon.chart.repository}) is not listed in config.charts`,
        fix: `add { chart: "${addon.chart.chart}", version: "${addon.chart.version}", repository: "${addon.chart.repository}", cache: "<folder with ${chartArchiveName(addon.chart)}>" } to charts`,
      });
    }
  });
  return issues;
}

/** A loaded, validated config, as Platform options and the render step's extra chart folders. */
export interface ResolvedConfig {
  /** The config file (absolute), or undefined when there is none. */
  readonly file: string | undefined;
  /** Options every environment of the run is built with. */
  readonly platform: Pick<PlatformOptions, 'addons' | 'extraCharts' | 'chartFolders'>;
  /** Folders (absolute) searched for charts after the chart cache. */
  readonly chartFolders: readonly string[];
}

/** Validate `config` (from `file`); throws one ConfigValidationError listing every problem. */
export function resolveConfig(config: unknown, file: string, dir: string): ResolvedConfig {
  const issues = configIssues(config, dir);
  if (issues.length > 0) throw new ConfigValidationError(file, issues);
  const valid = config as GroundworkConfig;
  // Synth checks override keys against these charts, render renders them.
  const chartFolders = [...new Set((valid.charts ?? []).map((c) => resolve(dir, c.cache)))];
  return {
    file: resolve(file),
    platform: { addons: valid.addons ?? [], extraCharts: valid.extraCharts ?? [], chartFolders },
    chartFolders,
  };
}

/** No config: the stock catalogue and nothing else. */
export const NO_CONFIG: ResolvedConfig = { file: undefined, platform: {}, chartFolders: [] };
