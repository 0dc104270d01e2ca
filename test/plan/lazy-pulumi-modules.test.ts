/**
 * The CLI defers the Pulumi modules it never runs (closure serializer, code-path finder,
 * Automation API) and still gets the real ones on first use; the Pulumi program does not.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { DEFERRED_PULUMI_MODULES, isDependency } from '../../lib/plan/lazy-pulumi-modules';
import { TS_REGISTER } from '../support/ts-child';

const ROOT = join(__dirname, '..', '..');
const SOURCE = join(ROOT, 'lib', 'plan', 'lazy-pulumi-modules.ts');

/**
 * Run `script` in a fresh Node process (Node's own loader: jest's module cache is read-only)
 * after the module under test, compiled in memory, ran as the CLI runs it: before `@pulumi/pulumi`.
 */
function runInNode(script: string): Record<string, unknown> {
  const compiled = ts.transpileModule(readFileSync(SOURCE, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const program = `(function (exports) {\n${compiled}\n})({});\n${script}`;
  const result = spawnSync(process.execPath, ['-e', program], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

// The stand-in itself sits at automation/index.js: the real API shows by the files it loads.
const LOADED = `const loaded = (re) => Object.keys(require.cache).some((f) => re.test(f));
const heavy = () => ({ typescript: loaded(/node_modules\\/typescript\\//), arborist: loaded(/@npmcli\\/arborist\\//), automation: loaded(/@pulumi\\/pulumi\\/automation\\/stack\\.js$/) });`;

describe('lazy Pulumi modules', () => {
  it('loading @pulumi/pulumi after it loads neither TypeScript, nor npm arborist, nor the Automation API', () => {
    const report = runInNode(`${LOADED}
const pulumi = require('@pulumi/pulumi');
process.stdout.write(JSON.stringify({ ...heavy(), files: Object.keys(require.cache).length }));`);
    expect(report).toMatchObject({ typescript: false, arborist: false, automation: false });
  });

  it('a caller that uses them gets the real modules on first use', () => {
    const report = runInNode(`${LOADED}
const pulumi = require('@pulumi/pulumi');
pulumi.runtime.serializeFunction(() => 42).then((closure) => {
  process.stdout.write(JSON.stringify({
    serialized: closure.text.includes('42'),
    computeCodePaths: typeof pulumi.runtime.computeCodePaths,
    localWorkspace: typeof pulumi.automation.LocalWorkspace,
    automationKeys: Object.keys(pulumi.automation).includes('LocalWorkspace'),
    hasStack: 'Stack' in pulumi.automation,
    ...heavy(),
  }));
});`);
    expect(report).toEqual({ serialized: true, computeCodePaths: 'function', localWorkspace: 'function', automationKeys: true, hasStack: true, typescript: true, arborist: false, automation: true });
  });

  it('leaves the gRPC transport, its tracing and the version parser unloaded through an offline plan, and gives the real ones on first use', () => {
    const report = runInNode(`
require(${JSON.stringify(TS_REGISTER)});
const realFiles = () => Object.keys(require.cache).filter((f) => /@grpc\\/grpc-js\\/build\\/src\\/(?!index)|@opentelemetry\\/api\\/build\\/src\\/(?!index)|semver\\/(functions|classes)\\//.test(f)).length;
const { planProgram } = require(${JSON.stringify(join(ROOT, 'lib', 'plan', 'planner.ts'))});
const { Vpc } = require('@pulumi/aws/ec2');
planProgram('t', { region: 'eu-west-1', accountId: '111111111111' }, () => { new Vpc('v', { cidrBlock: '10.0.0.0/16' }); }).then((plan) => {
  const afterPlan = realFiles();
  const { createRequire } = require('node:module');
  const sdk = createRequire(require.resolve('@pulumi/pulumi/package.json'));
  const grpc = sdk('@grpc/grpc-js');
  const semver = sdk('semver');
  const stubs = require('@pulumi/pulumi/proto/resource_grpc_pb.js');
  process.stdout.write(JSON.stringify({
    planned: plan.map((r) => r.type),
    afterPlan,
    status: grpc.status.UNAVAILABLE,
    gt: semver.gt('1.2.0', '1.10.0'),
    client: typeof stubs.ResourceMonitorClient,
    loadedOnUse: realFiles() > 0,
  }));
});`);
    expect(report).toEqual({ planned: ['aws:ec2/vpc:Vpc'], afterPlan: 0, status: 14, gt: false, client: 'function', loadedOnUse: true });
  });

  it('claims __esModule only for modules whose every importer in the SDK reads named exports, never default', () => {
    const sdkRoot = join(ROOT, 'node_modules', '@pulumi', 'pulumi');
    const sources = (readdirSync(sdkRoot, { recursive: true }) as string[]).filter((f) => f.endsWith('.js') && !f.startsWith('node_modules')).map((f) => [f, readFileSync(join(sdkRoot, f), 'utf8')] as const);
    const claimed = DEFERRED_PULUMI_MODULES.filter((m) => m.claimsEsModule);
    expect(claimed.length).toBeGreaterThan(0);
    for (const { file } of claimed) {
      const request = isDependency(file) ? file : file.replace(/^proto\//, '').replace(/\.js$/, '');
      let importers = 0;
      for (const [name, text] of sources) {
        for (const m of text.matchAll(/const (\w+) = (?:__importStar\()?require\("([^"]+)"\)/g)) {
          if (m[2] !== request && !m[2].endsWith(`/${request}`)) continue;
          importers++;
          // Comments do not read the module ("an optional semver range" in a doc comment).
          const rest = text.replace(m[0], '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
          // Every use reads a named member: never `.default`, never the bare namespace.
          const bareUses = [...rest.matchAll(new RegExp(`\\b${m[1]}\\b(?!\\.[A-Za-z_$])`, 'g'))].length;
          expect({ file, importer: name, bareUses, default: rest.includes(`${m[1]}.default`) }).toEqual({ file, importer: name, bareUses: 0, default: false });
        }
      }
      expect({ file, importers: importers > 0 }).toEqual({ file, importers: true });
    }
  });

  it('forwards exactly the exports the installed SDK has, each an async function', () => {
    for (const { file, asyncFunctions } of DEFERRED_PULUMI_MODULES) {
      if (!asyncFunctions) continue;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const real = require(`@pulumi/pulumi/${file}`) as Record<string, unknown>;
      const names = Object.keys(real).filter((k) => k !== '__esModule').sort();
      expect({ file, names }).toEqual({ file, names: [...asyncFunctions].sort() });
      for (const name of names) expect({ name, kind: (real[name] as () => unknown).constructor.name }).toEqual({ name, kind: 'AsyncFunction' });
    }
  });

  it('only the CLI entry points import it, first; the Pulumi program and the library never do', () => {
    const importers = (dir: string): string[] =>
      (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts'))
        .filter((f) => readFileSync(join(ROOT, dir, f), 'utf8').includes('lazy-pulumi-modules'))
        .map((f) => relative(ROOT, join(ROOT, dir, f)))
        .sort();
    // lib/cli/lazy-locales.ts, lazy-istio-validation.ts and validator-regexps.ts reuse its stand-ins (imported by lib/cli/main.ts only).
    expect(importers('lib')).toEqual(['lib/cli/lazy-istio-validation.ts', 'lib/cli/lazy-locales.ts', 'lib/cli/main.ts', 'lib/cli/synth.ts', 'lib/cli/validator-regexps.ts', 'lib/plan/lazy-pulumi-modules.ts']);
    expect(importers('stacks')).toEqual([]);
    for (const entry of ['lib/cli/main.ts', 'lib/cli/synth.ts']) {
      // Only the compile cache comes before it: it must hook the loader first and loads no Pulumi.
      const firstImport = readFileSync(join(ROOT, entry), 'utf8').split('\n').find((line) => line.startsWith('import ') && !line.includes("'./install-compile-cache'"));
      expect({ entry, firstImport }).toEqual({ entry, firstImport: expect.stringContaining("'../plan/lazy-pulumi-modules'") });
    }
  });
});
