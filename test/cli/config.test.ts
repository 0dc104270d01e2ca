/**
 * The team config through the CLI: `--config FILE` (or groundwork.config.ts in the current folder)
 * adds a custom add-on, its chart and team manifests; a bad config is one aggregated error
 * (field, problem, fix), exit 2, nothing written. GitOps with `--out` inside a Git repository:
 * the root Application syncs where the manifests are.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { dev } from '../../stacks/environments';
import { prodGitops } from '../support/variants';
import { TS_REGISTER } from '../support/ts-child';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The CLI as a team runs it, in a child process whose working directory is `cwd`. */
function cli(cwd: string, ...argv: string[]): { code: number; err: string } {
  const result = spawnSync(process.execPath, ['-r', TS_REGISTER, join(ROOT, 'lib', 'cli', 'main.ts'), ...argv], {
    cwd,
    encoding: 'utf8',
    timeout: 110_000,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
  });
  return { code: result.status ?? -1, err: result.stderr };
}
const ROOT = join(__dirname, '..', '..');

const dirs: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'groundwork-config-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A config module as a team writes it (no imports needed: the add-on is a value). */
const CONFIG_TS = `
const podinfo = {
  id: 'podinfo',
  description: 'Team demo service',
  chart: { chart: 'podinfo', version: '6.7.1', repository: 'https://stefanprodan.github.io/podinfo', checked: 'unverified' },
  namespace: 'podinfo',
  dependsOn: (): string[] => [],
  isSelected: (): boolean => true,
  values: () => ({ replicaCount: 2 }),
};
export default {
  addons: [podinfo],
  charts: [{ chart: 'podinfo', version: '6.7.1', repository: 'https://stefanprodan.github.io/podinfo', cache: 'charts' }],
  extraCharts: [{ name: 'team-a-base', phase: 'foundation', manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team-a' }, data: { mode: 'blue' } }] }],
};
`;

function teamRepo(config = CONFIG_TS, file = 'groundwork.config.ts'): string {
  const dir = tmp();
  mkdirSync(join(dir, 'charts'));
  writeFileSync(join(dir, file), config);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ ...dev, addons: { ...dev.addons, overrides: { podinfo: { replicaCount: 3 } } } }));
  return dir;
}

