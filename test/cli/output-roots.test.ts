/**
 * Output roots Groundwork refuses: the file-system root, the home folder, and any folder
 * holding a project's sources (a checkout, a team repo, their parents). A folder of its own
 * (dist, out/x, a temporary folder) is fine.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { main } from '../../lib/cli/main';
import { dev } from '../../stacks/environments';
import { OutputError, refusedRootReason, writeEnvironments, type RootContext } from '../../lib/output';
import { fakeEnvironments, readTree, removeTemporaryFolders, temporaryFolder } from './fixtures/output-files';

afterAll(removeTemporaryFolders);

const repoRoot = resolve(__dirname, '..', '..');

describe('refused output roots', () => {
  const context = (over: Partial<RootContext> = {}): RootContext => ({ cwd: repoRoot, homes: [homedir()], packageRoot: repoRoot, ...over });

  it('refuses the file-system root', () => {
    expect(refusedRootReason('/', context())).toBe('the file-system root');
  });

  it('refuses the home folder, from os.homedir() and from $HOME, and its parents', () => {
    const home = temporaryFolder();
    expect(refusedRootReason(homedir(), context())).toBe('your home folder');
    expect(refusedRootReason(home, context({ homes: [homedir(), home] }))).toBe('your home folder');
    expect(refusedRootReason(dirname(home), context({ homes: [home] }))).toBe(`a folder holding your home folder ${home}`);
  });

  it('refuses a folder holding package.json or .git', () => {
    const project = temporaryFolder();
    writeFileSync(join(project, 'package.json'), '{}\n');
    const repo = temporaryFolder();
    mkdirSync(join(repo, '.git'));
    expect(refusedRootReason(project, context())).toBe("a project's source folder (it holds package.json)");
    expect(refusedRootReason(repo, context())).toBe("a project's source folder (it holds .git)");
  });

  it('refuses the checkout (--out . in it) and its parents (--out ..), from the working folder and from the package itself', () => {
    const elsewhere = temporaryFolder();
    expect(refusedRootReason(repoRoot, context({ cwd: elsewhere }))).toMatch(/project's source folder/);
    expect(refusedRootReason(dirname(repoRoot), context())).toBe(`a folder holding the project ${repoRoot}`);
    expect(refusedRootReason(dirname(repoRoot), context({ cwd: elsewhere }))).toBe(`a folder holding the project ${repoRoot}`);
    // Nested in a fresh folder: the parent's contents (the system's /tmp) must not decide the reason.
    const team = join(temporaryFolder(), 'team');
    mkdirSync(team);
    writeFileSync(join(team, 'package.json'), '{}\n');
    mkdirSync(join(team, 'src'));
    expect(refusedRootReason(dirname(team), context({ cwd: join(team, 'src'), packageRoot: undefined, homes: [] }))).toBe(`a folder holding the project ${team}`);
  });

  it('accepts dist and out/x inside the checkout, and a temporary folder', () => {
    expect(refusedRootReason(join(repoRoot, 'dist'), context())).toBeUndefined();
    expect(refusedRootReason(join(repoRoot, 'out', 'x'), context())).toBeUndefined();
    expect(refusedRootReason(temporaryFolder(), context())).toBeUndefined();
  });

  it('refuses a copy of a checkout as output root for a spec named "lib": lib/x.ts survives, the message says what to pass', () => {
    const checkout = temporaryFolder();
    writeFileSync(join(checkout, 'package.json'), '{"name":"team"}\n');
    mkdirSync(join(checkout, 'lib'));
    writeFileSync(join(checkout, 'lib', 'x.ts'), 'export const x = 1;\n');
    const before = readTree(checkout);
    expect(() => writeEnvironments(checkout, fakeEnvironments('new', ['lib']))).toThrow(OutputError);
    expect(() => writeEnvironments(checkout, fakeEnvironments('new', ['lib']))).toThrow(
      `refusing to write into ${checkout}: it is a project's source folder (it holds package.json); fix: pass an output folder of its own, e.g. --out dist`,
    );
    expect(readTree(checkout)).toEqual(before);
  });

  // Probe names that exist nowhere: if the refusal ever regressed, these tests must not replace a
  // real folder of the machine (a spec named `etc` or `dev` into `/` once did exactly that).
  it('refuses the home folder as output root, writing nothing', () => {
    const probe = 'groundwork-probe-home';
    expect(existsSync(join(homedir(), probe))).toBe(false);
    try {
      expect(() => writeEnvironments(homedir(), fakeEnvironments('new', [probe]))).toThrow(`refusing to write into ${homedir()}: it is your home folder`);
      expect(existsSync(join(homedir(), probe))).toBe(false);
    } finally {
      rmSync(join(homedir(), probe), { recursive: true, force: true });
    }
  });

  it('synth --out / exits 2 with the reason and the fix, no stack trace', async () => {
    const err: string[] = [];
    const probe = 'gw-probe-root';
    expect(existsSync(join('/', probe))).toBe(false);
    const specFile = join(mkdtempSync(join(tmpdir(), 'groundwork-roots-')), 'probe.json');
    writeFileSync(specFile, JSON.stringify({ ...dev, name: probe }));
    let code: number;
    try {
      code = await main(['synth', '--spec', specFile, '--out', '/'], { out: () => undefined, err: (l) => err.push(l) });
    } finally {
      rmSync(join('/', probe), { recursive: true, force: true });
    }
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('groundwork: refusing to write into /: it is the file-system root; fix: pass an output folder of its own, e.g. --out dist');
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });
});

describe('source folders below a project root', () => {
  it('refuses a folder holding TypeScript sources or a tsconfig (--out lib), accepts compiled output', () => {
    const repoLib = join(resolve(__dirname, '..', '..'), 'lib');
    expect(refusedRootReason(repoLib)).toBe('a source folder (it holds index.ts)');
    const dir = temporaryFolder();
    writeFileSync(join(dir, 'tsconfig.build.json'), '{}');
    expect(refusedRootReason(dir)).toBe('a source folder (it holds tsconfig.build.json)');
    const compiled = temporaryFolder();
    writeFileSync(join(compiled, 'index.js'), '');
    writeFileSync(join(compiled, 'index.d.ts'), '');
    expect(refusedRootReason(compiled)).toBeUndefined();
  });
});
