/**
 * The CLI's V8 code cache (lib/cli/compile-cache.ts): the second run takes its modules from the
 * cache; a damaged, foreign or stale cache is ignored (the module compiles from its source); a
 * cache folder that cannot be written never fails the command; the switch turns it off. Runs
 * in child processes: jest's own loader is not the one the cache hooks (checked too).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compileCacheFile, enableCompileCache } from '../../lib/cli/compile-cache';
import { USAGE } from '../../lib/cli/args';
import { TS_REGISTER } from '../support/ts-child';

const ROOT = join(__dirname, '..', '..');

const dirs: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'groundwork-compile-cache-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Run {
  code: number;
  out: string;
  /** From the GROUNDWORK_DEBUG line; undefined when the cache was not installed. */
  fromCache?: number;
  compiled?: number;
}

function node(args: readonly string[], cache: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, ['-r', TS_REGISTER, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 110_000,
    env: { ...process.env, XDG_CACHE_HOME: cache, GROUNDWORK_DEBUG: '1', GROUNDWORK_NO_COMPILE_CACHE: '', ...env },
  });
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
  const counts = /compile cache .*: (\d+) modules from cache, (\d+) compiled/.exec(result.stderr);
  return { code: result.status, out: result.stdout.trim(), fromCache: counts ? Number(counts[1]) : undefined, compiled: counts ? Number(counts[2]) : undefined };
}

/** `groundwork --help`, as a user runs it (the CLI entry installs the cache): a few seconds each. */
const help = (cache: string, env?: NodeJS.ProcessEnv): Run => node([join(ROOT, 'lib', 'cli', 'main.ts'), '--help'], cache, env);

/** The cache file a run with this XDG_CACHE_HOME uses. */
function cacheFileUnder(cache: string): string {
  const saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = cache;
  try {
    return compileCacheFile();
  } finally {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  }
}

/**
 * A tiny program with the cache on: three modules whose sources are in `dir` (fast, so the
 * damage cases run here; the CLI cases above show the CLI entry installs the same code).
 */
function modules(dir: string, cache: string): Run {
  const files = ['a', 'b', 'c'].map((n) => JSON.stringify(join(dir, `${n}.js`)));
  const script = `require(${JSON.stringify(join(ROOT, 'lib', 'cli', 'compile-cache.ts'))}).enableCompileCache();
process.stdout.write([${files.join(', ')}].map((f) => require(f).answer()).join(' '));`;
  return node(['-e', script], cache);
}
function writeModules(dir: string, answers: string): void {
  answers.split(' ').forEach((answer, i) => writeFileSync(join(dir, `${'abc'[i]}.js`), `exports.answer = () => '${answer}';\n`));
}

describe('CLI compile cache', () => {
  it('the second run of the CLI takes its modules from the cache, with the same output', () => {
    const cache = tmp();
    const first = help(cache);
    expect(first).toMatchObject({ code: 0, out: USAGE, fromCache: 0 });
    expect(first.compiled).toBeGreaterThan(500); // the whole CLI: spec, add-ons, cdk8s, Pulumi
    expect(existsSync(cacheFileUnder(cache))).toBe(true);
    expect(help(cache)).toMatchObject({ code: 0, out: USAGE, fromCache: first.compiled, compiled: 0 });
  });

  it('a cache folder that cannot be made does not break the CLI', () => {
    const notAFolder = join(tmp(), 'file');
    writeFileSync(notAFolder, 'XDG_CACHE_HOME is a file');
    expect(help(notAFolder)).toEqual({ code: 0, out: USAGE, fromCache: undefined, compiled: undefined });
  });

  it('runs the edited source, not the cached code, when a module changes (even to the same length)', () => {
    const [cache, dir] = [tmp(), tmp()];
    writeModules(dir, 'one two six');
    expect(modules(dir, cache)).toMatchObject({ out: 'one two six', fromCache: 0, compiled: 3 });
    expect(modules(dir, cache)).toMatchObject({ out: 'one two six', fromCache: 3, compiled: 0 });
    // Same length: V8's own check (the source's length) would accept the old code.
    writeModules(dir, 'one two ten');
    expect(modules(dir, cache)).toMatchObject({ out: 'one two ten', fromCache: 2, compiled: 1 });
    expect(modules(dir, cache)).toMatchObject({ out: 'one two ten', fromCache: 3, compiled: 0 });
  });

  it('ignores damaged cached code (that module compiles from source) and repairs the cache', () => {
    const [cache, dir] = [tmp(), tmp()];
    writeModules(dir, 'one two six');
    modules(dir, cache);
    const file = cacheFileUnder(cache);
    const bytes = readFileSync(file);
    // The last bytes: inside the last module's cached code, past the header and index.
    for (let i = bytes.length - 16; i < bytes.length; i++) bytes[i] ^= 0xff;
    writeFileSync(file, bytes);
    expect(modules(dir, cache)).toMatchObject({ out: 'one two six', fromCache: 2, compiled: 1 });
    expect(modules(dir, cache)).toMatchObject({ out: 'one two six', fromCache: 3, compiled: 0 });
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ['not a cache file', () => Buffer.from('{"hello": "world"}')],
    ['empty', () => Buffer.alloc(0)],
  ])('ignores a cache file that is %s', (_name, damage) => {
    const [cache, dir] = [tmp(), tmp()];
    writeModules(dir, 'one two six');
    modules(dir, cache);
    const file = cacheFileUnder(cache);
    writeFileSync(file, damage(readFileSync(file)));
    expect(modules(dir, cache)).toMatchObject({ out: 'one two six', fromCache: 0, compiled: 3 });
  });

  it('a cache file that cannot be read or written is no cache, and no failure', () => {
    const [cache, dir] = [tmp(), tmp()];
    writeModules(dir, 'one two six');
    mkdirSync(cacheFileUnder(cache), { recursive: true }); // its path is a folder
    expect(modules(dir, cache)).toMatchObject({ code: 0, out: 'one two six', fromCache: 0, compiled: 3 });
    expect(modules(dir, cache)).toMatchObject({ code: 0, out: 'one two six', fromCache: 0, compiled: 3 });
  });

  it('GROUNDWORK_NO_COMPILE_CACHE=1 turns it off', () => {
    const cache = tmp();
    expect(node(['-e', `process.stdout.write(require(${JSON.stringify(join(ROOT, 'lib', 'cli', 'compile-cache.ts'))}).enableCompileCache())`], cache, { GROUNDWORK_NO_COMPILE_CACHE: '1' })).toMatchObject({ out: 'disabled' });
    expect(existsSync(cacheFileUnder(cache))).toBe(false);
  });

  it('only the CLI entry installs it, first; the library and the Pulumi program never do', () => {
    const installers = (dir: string): string[] =>
      (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts') && /install-compile-cache'|enableCompileCache\(/.test(readFileSync(join(ROOT, dir, f), 'utf8')))
        .map((f) => join(dir, f))
        .sort();
    expect(installers('lib')).toEqual(['lib/cli/compile-cache.ts', 'lib/cli/install-compile-cache.ts', 'lib/cli/main.ts']);
    expect(installers('stacks')).toEqual([]);
    const firstImport = readFileSync(join(ROOT, 'lib', 'cli', 'main.ts'), 'utf8').split('\n').find((line) => line.startsWith('import '));
    expect(firstImport).toContain("'./install-compile-cache'");
  });

  it('is not installed under another module loader (jest)', () => {
    expect(enableCompileCache({}, join(tmp(), 'never.bin'))).toBe('unsupported');
  });
});
