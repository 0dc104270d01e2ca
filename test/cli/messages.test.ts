/**
 * Messages a person can act on: every way a spec, a spec file or the command line can be wrong
 * gets a message that names the field or file and the fix, exits 2 and writes nothing; text from
 * the user is echoed escaped, so it can neither forge a line nor drive the terminal.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { Platform } from '../../lib/blueprint/platform';
import { loadSpecFile } from '../../lib/cli/load-spec';
import { main } from '../../lib/cli/main';
import { formatIssues, SpecValidationError } from '../../lib/spec/errors';
import { printable } from '../../lib/spec/printable';
import { environmentSpecSchema } from '../../lib/spec/schema';
import { validateSpec } from '../../lib/spec/validate';
import { CHART_VERSIONS, KUBERNETES_VERSIONS, type KubernetesSupport } from '../../lib/spec/versions';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';

// Tests may run as root, which reads any file: the path named here gets the kernel's answer for a
// file (or a folder on its path) without read permission. `var`: modules the imports above load
// (re2-wasm reads its binary) call the mocked fs before this line runs.
// eslint-disable-next-line no-var
var mockDeniedPath: string | undefined;
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  const guard =
    <A extends unknown[], R>(f: (path: unknown, ...rest: A) => R) =>
    (path: unknown, ...rest: A): R => {
      if (path === mockDeniedPath) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' });
      return f(path, ...rest);
    };
  return { ...actual, statSync: guard(actual.statSync as (p: unknown) => unknown), readFileSync: guard(actual.readFileSync as (p: unknown) => unknown) };
});

interface Run {
  code: number;
  out: string[];
  err: string[];
  /** What the run left in its --out folder (must stay empty when it fails). */
  written: string[];
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'groundwork-messages-'));

async function run(...argv: string[]): Promise<Run> {
  const outDir = tmp();
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, ...(argv[0] === 'spec' ? [] : ['--out', outDir])], { out: (l) => out.push(...l.split('\n')), err: (l) => err.push(...l.split('\n')) });
  return { code, out, err, written: readdirSync(outDir) };
}

/** A spec file in a fresh folder. */
function specFile(name: string, text: string): string {
  const file = join(tmp(), name);
  writeFileSync(file, text);
  return file;
}

const fixture = (name: string): string => join(__dirname, 'fixtures', name);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Exit 2, nothing written, and stderr is exactly `lines` (the usage text after a usage error aside). */
function expectRefused(result: Run, lines: string[]): void {
  expect(result.code).toBe(2);
  expect(result.written).toEqual([]);
  expect(result.err.slice(0, lines.length)).toEqual(lines);
}

