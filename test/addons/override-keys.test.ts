/**
 * The run-time check of override keys (JSON/YAML specs, plain objects): a top-level key that
 * neither our values builder nor the add-on's chart (from the chart cache) knows is refused with
 * field, problem and fix, every one at once; team add-ons are checked against their own chart;
 * manifest add-ons take no overrides; a chart missing from the cache skips the check with a warning.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Addon } from '../../lib/addons/addon';
import { Platform } from '../../lib/blueprint/platform';
import { main } from '../../lib/cli/main';
import { SpecValidationError } from '../../lib/spec/errors';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev } from '../../stacks/environments';
import { testChartCache } from '../support/rendered';

const TODAY = '2026-06-01';
const dirs: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'groundwork-override-keys-'));
  dirs.push(dir);
  return dir;
};

const cache = testChartCache();
const saved = process.env.GROUNDWORK_CHART_CACHE;
beforeAll(() => {
  if (!cache) throw new Error('no chart cache: set GROUNDWORK_CHART_CACHE (these tests read the pinned charts)');
  process.env.GROUNDWORK_CHART_CACHE = cache;
});
afterAll(() => {
  if (saved === undefined) delete process.env.GROUNDWORK_CHART_CACHE;
  else process.env.GROUNDWORK_CHART_CACHE = saved;
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const withOverrides = (overrides: Record<string, unknown>, base: EnvironmentSpec = dev): unknown => ({ ...structuredClone(base), addons: { ...base.addons, overrides } });

/** The `<path>: <problem>; fix: <fix>` lines fromUnknown reports ([] when accepted). */
function issuesOf(input: unknown, options: Parameters<typeof Platform.fromUnknown>[1] = {}): string[] {
  try {
    Platform.fromUnknown(input, { today: TODAY, ...options });
    return [];
  } catch (error) {
    if (!(error instanceof SpecValidationError)) throw error;
    return error.issues.map((i) => `${i.path}: ${i.problem}; fix: ${i.fix}`);
  }
}

describe('override keys of stock add-ons', () => {
  it('refuses a top-level key neither our values nor the chart has, naming the closest known key', () => {
    const issues = issuesOf(withOverrides({ 'metrics-server': { replicaCont: 2 } }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^spec\.addons\.overrides\.metrics-server\.replicaCont: "replicaCont" is not a value of metrics-server: neither our values nor chart metrics-server \S+ \(values\.yaml\) has this top-level key, and Helm ignores a key no template reads; fix: use "replicas" \(the closest top-level key metrics-server knows\)$/,
    );
  });

  it('offers no closest key when none is near, only the known keys', () => {
    const [issue] = issuesOf(withOverrides({ 'cert-manager': { zzzzzzzz: true } }));
    expect(issue).toMatch(/^spec\.addons\.overrides\.cert-manager\.zzzzzzzz: .*; fix: remove it, or use one of the top-level keys cert-manager knows: .*\bglobal, hostAliases, image\b.*\breplicaCount\b/);
  });

  it('reports every unknown key of every add-on together with the other spec problems', () => {
    const input = withOverrides({ 'metrics-server': { replicaCont: 2, podAnotations: {} }, 'cert-manager': { replicaCont: 2 } }) as Record<string, any>;
    input.tenants[0].name = 'Bad_Tenant';
    const paths = issuesOf(input).map((l) => l.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'spec.addons.overrides.cert-manager.replicaCont',
        'spec.addons.overrides.metrics-server.podAnotations',
        'spec.addons.overrides.metrics-server.replicaCont',
      ]),
    );
    expect(paths.some((p) => p.startsWith('spec.tenants[0]'))).toBe(true);
  });

  it('accepts chart keys our values do not set, `global`, and deeper keys (left to the render check)', () => {
    const platform = Platform.fromUnknown(withOverrides({ 'metrics-server': { podAnnotations: { a: 'b' }, global: {}, defaultArgs: ['--x'], resources: { requestz: {} } } }), { today: TODAY });
    expect(platform.warnings.filter((w) => w.includes('overrides'))).toEqual([]);
  });

  it('refuses overrides of a manifest add-on, which has no values', () => {
    const withEdge = structuredClone(dev) as Record<string, any>;
    expect(issuesOf({ ...withEdge, addons: { ...withEdge.addons, overrides: { 'gateway-api-crds': { replicaCount: 1 } } } })).toContain(
      'spec.addons.overrides.gateway-api-crds.replicaCount: gateway-api-crds is delivered as plain manifests, not a Helm chart: it has no values to override; fix: remove spec.addons.overrides.gateway-api-crds',
    );
  });

  it('skips the check with a warning when the chart is not in the cache, rather than refusing keys it may read', () => {
    const empty = tmp();
    process.env.GROUNDWORK_CHART_CACHE = empty;
    try {
      const platform = Platform.fromUnknown(withOverrides({ 'metrics-server': { replicaCont: 2 } }), { today: TODAY });
      expect(platform.warnings.filter((w) => w.startsWith('spec.addons.overrides'))).toEqual([
        expect.stringMatching(
          new RegExp(`^spec\\.addons\\.overrides\\.metrics-server: keys not checked, chart metrics-server \\S+ is not in the chart cache ${empty}; fix: fetch it with: helm pull metrics-server --repo \\S+ --version \\S+ -d ${empty} \\(groundwork render checks every key against the chart\\)$`),
        ),
      ]);
    } finally {
      process.env.GROUNDWORK_CHART_CACHE = cache;
    }
  });
});

