/**
 * File-system failures are reported with the path, the real cause and a fix, exit 2, no stack
 * trace: a read-only output folder says "permission denied", not ENOENT.
 */
import { spawnSync } from 'node:child_process';
import fs, { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../lib/cli/main';
import { describeFsError, OutputError, writeEnvironments } from '../../lib/output';
import { fakeEnvironments, readTree, removeTemporaryFolders, temporaryFolder } from './fixtures/output-files';
import { TS_REGISTER } from '../support/ts-child';

afterAll(removeTemporaryFolders);
afterEach(() => jest.restoreAllMocks());

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: something`), { code });

/** Make every file or folder creation under `dir` fail with `code`, as a read-only folder would. */
function failCreationsUnder(dir: string, code: string): void {
  const { openSync, mkdirSync: mkdir, writeFileSync } = fs;
  const under = (path: fs.PathLike): boolean => String(path).startsWith(`${dir}/`);
  jest.spyOn(fs, 'openSync').mockImplementation(((path: fs.PathLike, ...rest: unknown[]) => {
    if (under(path)) throw errno(code);
    return (openSync as (...a: unknown[]) => number)(path, ...rest);
  }) as typeof fs.openSync);
  jest.spyOn(fs, 'mkdirSync').mockImplementation(((path: fs.PathLike, ...rest: unknown[]) => {
    if (under(path)) throw errno(code);
    return (mkdir as (...a: unknown[]) => string | undefined)(path, ...rest);
  }) as typeof fs.mkdirSync);
  jest.spyOn(fs, 'writeFileSync').mockImplementation(((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (under(path as fs.PathLike)) throw errno(code);
    return (writeFileSync as (...a: unknown[]) => void)(path, ...rest);
  }) as typeof fs.writeFileSync);
}

describe('file-system errors', () => {
  it.each([
    ['EACCES', 'permission denied', 'make the folder writable for this user (chmod/chown) or pick another --out'],
    ['EPERM', 'permission denied (operation not permitted)', 'make the folder writable for this user'],
    ['EROFS', 'read-only file system', 'pick an --out on a writable file system'],
    ['ENOSPC', 'no space left on device', 'free some space or pick another --out'],
    ['EBUSY', 'resource busy (a mount point, or a file held open by another program)', 'unmount it or close the program using it'],
  ])('%s: names the path, says "%s" and gives the fix', (code, cause, fix) => {
    const error = describeFsError(errno(code), 'write', '/x/dev/cloud.json');
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot write /x/dev/cloud\\.json: ${cause.replace(/[()]/g, '\\$&')} \\(${code}\\); fix: .*${fix.replace(/[()]/g, '\\$&')}`));
  });

  it('leaves errors that are not file-system errors alone (a bug: exit 1 with the message)', () => {
    const bug = new TypeError('x is undefined');
    expect(describeFsError(bug, 'write', '/x')).toBe(bug);
  });

  it('a read-only output folder: permission denied, the lock path, the fix; nothing written', () => {
    const out = temporaryFolder();
    failCreationsUnder(out, 'EACCES');
    expect(() => writeEnvironments(out, fakeEnvironments('new'))).toThrow(
      `cannot create the lock file ${join(out, '.groundwork.lock')}: permission denied (EACCES); fix: make the folder writable for this user (chmod/chown) or pick another --out`,
    );
    jest.restoreAllMocks();
    expect(readTree(out)).toEqual({});
  });

  it('a read-only file system under an output root that does not exist yet', () => {
    const parent = temporaryFolder();
    failCreationsUnder(parent, 'EROFS');
    expect(() => writeEnvironments(join(parent, 'dist'), fakeEnvironments('new'))).toThrow(
      `cannot create the output folder ${join(parent, 'dist')}: read-only file system (EROFS); fix: pick an --out on a writable file system`,
    );
  });

  it('synth into a read-only folder exits 2 with "permission denied" and no stack trace', async () => {
    const out = temporaryFolder();
    failCreationsUnder(out, 'EACCES');
    const err: string[] = [];
    const code = await main(['synth', '--env', 'dev', '--out', out], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(`groundwork: cannot create the lock file ${join(out, '.groundwork.lock')}: permission denied (EACCES)`);
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('a folder made read-only with chmod 0555: permission denied, exit 2 (as root: the writer runs as nobody)', () => {
    const out = temporaryFolder();
    chmodSync(out, 0o755);
    mkdirSync(join(out, 'ro'));
    chmodSync(join(out, 'ro'), 0o555);
    const asRoot = process.getuid?.() === 0;
    const hasRunuser = spawnSync('runuser', ['--help']).status === 0;
    // chmod does not stop root: run the writer as an unprivileged user (or skip, saying why).
    if (asRoot && !hasRunuser) {
      process.stdout.write('skipped: running as root without runuser, where chmod 0555 does not stop writes (the mocked EACCES cases cover the message)\n');
      return;
    }
    const node = [process.execPath, '-r', TS_REGISTER, join(__dirname, 'fixtures', 'output-writer.ts'), join(out, 'ro'), 'new'];
    const [command, ...args] = asRoot ? ['runuser', '-u', 'nobody', '--', ...node] : node;
    const result = spawnSync(command, args, { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
    expect(result.stderr).toContain(`cannot create the lock file ${join(out, 'ro', '.groundwork.lock')}: permission denied (EACCES); fix: make the folder writable`);
    expect(result.status).toBe(2);
    expect(readTree(join(out, 'ro'))).toEqual({});
  });
});