describe('required fields', () => {
  const unwrap = (schema: z.ZodType): z.ZodType => (schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema);

  /** Every required field of the schema, as a path into a spec whose arrays have one element. */
  function requiredPaths(schema: z.ZodType, path: (string | number)[] = []): (string | number)[][] {
    const node = unwrap(schema);
    if (node instanceof z.ZodArray) return requiredPaths(node.element as z.ZodType, [...path, 0]);
    if (!(node instanceof z.ZodObject)) return [];
    return Object.entries(node.shape as Record<string, z.ZodType>).flatMap(([key, child]) => [
      ...(child instanceof z.ZodOptional ? [] : [[...path, key]]),
      ...requiredPaths(child, [...path, key]),
    ]);
  }

  // One element in every list, so each element's required fields exist to be removed.
  const exceptionShape = (unwrap((environmentSpecSchema.shape as Record<string, z.ZodType>).exceptions ?? z.never()) as unknown as { element?: z.ZodObject }).element;
  const full: Record<string, unknown> = {
    ...clone(prod),
    addons: { ...clone(prod.addons), gitops: { repoURL: 'https://github.com/example/platform.git' } },
    nodePools: prod.nodePools.map((p, i) => (i === 0 ? { ...p, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] } : p)),
    tenants: [{ name: 'payments', editors: ['payments-devs'] }],
    existingVpc: {
      vpcId: 'vpc-0123456789abcdef0',
      cidr: '10.20.0.0/16',
      privateSubnetIds: { 'eu-west-1a': 'subnet-0000000000000000a', 'eu-west-1b': 'subnet-0000000000000000b', 'eu-west-1c': 'subnet-0000000000000000c' },
      publicSubnets: { 'eu-west-1a': { id: 'subnet-0000000000000001a', cidr: '10.20.128.0/24' }, 'eu-west-1b': { id: 'subnet-0000000000000001b', cidr: '10.20.129.0/24' } },
    },
    ...(exceptionShape
      ? { exceptions: [Object.fromEntries(Object.entries(exceptionShape.shape as Record<string, z.ZodType>).map(([k, s]) => [k, s instanceof z.ZodEnum ? s.options[0] : 'x']))] }
      : {}),
  };

  const paths = requiredPaths(environmentSpecSchema);
  it('covers the top-level, node pool, taint, tenant and exception fields', () => {
    const names = paths.map((p) => p.join('.'));
    expect(names).toEqual(expect.arrayContaining(['name', 'tier', 'accountId', 'region', 'nodePools', 'nodePools.0.role', 'nodePools.0.capacity', 'nodePools.0.taints.0.effect', 'tenants.0.name']));
  });

  it.each(paths.map((p) => [p.join('.'), p] as const))('a missing %s says "is required" and what to add', (_, path) => {
    const input = clone(full);
    const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((v, k) => v[k] as Record<string | number, unknown>, input);
    expect(parent).toBeInstanceOf(Object); // `full` must hold every object that has required fields
    delete parent[path[path.length - 1]];
    const result = validateSpec(input);
    const where = `spec${path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`;
    expect(result.ok).toBe(false);
    const issue = !result.ok && result.issues.find((i) => i.path === where);
    expect(issue).toMatchObject({ problem: 'is required', fix: expect.stringMatching(new RegExp(`^add ${where.slice(5).replace(/[.[\]]/g, '\\$&')} \\((a|an|one of) `)) });
  });

  it('names the allowed values of a missing enum field', async () => {
    const { tier: _tier, ...noTier } = clone(dev);
    const result = await run('synth', '--spec', specFile('no-tier.json', JSON.stringify(noTier)));
    expectRefused(result, ['Invalid environment spec "dev": 1 problem', '  spec.tier: is required; fix: add tier (one of "development", "staging", "production")', 'nothing was written.']);
  });
});

describe('numbers JSON cannot show', () => {
  it('1e309 in a JSON spec is "too large", not "got null"', async () => {
    const text = JSON.stringify({ ...dev, availabilityZones: 123456789 }).replace('123456789', '1e309');
    const result = await run('synth', '--spec', specFile('huge.json', text));
    expectRefused(result, [
      'Invalid environment spec "dev": 1 problem',
      '  spec.availabilityZones: is too large to be a number (1e309 and beyond become Infinity); fix: write an integer',
      'nothing was written.',
    ]);
  });

  it('NaN from a .js spec is named as NaN', async () => {
    const file = specFile('nan.js', `module.exports = { ...${JSON.stringify(dev)}, observability: { logRetentionDays: 0 / 0 } };`);
    const result = await run('synth', '--spec', file);
    expectRefused(result, [
      'Invalid environment spec "dev": 1 problem',
      '  spec.observability.logRetentionDays: is NaN (not a number), e.g. the result of 0/0 or Number("x"); fix: write an integer',
      'nothing was written.',
    ]);
  });
});

describe('environment names', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('--env %s is not a stock environment', async (name) => {
    expectRefused(await run('synth', '--env', name), [`groundwork: unknown environment "${name}"; stock environments: dev, staging, prod (or pass --spec FILE)`]);
    expectRefused(await run('spec', '--env', name), [`groundwork: unknown environment "${name}"; stock environments: dev, staging, prod`]);
  });

  it('--env prod --env prod is a usage error, before anything is written', async () => {
    const result = await run('synth', '--env', 'prod', '--env', 'prod');
    expectRefused(result, ['groundwork: --env prod is given twice; name each environment once', '', 'usage:']);
  });
});

