/**
 * All environments swap together or none: a failure mid-swap restores every folder, and a run
 * killed at any step (GROUNDWORK_TEST_CRASH_AT) is recovered by the next run from its journal —
 * the previous output complete again (or the new one, once committed), and no leftovers.
 */
import fs, { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InjectedCrash, JOURNAL_FILE, OutputError, recoverOutput, writeEnvironments } from '../../lib/output';
import { fakeEnvironments, readTree, removeTemporaryFolders, runNode, runWriter, temporaryFolder } from './fixtures/output-files';

afterAll(removeTemporaryFolders);
afterEach(() => {
  delete process.env.GROUNDWORK_TEST_CRASH_AT;
  delete process.env.GROUNDWORK_TEST_CRASH_MODE;
  jest.restoreAllMocks();
});

const ENVS = ['dev', 'prod'];
const tree = (run: string): Record<string, string> => {
  const out = temporaryFolder();
  writeEnvironments(out, fakeEnvironments(run, ENVS));
  return readTree(out);
};
const OLD = tree('old');
const NEW = tree('new');

/** An output root holding run "old" of dev and prod. */
function previousOutput(): string {
  const out = temporaryFolder();
  writeEnvironments(out, fakeEnvironments('old', ENVS));
  return out;
}

const STEPS: Array<[string, Record<string, string>]> = [
  ['after-journal', OLD],
  ['after-stage', OLD],
  ['after-backup:0', OLD],
  ['after-swap:0', OLD],
  ['after-backup:1', OLD],
  ['after-swap:1', OLD],
  ['before-commit', OLD],
  ['after-commit', NEW],
];

