/**
 * Groundwork replaces only folders it wrote: anything of the user's in the way is an error that
 * names the path and the fix, and nothing is written or deleted.
 */
import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { OutputError, writeEnvironments } from '../../lib/output';
import { fakeEnvironments, readTree, removeTemporaryFolders, temporaryFolder } from './fixtures/output-files';

afterAll(removeTemporaryFolders);

/** The OutputError `write` throws (fails the test when it throws nothing or something else). */
function refusal(write: () => void): string {
  try {
    write();
  } catch (error) {
    expect(error).toBeInstanceOf(OutputError);
    return (error as Error).message;
  }
  throw new Error('expected an OutputError');
}

/** An output root holding Groundwork's dev and prod of run "old". */
function previousOutput(): string {
  const out = temporaryFolder();
  writeEnvironments(out, fakeEnvironments('old', ['dev', 'prod']));
  return out;
}

describe('output ownership', () => {
  it('refuses an environment requested twice and leaves the previous output intact', () => {
    const out = previousOutput();
    const before = readTree(out);
    const message = refusal(() => writeEnvironments(out, fakeEnvironments('new', ['prod', 'prod'])));
    expect(message).toContain('environment "prod" is requested twice; fix: request each environment once');
    expect(message).toContain('nothing was written or deleted.');
    expect(readTree(out)).toEqual(before);
  });

  it('refuses environment names that differ only in case (one folder on macOS and Windows)', () => {
    expect(refusal(() => writeEnvironments(temporaryFolder(), fakeEnvironments('new', ['dev', 'Dev'])))).toContain(
      'environments "dev" and "Dev" would be written to the same folder on a case-insensitive file system',
    );
  });

  it.each([
    ['..', 'is a relative path'],
    ['a/b', 'contains a path separator'],
    ['', 'is empty'],
    ['.git', 'starts with a dot'],
  ])('refuses the environment name %j: it %s', (name, reason) => {
    const out = temporaryFolder();
    expect(refusal(() => writeEnvironments(out, fakeEnvironments('new', [name])))).toContain(`environment name ${JSON.stringify(name)} ${reason}`);
    expect(readTree(out)).toEqual({});
  });

  it('synth --env dev --env dev exits 2 and leaves dist/dev intact', async () => {
    const out = temporaryFolder();
    writeEnvironments(out, fakeEnvironments('old', ['dev']));
    const before = readTree(out);
    const err: string[] = [];
    const code = await main(['synth', '--env', 'dev', '--env', 'dev', '--out', out], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/dev.*(twice|more than once|once)/);
    expect(readTree(out)).toEqual(before);
  });

  it('refuses a folder named like the environment that has no marker, naming it; its files survive', () => {
    // A plain folder with a source tree: a spec named "lib" must not replace lib/.
    const out = temporaryFolder();
    mkdirSync(join(out, 'lib'));
    writeFileSync(join(out, 'lib', 'x.ts'), 'export const x = 1;\n');
    const message = refusal(() => writeEnvironments(out, fakeEnvironments('new', ['lib'])));
    expect(message).toContain(`${join(out, 'lib')}: a folder without a valid Groundwork marker (.groundwork-output.json): not written by Groundwork`);
    expect(message).toContain('fix: move your files out of the output folder, pick another --out, or delete these paths yourself');
    expect(readTree(out)).toEqual({ lib: '<dir>', 'lib/x.ts': 'export const x = 1;\n' });
  });

  it('refuses a Groundwork folder holding a file of the user, a changed file, a link or a folder of theirs, naming each; nothing changes', () => {
    const out = previousOutput();
    writeFileSync(join(out, 'dev', 'notes.txt'), 'mine\n');
    writeFileSync(join(out, 'dev', 'cloud.json'), 'edited\n');
    symlinkSync('/etc', join(out, 'prod', 'etc'));
    mkdirSync(join(out, 'prod', 'mine'));
    const before = readTree(out);
    const message = refusal(() => writeEnvironments(out, fakeEnvironments('new', ['dev', 'prod'])));
    expect(message).toContain(`${join(out, 'dev', 'notes.txt')}: a file Groundwork did not write`);
    expect(message).toContain(`${join(out, 'dev', 'cloud.json')}: changed since Groundwork wrote it`);
    expect(message).toContain(`${join(out, 'prod', 'etc')}: a symbolic link Groundwork did not write`);
    expect(message).toContain(`${join(out, 'prod', 'mine')}: a folder Groundwork did not write`);
    expect(readTree(out)).toEqual(before);
  });

  it('refuses a regular file or a symbolic link where the environment folder goes', () => {
    const out = temporaryFolder();
    writeFileSync(join(out, 'dev'), 'a file\n');
    symlinkSync(temporaryFolder(), join(out, 'prod'));
    const message = refusal(() => writeEnvironments(out, fakeEnvironments('new', ['dev', 'prod'])));
    expect(message).toContain(`${join(out, 'dev')}: a file, not a folder Groundwork wrote`);
    expect(message).toContain(`${join(out, 'prod')}: a symbolic link, not a folder Groundwork wrote`);
    expect(readTree(out)).toMatchObject({ dev: 'a file\n', prod: '<link>' });
  });

  it('replaces a Groundwork folder from which the user deleted a file (nothing of theirs is lost)', () => {
    const out = previousOutput();
    unlinkSync(join(out, 'dev', 'cloud.json'));
    writeEnvironments(out, fakeEnvironments('new', ['dev']));
    expect(readTree(out)['dev/cloud.json']).toContain('"run":"new"');
  });

  it('render writes <env>/rendered/ with its own marker and leaves synth files alone', () => {
    const out = previousOutput();
    writeEnvironments(out, [{ env: 'dev', files: new Map([['cert-manager.yaml', 'kind: A\n']]) }], { subfolder: 'rendered' });
    writeEnvironments(out, [{ env: 'dev', files: new Map([['istiod.yaml', 'kind: B\n']]) }], { subfolder: 'rendered' });
    const tree = readTree(out);
    expect(Object.keys(tree).filter((p) => p.startsWith('dev/rendered/'))).toEqual(['dev/rendered/.groundwork-output.json', 'dev/rendered/istiod.yaml']);
    expect(tree['dev/cloud.json']).toContain('"run":"old"');
  });

  it('render refuses a rendered/ folder holding a file of the user and an environment folder that is not Groundwork\'s', () => {
    const out = previousOutput();
    writeEnvironments(out, [{ env: 'dev', files: new Map([['a.yaml', 'kind: A\n']]) }], { subfolder: 'rendered' });
    writeFileSync(join(out, 'dev', 'rendered', 'mine.yaml'), 'mine\n');
    mkdirSync(join(out, 'docs'));
    writeFileSync(join(out, 'docs', 'index.md'), '# mine\n');
    const before = readTree(out);
    const message = refusal(() =>
      writeEnvironments(out, ['dev', 'docs'].map((env) => ({ env, files: new Map([['a.yaml', 'kind: B\n']]) })), { subfolder: 'rendered' }),
    );
    expect(message).toContain(`${join(out, 'dev', 'rendered', 'mine.yaml')}: a file Groundwork did not write`);
    expect(message).toContain(`${join(out, 'docs')}: a folder without a valid Groundwork marker`);
    expect(readTree(out)).toEqual(before);
  });

  it('synth replaces an environment folder holding a valid rendered/ (stale after a new synth) and drops it', () => {
    const out = previousOutput();
    writeEnvironments(out, [{ env: 'dev', files: new Map([['a.yaml', 'kind: A\n']]) }], { subfolder: 'rendered' });
    writeEnvironments(out, fakeEnvironments('new', ['dev']));
    expect(Object.keys(readTree(join(out, 'dev')))).not.toContain('rendered');
  });

  it('synth takes an environment folder that render created (it holds only rendered/)', () => {
    const out = temporaryFolder();
    writeEnvironments(out, [{ env: 'dev', files: new Map([['a.yaml', 'kind: A\n']]) }], { subfolder: 'rendered' });
    writeEnvironments(out, fakeEnvironments('new', ['dev']));
    expect(readTree(out)['dev/cloud.json']).toContain('"run":"new"');
  });

  it('refuses a rendered/ whose files the user changed inside a synth folder', () => {
    const out = previousOutput();
    writeEnvironments(out, [{ env: 'dev', files: new Map([['a.yaml', 'kind: A\n']]) }], { subfolder: 'rendered' });
    writeFileSync(join(out, 'dev', 'rendered', 'a.yaml'), 'kind: Mine\n');
    expect(refusal(() => writeEnvironments(out, fakeEnvironments('new', ['dev'])))).toContain(`${join(out, 'dev', 'rendered', 'a.yaml')}: changed since Groundwork wrote it`);
  });
});