describe('echoed text is escaped', () => {
  it('escapes every control, separator and bidi character, and nothing else', () => {
    expect(printable('a\nb\tc\u001b[31md\u007f\u009b\u2028\u2029\u202e\u2066\u2069')).toBe('a\\u000ab\\u0009c\\u001b[31md\\u007f\\u009b\\u2028\\u2029\\u202e\\u2066\\u2069');
    expect(printable('prod-eu · Zürich — 東京 "quoted" \\ back')).toBe('prod-eu · Zürich — 東京 "quoted" \\ back');
  });

  it('a key with a newline cannot start a forged line', async () => {
    const forged = 'x\n  spec.name: looks fine; fix: nothing';
    const result = await run('synth', '--spec', specFile('forged.json', JSON.stringify({ ...dev, [forged]: 1 })));
    expect(result.err).toHaveLength(3);
    expectRefused(result, [
      'Invalid environment spec "dev": 1 problem',
      `  spec.x\\u000a  spec.name: looks fine; fix: nothing: unknown key "x\\u000a  spec.name: looks fine; fix: nothing"; fix: remove it (check the spelling); known keys: ${Object.keys(environmentSpecSchema.shape).sort().join(', ')}`,
      'nothing was written.',
    ]);
  });

  it('ANSI escapes and bidi overrides in spec values reach the terminal as text', async () => {
    const spec = { ...clone(dev), name: 'dev\u001b[2J', tenants: [{ name: 'team\u202eved' }] };
    const result = await run('synth', '--spec', specFile('ansi.json', JSON.stringify(spec)));
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/^Invalid environment spec "dev\\u001b\[2J": \d+ problems?$/);
    expect(result.err).toContain('  spec.name: "dev\\u001b[2J" is not a lowercase DNS label of 2–20 characters; fix: use lowercase letters, digits and dashes, starting with a letter, e.g. "prod" or "payments-stg"');
    expect(result.err.some((l) => l.includes('team\\u202eved'))).toBe(true);
    expect(result.err.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });

  it('formatIssues escapes path, problem and fix', () => {
    expect(formatIssues([{ path: 'spec.tags.a\u001b', problem: 'p\u2028', fix: 'f\r' }])).toBe('  spec.tags.a\\u001b: p\\u2028; fix: f\\u000d');
    expect(new SpecValidationError('a\nb', []).message.split('\n')[0]).toBe('Invalid environment spec "a\\u000ab": 0 problems');
  });

  it('usage errors echo argv escaped', async () => {
    expectRefused(await run('synth', '--\u001b[31mforce'), ['groundwork: unknown option "--\\u001b[31mforce"']);
    expectRefused(await run('dep\nloy'), ['groundwork: unknown command "dep\\u000aloy"; use "synth", "render" or "spec"']);
    expectRefused(await run('synth', '--env', 'q\u001ba'), ['groundwork: unknown environment "q\\u001ba"; stock environments: dev, staging, prod (or pass --spec FILE)']);
  });

  it('file names in load errors are escaped', async () => {
    const missing = join(tmp(), 'sp\u001b]0;owned\u0007ec.json');
    expectRefused(await run('synth', '--spec', missing), [
      `groundwork: spec file ${JSON.stringify(missing)} does not exist (looked for ${JSON.stringify(resolve(missing))}); check the path, or write one with \`groundwork spec --env dev > spec.json\``,
    ]);
  });
});