describe('swap journal and recovery', () => {
  it.each(STEPS)('a run stopped at %s is recovered by the next run: all old (pending) or all new (committed), nothing left over', (step, expected) => {
    const out = previousOutput();
    process.env.GROUNDWORK_TEST_CRASH_AT = step;
    process.env.GROUNDWORK_TEST_CRASH_MODE = 'throw';
    expect(() => writeEnvironments(out, fakeEnvironments('new', ENVS))).toThrow(InjectedCrash);
    delete process.env.GROUNDWORK_TEST_CRASH_AT;
    expect(readdirSync(out)).toContain(JOURNAL_FILE);
    const notes: string[] = [];
    recoverOutput(out, (l) => notes.push(l));
    expect(readTree(out)).toEqual(expected);
    expect(notes[0]).toMatch(expected === NEW ? /^note: finished an interrupted groundwork run/ : /^note: rolled back an interrupted groundwork run/);
    writeEnvironments(out, fakeEnvironments('next', ENVS), { warn: () => undefined });
    expect(readdirSync(out).sort()).toEqual(ENVS);
  });

  it.each(['after-backup:0', 'after-swap:1', 'after-commit'])('a process killed (SIGKILL) at %s: the next run takes over its lock and recovers', async (step) => {
    const out = previousOutput();
    const killed = await runWriter(out, 'new', { GROUNDWORK_TEST_CRASH_AT: step }, ENVS);
    expect(killed.signal).toBe('SIGKILL');
    const notes: string[] = [];
    writeEnvironments(out, fakeEnvironments('next', ['other']), { lockWaitSeconds: 0, warn: (l) => notes.push(l) });
    expect(notes[0]).toMatch(/^note: taking over the stale lock .* \(that run is gone\)$/);
    const { other: _, ...rest } = Object.fromEntries(Object.entries(readTree(out)).filter(([p]) => !p.startsWith('other')));
    expect(rest).toEqual(step === 'after-commit' ? NEW : OLD);
    expect(readdirSync(out).sort()).toEqual([...ENVS, 'other'].sort());
  });

  it('one environment that cannot be swapped (EBUSY) rolls back every environment, removes staging, and says why', () => {
    const out = previousOutput();
    const rename = fs.renameSync;
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(to) === join(out, 'prod') && String(from).includes('.groundwork-staging-')) throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
      rename(from, to);
    });
    let error: unknown;
    try {
      writeEnvironments(out, fakeEnvironments('new', ENVS));
    } catch (e) {
      error = e;
    }
    jest.restoreAllMocks();
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toBe(
      `cannot move the new output into place: ${join(out, 'prod')}: resource busy (a mount point, or a file held open by another program) (EBUSY); ` +
        'fix: unmount it or close the program using it, or pick another --out\nrolled back: the previous output is as it was; nothing was written or deleted.',
    );
    expect(readTree(out)).toEqual(OLD);
  });

  it('a file that cannot be written while staging (ENOSPC) leaves the previous output and no staging folder', () => {
    const out = previousOutput();
    const write = fs.writeFileSync;
    jest.spyOn(fs, 'writeFileSync').mockImplementation((path, data) => {
      if (String(path).endsWith('10-addons.k8s.yaml') && String(path).includes('staging-prod')) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      write(path, data);
    });
    expect(() => writeEnvironments(out, fakeEnvironments('new', ENVS))).toThrow(/^cannot write .*10-addons\.k8s\.yaml: no space left on device \(ENOSPC\); fix: free some space or pick another --out\nrolled back/);
    jest.restoreAllMocks();
    expect(readTree(out)).toEqual(OLD);
  });

  it('render into a new environment folder that fails removes the folder it created', () => {
    const out = temporaryFolder();
    process.env.GROUNDWORK_TEST_CRASH_AT = 'after-stage';
    process.env.GROUNDWORK_TEST_CRASH_MODE = 'throw';
    expect(() => writeEnvironments(out, [{ env: 'dev', files: new Map([['a.yaml', 'kind: A\n']]) }], { subfolder: 'rendered' })).toThrow(InjectedCrash);
    delete process.env.GROUNDWORK_TEST_CRASH_AT;
    recoverOutput(out, () => undefined);
    expect(readdirSync(out)).toEqual([]);
  });

  it('removes the legacy writer\'s staging folders of dead runs and warns about its previous-output folders, leaving them', () => {
    const out = previousOutput();
    const dead = 4194304 + 7; // above Linux's pid_max: never a live process
    mkdirSync(join(out, `.staging-prod-${dead}`, 'manifests'), { recursive: true });
    writeFileSync(join(out, `.staging-prod-${dead}`, 'cloud.json'), '[]\n');
    writeFileSync(join(out, `.staging-prod-${dead}`, 'manifests', '00-foundation.k8s.yaml'), 'a: 1\n');
    mkdirSync(join(out, 'dev', `.staging-rendered-${dead}`));
    writeFileSync(join(out, 'dev', `.staging-rendered-${dead}`, 'istiod.yaml'), 'a: 1\n');
    mkdirSync(join(out, `.staging-qa-${dead}`));
    writeFileSync(join(out, `.staging-qa-${dead}`, 'notes.txt'), 'mine\n');
    mkdirSync(join(out, `prod.previous-${dead}`));
    const notes: string[] = [];
    recoverOutput(out, (l) => notes.push(l));
    expect(notes).toEqual([
      `note: removed ${join(out, `.staging-prod-${dead}`)}, the incomplete output of an interrupted groundwork run`,
      `warning: ${join(out, `.staging-qa-${dead}`)} looks like a staging folder of a groundwork run but holds files Groundwork did not write, or its run is alive; left in place; fix: delete it once you have checked its contents`,
      `warning: ${join(out, `prod.previous-${dead}`)} is the previous output of ${join(out, 'prod')}, left by an interrupted groundwork run; fix: if ${join(out, 'prod')} is missing or incomplete, move it back (mv ${join(out, `prod.previous-${dead}`)} ${join(out, 'prod')}), otherwise delete it`,
      `note: removed ${join(out, 'dev', `.staging-rendered-${dead}`)}, the incomplete output of an interrupted groundwork run`,
    ]);
    expect(readdirSync(out).sort()).toEqual(['.staging-qa-' + dead, 'dev', 'prod', `prod.previous-${dead}`].sort());
  });

  it('refuses to guess from a journal it cannot read', () => {
    const out = previousOutput();
    writeFileSync(join(out, JOURNAL_FILE), '{"tool":"groundwork","entries":[{"target":"../etc"}]}');
    expect(() => writeEnvironments(out, fakeEnvironments('new', ENVS))).toThrow(`${join(out, JOURNAL_FILE)} is not a journal this groundwork can read`);
    expect(Object.keys(readTree(out)).filter((p) => p !== JOURNAL_FILE)).toEqual(Object.keys(OLD));
  });

  it('the real CLI killed between the two renames of dev: the next synth restores, then replaces it, and leaves nothing behind', async () => {
    const out = temporaryFolder();
    writeEnvironments(out, fakeEnvironments('old', ['dev']));
    const before = readTree(out);
    const killed = await runNode('lib/cli/main.ts', ['synth', '--env', 'dev', '--out', out], { GROUNDWORK_TEST_CRASH_AT: 'after-backup:0' });
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(out)).not.toContain('dev'); // the kill left no dev/: only the journal knows where it went
    const oldDev = Object.fromEntries(Object.entries(before).filter(([p]) => p.startsWith('dev/')).map(([p, c]) => [p.slice('dev/'.length), c]));
    expect(readTree(join(out, `.groundwork-previous-dev-${killed.pid}`))).toEqual(oldDev);
    const { main } = await import('../../lib/cli/main');
    const err: string[] = [];
    expect(await main(['synth', '--env', 'dev', '--out', out], { out: () => undefined, err: (l) => err.push(l) })).toBe(0);
    expect(err.join('\n')).toMatch(/note: taking over the stale lock .*\nnote: rolled back an interrupted groundwork run \(pid \d+ on .*\): the output it was replacing is restored/);
    expect(readdirSync(out)).toEqual(['dev']);
    expect(readdirSync(join(out, 'dev')).sort()).toEqual(['.groundwork-output.json', 'cloud.json', 'manifests']);
  }, 120_000); // two synths of dev, one in a ts-node child: slow on a shared 2-core machine
});
