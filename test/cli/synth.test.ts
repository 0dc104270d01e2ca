/**
 * The CLI end to end: synth into a folder, bad input (exit 2, every problem, no stack trace,
 * nothing written), `spec` round-trips through `--spec`.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Platform } from '../../lib/blueprint/platform';
import { main } from '../../lib/cli/main';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { STOCK_ENVIRONMENTS } from '../../stacks/environments';
import { spec as teamSpec } from './fixtures/team-env';

interface Run {
  code: number;
  out: string;
  err: string;
}
async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const tmp = (): string => mkdtempSync(join(tmpdir(), 'groundwork-cli-'));

/**
 * What a successful synth may print on stderr: exactly the version warnings (end of life,
 * untested upstream) of the environments it synthesized, one `warning: <env>: …` line each, in
 * order. They depend on today's date; anything else on stderr is a failure.
 */
function expectedWarnings(specs: readonly EnvironmentSpec[]): string {
  return specs.flatMap((spec) => Platform.fromSpec(spec).warnings.map((w) => `warning: ${spec.name}: ${w}`)).join('\n');
}

describe('groundwork synth', () => {
  it('writes manifests and cloud.json for dev, staging and prod by default, with a summary', async () => {
    const out = tmp();
    const result = await run('synth', '--out', out);
    expect(result.err).toBe(expectedWarnings(['dev', 'staging', 'prod'].map((env) => STOCK_ENVIRONMENTS[env])));
    for (const line of result.err.split('\n').filter(Boolean)) expect(line).toMatch(/^warning: (dev|staging|prod): (spec\.kubernetesVersion|addons\.[a-z-]+): .+; fix: .+$/);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(readdirSync(join(out, env)).sort()).toEqual(['.groundwork-output.json', 'cloud.json', 'manifests']);
      expect(readdirSync(join(out, env, 'manifests'))[0]).toBe('00-foundation.k8s.yaml');
      const plan = JSON.parse(readFileSync(join(out, env, 'cloud.json'), 'utf8')) as Array<{ type: string; name: string }>;
      const keys = plan.map((r) => `${r.type} ${r.name}`);
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(result.out).toMatch(new RegExp(`^${env} \\(.*\\): \\d+ files in \\d+\\.\\d+ s$`, 'm'));
    }
    expect(result.out).toMatch(/kubernetes: \d+ objects: .*Namespace \d+/);
    expect(result.out).toMatch(/cloud: \d+ resources: .*Cluster 1/);
  });

  it('prints every version warning as one "warning: <env>: …" line and still writes the files', async () => {
    // Only Date is faked (after Karpenter 1.14's end of life): the CLI's timers and I/O stay real.
    jest.useFakeTimers({
      now: new Date('2027-08-01T12:00:00Z'),
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    try {
      const out = tmp();
      const result = await run('synth', '--env', 'dev', '--out', out);
      const expected = expectedWarnings([STOCK_ENVIRONMENTS.dev]);
      expect(expected).toContain('warning: dev: addons.karpenter: karpenter 1.14.1 reached end of life on 2027-07-11');
      expect(result.err).toBe(expected);
      expect(result.code).toBe(0);
      expect(readdirSync(join(out, 'dev')).sort()).toEqual(['.groundwork-output.json', 'cloud.json', 'manifests']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects a bad spec with every problem, exit 2, no stack trace, and leaves dist/ untouched', async () => {
    const out = tmp();
    mkdirSync(join(out, 'dev'));
    writeFileSync(join(out, 'dev', 'cloud.json'), 'previous run');
    const specFile = join(tmp(), 'bad.json');
    writeFileSync(
      specFile,
      JSON.stringify({
        name: 'dev',
        tier: 'production',
        accountId: '111111111111',
        region: 'eu-west-1',
        availabilityZones: 2,
        nodePools: [{ name: 'system', role: 'system', capacity: 'on-demand', instanceTypes: ['m6i.large'], minSize: 3, desiredSize: 9, maxSize: 4 }],
        colour: 'blue',
      }),
    );
    const result = await run('synth', '--spec', specFile, '--out', out);
    expect(result.code).toBe(2);
    expect(result.err).toContain('spec.availabilityZones');
    expect(result.err).toContain('spec.nodePools[0].desiredSize');
    expect(result.err).toContain('colour');
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(result.err).toContain('nothing was written');
    expect(readdirSync(out)).toEqual(['dev']);
    expect(readFileSync(join(out, 'dev', 'cloud.json'), 'utf8')).toBe('previous run');
  });

  it('names unknown environments and options', async () => {
    const result = await run('synth', '--env', 'qa');
    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown environment "qa"; stock environments: dev, staging, prod');
  });
});

describe('groundwork spec', () => {
  it('prints a resolved spec that --spec accepts back and that synthesizes byte-identically', async () => {
    const printed = await run('spec', '--env', 'staging');
    expect(printed.code).toBe(0);
    const dir = tmp();
    writeFileSync(join(dir, 'staging.json'), printed.out);
    const [fromStock, fromSpec] = [tmp(), tmp()];
    expect((await run('synth', '--env', 'staging', '--out', fromStock)).code).toBe(0);
    expect((await run('synth', '--spec', join(dir, 'staging.json'), '--out', fromSpec)).code).toBe(0);
    for (const file of ['cloud.json', ...readdirSync(join(fromStock, 'staging', 'manifests')).map((f) => `manifests/${f}`)]) {
      expect(readFileSync(join(fromSpec, 'staging', file), 'utf8')).toBe(readFileSync(join(fromStock, 'staging', file), 'utf8'));
    }
  });

  it('loads a TypeScript module exporting a spec', async () => {
    const dir = join(__dirname, '..', '..', 'test', 'cli');
    const file = join(dir, 'fixtures', 'team-env.ts');
    const out = tmp();
    const result = await run('synth', '--spec', file, '--out', out);
    expect(result.err).toBe(expectedWarnings([teamSpec]));
    expect(readdirSync(out)).toEqual(['team']);
  });
});