describe('spec files', () => {
  it('a UTF-8 byte order mark is skipped', async () => {
    const file = specFile('bom.json', `\uFEFF${JSON.stringify(staging)}`);
    expect(loadSpecFile(file)).toEqual(clone(staging));
    expect(validateSpec(loadSpecFile(file)).ok).toBe(true);
  });

  it('an empty file says it is empty', async () => {
    for (const [name, text] of [['empty.json', ''], ['blank.json', ' \n\t\n']]) {
      const file = specFile(name, text);
      expectRefused(await run('synth', '--spec', file), [`groundwork: spec file "${file}" is empty; write a spec in it, e.g. \`groundwork spec --env dev > "${file}"\``]);
    }
    const module = specFile('empty.ts', '');
    expectRefused(await run('synth', '--spec', module), [`groundwork: spec module "${module}" is empty; export a spec from it: \`export default {...}\``]);
  });

  it('a directory says it is one', async () => {
    const dir = join(tmp(), 'specs.json');
    mkdirSync(dir);
    expectRefused(await run('synth', '--spec', dir), [`groundwork: spec file "${dir}" is a directory; pass the spec file in it, e.g. --spec "${dir}/spec.json"`]);
  });

  it('a missing file and an unreadable one get different messages', async () => {
    const missing = join(tmp(), 'nope.json');
    expectRefused(await run('synth', '--spec', missing), [`groundwork: spec file "${missing}" does not exist (looked for "${missing}"); check the path, or write one with \`groundwork spec --env dev > spec.json\``]);
    // Tests may run as root, which reads any file: simulate the kernel's answer for a file (or a folder on its path) without read permission.
    const locked = specFile('locked.json', JSON.stringify(dev));
    mockDeniedPath = locked;
    try {
      expectRefused(await run('synth', '--spec', locked), [`groundwork: spec file "${locked}" cannot be read: permission denied; make it readable (chmod u+r "${locked}") or pass a copy you can read`]);
    } finally {
      mockDeniedPath = undefined;
    }
  });

  it('invalid JSON says where', async () => {
    const file = specFile('broken.json', '{\n  "name": "dev",\n  "tier": "development"\n  "region": "eu-west-1"\n}');
    const result = await run('synth', '--spec', file);
    expectRefused(result, []);
    expect(result.err[0]).toMatch(new RegExp(`^groundwork: spec file "${file}" is not valid JSON: .+ \\(line 4, column 3\\)$`));
  });
});

describe('spec modules that misbehave while loading', () => {
  it.each([
    ['throws-string.js', 'the account id is not configured yet'],
    ['throws-object.js', 'it threw {"code":42} instead of an Error'],
    ['throws-empty-error.js', 'Error without a message (line 2)'],
    ['throws-error.js', "Cannot read properties of undefined (reading 'name') (line 3)"],
  ])('%s: "failed while loading: <what it threw>", exit 2', async (name, text) => {
    const result = await run('synth', '--spec', fixture(name));
    expectRefused(result, [`groundwork: spec module "${fixture(name)}" failed while loading: ${text}`]);
    expect(result.err.join('\n')).not.toMatch(/groundwork: undefined/);
  });

  it.each(['exits.js', 'exits.ts'])('%s calls process.exit(0): refused, exit 2, and process.exit is restored', async (name) => {
    const exit = process.exit;
    const result = await run('synth', '--spec', fixture(name));
    expectRefused(result, [`groundwork: spec module "${fixture(name)}" called process.exit(0) while loading; a spec module must only export a spec`]);
    expect(process.exit).toBe(exit);
  });

  it('under plain node (not jest), a thrown null and a .ts process.exit(0) are refused alike', () => {
    // jest wraps what a module throws and owns `process`: the real CLI shows what users get.
    const cli = (spec: string): { status: number | null; stderr: string } =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'lib/cli/main.ts', 'synth', '--spec', spec, '--out', join(tmp(), 'out')], { cwd: resolve(__dirname, '../..'), encoding: 'utf8' });
    for (const [name, text] of [
      ['throws-null.js', 'failed while loading: it threw null instead of an Error'],
      ['exits.ts', 'called process.exit(0) while loading; a spec module must only export a spec'],
    ]) {
      const result = cli(`test/cli/fixtures/${name}`);
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: `groundwork: spec module "test/cli/fixtures/${name}" ${text}\n` });
    }
  });

  it('an unexpected failure that is not an Error still says something', async () => {
    for (const [thrown, text] of [
      [undefined, 'groundwork: unexpected failure: undefined was thrown instead of an Error'],
      [new Error(''), 'groundwork: unexpected Error without a message (set GROUNDWORK_DEBUG=1 for the stack)'],
    ] as const) {
      const spy = jest.spyOn(Platform, 'fromUnknown').mockImplementation(() => {
        throw thrown;
      });
      try {
        const result = await run('synth', '--env', 'dev');
        expect(result.code).toBe(1);
        expect(result.err).toEqual([text]);
      } finally {
        spy.mockRestore();
      }
    }
  });
});

