/**
 * The CLI end to end: synth into a folder, bad input (exit 2, every problem, no stack trace,
 * nothing written), `spec` round-trips through `--spec`.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';

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

describe('groundwork synth', () => {
  it('writes manifests and cloud.json for dev, staging and prod by default, with a summary', async () => {
    const out = tmp();
    const result = await run('synth', '--out', out);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const env of ['dev', 'staging', 'prod']) {
      expect(readdirSync(join(out, env)).sort()).toEqual(['cloud.json', 'manifests']);
      expect(readdirSync(join(out, env, 'manifests'))[0]).toBe('00-foundation.k8s.yaml');
      const plan = JSON.parse(readFileSync(join(out, env, 'cloud.json'), 'utf8')) as Array<{ type: string; name: string }>;
      const keys = plan.map((r) => `${r.type} ${r.name}`);
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(result.out).toMatch(new RegExp(`^${env} \\(.*\\): \\d+ files in \\d+\\.\\d+ s$`, 'm'));
    }
    expect(result.out).toMatch(/kubernetes: \d+ objects: .*Namespace \d+/);
    expect(result.out).toMatch(/cloud: \d+ resources: .*Cluster 1/);
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
    expect(result.err).toBe('');
    expect(readdirSync(out)).toEqual(['team']);
  });
});