describe('override keys of team add-ons', () => {
  /** A team chart `team-web-1.0.0.tgz` (values.yaml keys, a subchart alias) in its own folder. */
  function teamChartFolder(): string {
    const dir = tmp();
    const source = join(dir, 'src', 'team-web');
    mkdirSync(source, { recursive: true });
    writeFileSync(join(source, 'Chart.yaml'), 'apiVersion: v2\nname: team-web\nversion: 1.0.0\ndependencies:\n  - name: redis\n    alias: cache\n    version: 1.0.0\n');
    writeFileSync(join(source, 'values.yaml'), 'replicaCount: 1\nui:\n  message: hi\n');
    mkdirSync(join(dir, 'charts'));
    const packed = spawnSync('tar', ['-czf', join(dir, 'charts', 'team-web-1.0.0.tgz'), '-C', join(dir, 'src'), 'team-web'], { encoding: 'utf8' });
    if (packed.status !== 0) throw new Error(`tar failed: ${packed.stderr}`);
    return join(dir, 'charts');
  }
  const teamWeb: Addon = {
    id: 'team-web',
    description: 'The team web service',
    chart: { chart: 'team-web', version: '1.0.0', repository: 'https://charts.example.com/team', checked: 'unverified' },
    namespace: 'team-web',
    dependsOn: () => [],
    isSelected: () => true,
    values: () => ({ image: { tag: '1' } }),
  } as unknown as Addon;

  it('checks them against their own chart, found in the config chart folders', () => {
    const chartFolders = [teamChartFolder()];
    const ok = { 'team-web': { replicaCount: 2, ui: { message: 'x' }, cache: {}, image: { tag: '2' }, global: {} } };
    expect(issuesOf(withOverrides(ok), { addons: [teamWeb], chartFolders })).toEqual([]);
    const refused = issuesOf(withOverrides({ 'team-web': { replicaCont: 2 } }), { addons: [teamWeb], chartFolders });
    expect(refused).toEqual([expect.stringMatching(/^spec\.addons\.overrides\.team-web\.replicaCont: .* chart team-web 1\.0\.0 .*; fix: use "replicaCount" \(the closest top-level key team-web knows\)$/)]);
    // Known: our values (image), the chart's values.yaml (replicaCount, ui), its subchart alias (cache), global.
    expect(issuesOf(withOverrides({ 'team-web': { zzzzzzzz: 1 } }), { addons: [teamWeb], chartFolders })[0]).toMatch(/; fix: remove it, or use one of the top-level keys team-web knows: cache, global, image, replicaCount, ui$/);
  });
});

describe('groundwork synth with a JSON spec', () => {
  it('refuses replicaCont with field, problem and fix, exits 2 and writes nothing', async () => {
    const dir = tmp();
    const file = join(dir, 'env.json');
    writeFileSync(file, JSON.stringify(withOverrides({ 'metrics-server': { replicaCont: 2 } })));
    const out = join(dir, 'out');
    mkdirSync(out);
    const err: string[] = [];
    const code = await main(['synth', '--spec', file, '--out', out], { out: () => undefined, err: (l) => err.push(...l.split('\n')) });
    expect(code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
    expect(err).toEqual(expect.arrayContaining([expect.stringMatching(/^ {2}spec\.addons\.overrides\.metrics-server\.replicaCont: "replicaCont" is not a value of metrics-server: .*; fix: use "replicas" \(the closest top-level key metrics-server knows\)$/), 'nothing was written.']));
  });
});