describe('Kubernetes version fixes', () => {
  const offered: string[] = KUBERNETES_VERSIONS.map((k) => k.version);
  /** The versions a fix text suggests ("use one of 1.36, 1.35", "set kubernetesVersion to 1.35 or 1.36"). */
  const suggested = (fix: string): string[] => /(?:use one of|set kubernetesVersion to) (1\.\d+(?:(?:, | or )1\.\d+)*)/.exec(fix)?.[1].split(/, | or /) ?? [];

  const variants: Array<[string, EnvironmentSpec]> = [
    ['dev', dev],
    ['staging', staging],
    ['prod', prod],
    ['prod with cluster-autoscaler', { ...prod, addons: { ...prod.addons, autoscaler: 'cluster-autoscaler' } }],
    ['dev with cilium and ingress-nginx', { ...dev, addons: { ...dev.addons, cni: 'cilium', ingress: 'ingress-nginx' } }],
    ['dev with GitOps', { ...dev, addons: { ...dev.addons, delivery: 'gitops', gitops: { repoURL: 'https://github.com/example/platform.git' } } }],
  ];

  /** Every version the fixes of `spec` suggest, each tried: none may be refused. */
  function expectSuggestionsAccepted(spec: EnvironmentSpec, wrong: string): string[] {
    let fix = '';
    try {
      Platform.fromSpec({ ...spec, kubernetesVersion: wrong });
    } catch (e) {
      const issue = (e as SpecValidationError).issues.find((i) => i.path === 'spec.kubernetesVersion');
      fix = issue?.fix ?? '';
    }
    const versions = suggested(fix);
    for (const version of versions) expect(() => Platform.fromSpec({ ...spec, kubernetesVersion: version })).not.toThrow();
    return versions;
  }

  it.each(variants)('%s: every version the "not offered" fix suggests is accepted', (_, spec) => {
    for (const wrong of ['1.30', '1.99']) expect(expectSuggestionsAccepted(spec, wrong).length).toBeGreaterThan(0);
  });

  describe('when a selected chart supports fewer minors than are offered', () => {
    const narrow = (id: keyof typeof CHART_VERSIONS, range: Pick<KubernetesSupport, 'min' | 'max'>): (() => void) => {
      const chart = CHART_VERSIONS[id] as { kubernetes: KubernetesSupport };
      const saved = chart.kubernetes;
      chart.kubernetes = { ...saved, ...range, basis: 'supported' };
      return () => {
        chart.kubernetes = saved;
      };
    };
    const [newest, older] = offered;
    const withCA: EnvironmentSpec = { ...prod, addons: { ...prod.addons, autoscaler: 'cluster-autoscaler' } };

    it('the "not offered" fix leaves out the minors that chart refuses', () => {
      const restore = narrow('cluster-autoscaler', { min: newest, max: newest });
      try {
        expect(expectSuggestionsAccepted(withCA, '1.30')).toEqual([newest]);
        expect(validateSpec({ ...withCA, kubernetesVersion: '1.30' })).toMatchObject({
          issues: [{ path: 'spec.kubernetesVersion', fix: `use one of ${newest} (or omit it for ${newest})` }],
        });
      } finally {
        restore();
      }
    });

    it("a refusal's fix suggests only minors the whole selection accepts", () => {
      const restoreCert = narrow('cert-manager', { min: newest, max: newest });
      const restoreCA = narrow('cluster-autoscaler', { min: older, max: older });
      try {
        expect(() => Platform.fromSpec({ ...withCA, kubernetesVersion: older })).toThrow(SpecValidationError);
        expect(expectSuggestionsAccepted(withCA, older)).toEqual([]);
      } finally {
        restoreCA();
        restoreCert();
      }
    });
  });
});
