/**
 * The chart cache: where it is, what a miss says (chart, version, folder, the exact `helm pull`),
 * and pulling only when asked.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChartCacheMissError, chartCacheDir, helmPullCommand, locateCharts } from '../../lib/render/chart-cache';
import { testChartCache } from '../support/rendered';

const certManager = { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v9.9.9' };
const karpenter = { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter', version: '9.9.9' };
const noHelm = (): string => {
  throw new Error('helm must not run when pulling is off');
};
const made: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-charts-'));
  made.push(dir);
  return dir;
};
// Only the folders this file made.
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const saved = { cache: process.env.GROUNDWORK_CHART_CACHE, pull: process.env.GROUNDWORK_CHART_PULL, xdg: process.env.XDG_CACHE_HOME };
afterEach(() => {
  for (const [k, v] of [['GROUNDWORK_CHART_CACHE', saved.cache], ['GROUNDWORK_CHART_PULL', saved.pull], ['XDG_CACHE_HOME', saved.xdg]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('chart cache location', () => {
  it('takes the option first, then GROUNDWORK_CHART_CACHE, then ~/.cache/groundwork/charts', () => {
    delete process.env.XDG_CACHE_HOME;
    process.env.GROUNDWORK_CHART_CACHE = '/from/env';
    expect(chartCacheDir({ chartCache: '/from/flag' })).toBe('/from/flag');
    expect(chartCacheDir()).toBe('/from/env');
    delete process.env.GROUNDWORK_CHART_CACHE;
    expect(chartCacheDir()).toBe(join(homedir(), '.cache', 'groundwork', 'charts'));
  });

  it('finds the repository chart cache from the tests', () => {
    const dir = testChartCache();
    expect(dir).toBeDefined();
    expect(readdirSync(dir!).some((f) => f.endsWith('.tgz'))).toBe(true);
  });
});

describe('a chart missing from the cache', () => {
  it('is an error naming chart, version, the folder and the exact helm pull command', () => {
    delete process.env.GROUNDWORK_CHART_PULL;
    const dir = tmp();
    let error: unknown;
    try {
      locateCharts([certManager], { chartCache: dir }, noHelm);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChartCacheMissError);
    const message = (error as Error).message;
    expect(message).toContain(`missing from the chart cache ${dir}`);
    expect(message).toContain('cert-manager v9.9.9');
    expect(message).toContain(`helm pull cert-manager --repo https://charts.jetstack.io --version v9.9.9 -d ${dir}`);
    expect(message).toContain('GROUNDWORK_CHART_PULL=1');
  });

  it('pulls OCI charts by reference, and reports every miss in one error', () => {
    delete process.env.GROUNDWORK_CHART_PULL;
    const dir = tmp();
    expect(helmPullCommand(karpenter, dir)).toBe(`helm pull oci://public.ecr.aws/karpenter/karpenter --version 9.9.9 -d ${dir}`);
    expect(() => locateCharts([karpenter, certManager, karpenter], { chartCache: dir }, noHelm)).toThrow(
      expect.objectContaining({ missing: [certManager, karpenter] }),
    );
  });

  it('is fetched with helm pull into the cache when pulling is allowed', () => {
    const dir = tmp();
    // A stand-in helm: `pull <chart> --repo <url> --version <v> -d <dir>` writes <chart>-<v>.tgz.
    const fake = join(tmp(), 'helm');
    writeFileSync(fake, '#!/bin/sh\nchart="$2"; while [ $# -gt 0 ]; do case "$1" in --version) v="$2";; -d) d="$2";; esac; shift; done\necho archive > "$d/$chart-$v.tgz"\n');
    chmodSync(fake, 0o755);
    const found = locateCharts([certManager], { chartCache: dir, pull: true }, () => fake);
    expect(found.get('cert-manager-v9.9.9.tgz')).toBe(join(dir, 'cert-manager-v9.9.9.tgz'));
    expect(readdirSync(dir)).toEqual(['cert-manager-v9.9.9.tgz']); // the staging folder is gone
  });

  it('returns the archive of a chart that is there', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'karpenter-9.9.9.tgz'), 'x');
    expect(locateCharts([karpenter], { chartCache: dir }, noHelm).get('karpenter-9.9.9.tgz')).toBe(join(dir, 'karpenter-9.9.9.tgz'));
    expect(existsSync(join(dir, 'karpenter-9.9.9.tgz'))).toBe(true);
  });
});
