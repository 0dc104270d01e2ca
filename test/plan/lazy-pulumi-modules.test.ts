/**
 * The CLI defers the Pulumi modules it never runs (closure serializer, code-path finder,
 * Automation API) and still gets the real ones on first use; the Pulumi program does not.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { DEFERRED_PULUMI_MODULES } from '../../lib/plan/lazy-pulumi-modules';

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
    // lib/cli/lazy-locales.ts reuses its stand-ins (imported by lib/cli/main.ts only).
    expect(importers('lib')).toEqual(['lib/cli/lazy-locales.ts', 'lib/cli/main.ts', 'lib/cli/synth.ts', 'lib/plan/lazy-pulumi-modules.ts']);
    expect(importers('stacks')).toEqual([]);
    for (const entry of ['lib/cli/main.ts', 'lib/cli/synth.ts']) {
      // Only the compile cache comes before it: it must hook the loader first and loads no Pulumi.
      const firstImport = readFileSync(join(ROOT, entry), 'utf8').split('\n').find((line) => line.startsWith('import ') && !line.includes("'./install-compile-cache'"));
      expect({ entry, firstImport }).toEqual({ entry, firstImport: expect.stringContaining("'../plan/lazy-pulumi-modules'") });
    }
  });
});
