/**
 * `groundwork render` end to end: one file per release under <out>/<env>/rendered/, exactly
 * what renderPlan renders (byte-identical across runs: see render-plan.test.ts), synth's files
 * left alone, and a chart missing from the cache as exit 2 with the fix and nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseArgs, UsageError } from '../../lib/cli/args';
import { main } from '../../lib/cli/main';
import { MARKER_FILE, writeEnvironments } from '../../lib/output';
import { dev, prod } from '../../stacks/environments';
import { renderedEnvironment, testChartCache } from '../support/rendered';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const tmp = (): string => mkdtempSync(join(tmpdir(), 'groundwork-render-'));
const readAll = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('groundwork render', () => {
  it('writes every release of dev to <out>/dev/rendered/<release>.yaml, exactly as rendered, replacing the folder', async () => {
    const out = tmp();
    // A previous synth and render (written by Groundwork, so marked as its own).
    writeEnvironments(out, [{ env: 'dev', files: new Map([['manifests/00-foundation.k8s.yaml', 'kept\n']]) }]);
    writeEnvironments(out, [{ env: 'dev', files: new Map([['removed-release.yaml', 'stale\n']]) }], { subfolder: 'rendered' });
    const result = await run('render', '--env', 'dev', '--out', out, '--chart-cache', testChartCache()!);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);

    const { releases } = await renderedEnvironment(dev);
    const { [MARKER_FILE]: marker, ...files } = readAll(join(out, 'dev', 'rendered'));
    // The new marker lists exactly the new files: the stale release is gone from it too.
    expect(marker).not.toContain('removed-release.yaml');
    const { 'readiness.json': readinessJson, 'readiness.md': readinessMd, ...releaseFiles } = files;
    expect(Object.keys(releaseFiles)).toEqual(releases.map((r) => `${r.release}.yaml`).sort());
    expect(JSON.parse(readinessJson)).toMatchObject({ environment: 'dev', failures: 0 });
    expect(readinessMd).toMatch(/^# Readiness: dev\n\nPASS: 0 failing findings/);
    expect(result.out).toMatch(/^ {2}readiness: PASS, \d+ accepted findings?, \d+ flows allowed$/m);
    for (const r of releases) expect(files[`${r.release}.yaml`]).toBe(r.yaml);
    expect(result.out).toMatch(new RegExp(`^dev \\(pulumi delivery\\): ${releases.length} releases, \\d+ objects \\(helm v\\d`));
    for (const r of releases) {
      expect(result.out).toContain(`  ${r.release}: ${r.chart} ${r.version}, ${r.objects.length} objects`);
      expect(parseAllDocuments(files[`${r.release}.yaml`]).length).toBe(r.objects.length);
    }
    expect(result.out).toContain(`wrote ${out}/dev/rendered/`);
    // synth's files stay; the rendered folder is replaced whole; no staging folder is left.
    expect(readFileSync(join(out, 'dev', 'manifests', '00-foundation.k8s.yaml'), 'utf8')).toBe('kept\n');
    expect(readdirSync(join(out, 'dev')).sort()).toEqual([MARKER_FILE, 'manifests', 'rendered']);
  });

  it('exits 2 on a chart cache miss with the helm pull command, no stack trace, nothing written', async () => {
    const saved = process.env.GROUNDWORK_CHART_PULL;
    delete process.env.GROUNDWORK_CHART_PULL;
    try {
      const out = tmp();
      const empty = tmp();
      const result = await run('render', '--env', 'dev', '--out', out, '--chart-cache', empty);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`missing from the chart cache ${empty}`);
      expect(result.err).toMatch(/helm pull \S+ (--repo \S+ )?--version \S+ -d /);
      expect(result.err).not.toMatch(/\n\s+at /);
      expect(existsSync(join(out, 'dev'))).toBe(false);
    } finally {
      if (saved !== undefined) process.env.GROUNDWORK_CHART_PULL = saved;
    }
  });

  it('refuses to write a platform whose rendered output fails a readiness check, naming check, object and fix', async () => {
    // The spec's guard rails do not judge replica counts; the rendered Deployment does.
    const spec = { ...prod, addons: { ...prod.addons, overrides: { 'metrics-server': { replicas: 1 } } } };
    const dir = tmp();
    const specFile = join(dir, 'prod.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const out = join(dir, 'out');
    const result = await run('render', '--spec', specFile, '--out', out, '--chart-cache', testChartCache()!);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^The rendered platform fails \d+ readiness checks?:$/m);
    expect(result.err).toMatch(/^ {2}prod: availability\.[a-z-]+ Deployment\/kube-system\/metrics-server: .+; fix: .+$/m);
    expect(result.err).toMatch(/nothing was written\.$/);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('accepts the rendered findings an approved guard-rail exception covers, and reports them as accepted', async () => {
    const exception = { guardRail: 'platform-pod-privileges', target: 'cert-manager', reason: 'vendor debugging session needs a privileged controller', approvedBy: 'SEC-123' };
    const spec = {
      ...prod,
      addons: { ...prod.addons, overrides: { 'cert-manager': { containerSecurityContext: { privileged: true, allowPrivilegeEscalation: true } } } },
      exceptions: [exception],
    };
    const dir = tmp();
    const specFile = join(dir, 'prod.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const out = join(dir, 'out');
    writeFileSync(join(dir, 'none.json'), JSON.stringify({ ...spec, exceptions: [] }));
    const refused = await run('render', '--spec', join(dir, 'none.json'), '--out', out, '--chart-cache', testChartCache()!);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("guardRail: 'platform-pod-privileges'");
    const result = await run('render', '--spec', specFile, '--out', out, '--chart-cache', testChartCache()!);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const readiness = JSON.parse(readFileSync(join(out, 'prod', 'rendered', 'readiness.json'), 'utf8')) as { failures: number; areas: Record<string, Array<{ check: string; object: string; excepted?: string }>> };
    expect(readiness.failures).toBe(0);
    const accepted = readiness.areas['pod-security'].filter((f) => f.excepted?.startsWith('spec exception platform-pod-privileges cert-manager (approved by SEC-123)'));
    expect(accepted.map((f) => f.check)).toContain('pod-security.privileged');
    expect(new Set(accepted.map((f) => f.object.split('/')[1]))).toEqual(new Set(['cert-manager']));
  }, 180_000);

  it('takes --chart-cache for render only', () => {
    expect(parseArgs(['render', '--env', 'dev', '--chart-cache', '/c'])).toMatchObject({ command: 'render', envs: ['dev'], chartCache: '/c' });
    expect(() => parseArgs(['synth', '--chart-cache', '/c'])).toThrow(UsageError);
    expect(() => parseArgs(['render', '--env', 'dev', '--spec', 'x.json'])).toThrow('use either --env or --spec, not both');
  });
});