describe('groundwork.config.ts', () => {
  it('--config adds the custom add-on (its overrides accepted) and the team manifests to synth', async () => {
    const dir = teamRepo();
    const out = join(dir, 'out');
    const result = await run('synth', '--spec', join(dir, 'spec.json'), '--config', join(dir, 'groundwork.config.ts'), '--out', out);
    expect(result.err).not.toMatch(/unknown add-on|Invalid/);
    expect(result.code).toBe(0);
    expect(result.out).toContain('podinfo@6.7.1');
    const files = readdirSync(join(out, 'dev', 'manifests'));
    expect(files[1]).toBe('01-team-a-base.k8s.yaml');
    expect(readFileSync(join(out, 'dev', 'manifests', files[1]), 'utf8')).toContain('mode: blue');
    const plan = JSON.parse(readFileSync(join(out, 'dev', 'cloud.json'), 'utf8')) as Array<{ type: string; inputs: { name?: string; values?: { replicaCount?: number } } }>;
    const release = plan.find((r) => r.type === 'kubernetes:helm.sh/v3:Release' && r.inputs.name === 'podinfo');
    expect(release?.inputs.values?.replicaCount).toBe(3);
  }, 120_000);

  it('is found as groundwork.config.ts in the current folder', () => {
    // The CLI runs in a child process started in the team repo: no process.chdir in the jest worker
    // (the working directory is process-wide, shared with whatever else the worker runs).
    const dir = teamRepo();
    const found = cli(dir, 'spec', '--env', 'dev');
    expect(found.code).toBe(0);
    // With another config found there, the same override is refused: the config is what made the id known.
    const other = teamRepo(CONFIG_TS.replace("id: 'podinfo'", "id: 'podinfo2'"));
    const refused = cli(other, 'synth', '--spec', 'spec.json', '--out', 'out');
    expect(refused.err).toContain('spec.addons.overrides.podinfo: unknown add-on "podinfo"; fix: use "podinfo2" (the closest)');
    expect(refused.code).toBe(2);
    expect(existsSync(join(other, 'out'))).toBe(false);
  }, 120_000);

  it('refuses a bad config with every problem (field, problem, fix), exit 2, nothing written', async () => {
    const bad = CONFIG_TS.replace("id: 'podinfo'", "id: 'cert-manager'")
      .replace("cache: 'charts'", "cache: 'missing'")
      .replace("phase: 'foundation'", "phase: 'sometime'")
      .replace('export default {', 'export default {\n  chartz: [],');
    const dir = teamRepo(bad);
    const out = join(dir, 'out');
    const result = await run('synth', '--spec', join(dir, 'spec.json'), '--config', join(dir, 'groundwork.config.ts'), '--out', out);
    expect(result.code).toBe(2);
    const lines = result.err.split('\n');
    expect(lines[0]).toMatch(/^Invalid groundwork config ".*groundwork\.config\.ts": 4 problems$/);
    expect(lines).toEqual(
      expect.arrayContaining([
        '  config.addons[0].id: "cert-manager" is the id of a catalogue add-on; a team add-on cannot replace it; fix: give the team add-on its own id (e.g. "team-cert-manager"), or change the stock add-on with spec.addons.overrides["cert-manager"]',
        expect.stringMatching(/^ {2}config\.charts\[0\]\.cache: folder "missing" does not exist \(looked for .*missing\); fix: create it and put podinfo-6\.7\.1\.tgz in it/),
        '  config.chartz: unknown key "chartz"; fix: remove it (check the spelling); known keys: addons, charts, extraCharts',
        '  config.extraCharts[0].phase: "sometime" is not a phase; fix: use one of foundation, workloads',
      ]),
    );
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('names a custom add-on whose chart is not in config.charts', async () => {
    const dir = teamRepo(CONFIG_TS.replace("charts: [{ chart: 'podinfo'", "charts: [{ chart: 'other'"));
    const result = await run('synth', '--env', 'dev', '--config', join(dir, 'groundwork.config.ts'), '--out', join(dir, 'out'));
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'config.addons[0].chart: chart podinfo 6.7.1 (https://stefanprodan.github.io/podinfo) is not listed in config.charts; fix: add { chart: "podinfo", version: "6.7.1", repository: "https://stefanprodan.github.io/podinfo", cache: "<folder with podinfo-6.7.1.tgz>" } to charts',
    );
  });

  it('a missing --config file is exit 2 with the path it looked for', async () => {
    const dir = tmp();
    const result = await run('synth', '--env', 'dev', '--config', join(dir, 'nope.ts'), '--out', join(dir, 'out'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^groundwork: config file .*nope\.ts.* does not exist/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('GitOps with --out inside a Git repository', () => {
  it('points the root Application and team Applications at <out>/<env>/manifests relative to the repository root, without a warning', async () => {
    const repo = tmp();
    mkdirSync(join(repo, '.git'));
    writeFileSync(join(repo, 'prod.json'), JSON.stringify(prodGitops));
    const out = join(repo, 'out');
    const result = await run('synth', '--spec', join(repo, 'prod.json'), '--out', out);
    expect(result.code).toBe(0);
    expect(result.err).not.toContain('addons.gitops.path');
    const manifests = join(out, 'prod', 'manifests');
    const bootstrap = readdirSync(manifests).find((f) => f.endsWith('-gitops-bootstrap.k8s.yaml'))!;
    const text = readFileSync(join(manifests, bootstrap), 'utf8');
    expect(text).toContain('path: out/prod/manifests');
    expect(text).not.toContain('dist/prod/manifests');
  }, 120_000);

  it('keeps a path the spec sets (and warns that the files land elsewhere)', async () => {
    const repo = tmp();
    mkdirSync(join(repo, '.git'));
    const spec = { ...prodGitops, addons: { ...prodGitops.addons, gitops: { ...prodGitops.addons!.gitops!, path: 'clusters/prod' } } };
    writeFileSync(join(repo, 'prod.json'), JSON.stringify(spec));
    const result = await run('synth', '--spec', join(repo, 'prod.json'), '--out', join(repo, 'out'));
    expect(result.code).toBe(0);
    expect(result.err).toContain('the root Application syncs "clusters/prod" of https://git.example.com/platform/manifests.git, but this run writes the manifests to "out/prod/manifests"');
  }, 120_000);
});
