/**
 * The tests' own machinery for running TypeScript: jest's module runtime through vm.Script
 * (script-runtime.js) keeps module semantics and stack positions, and the child processes'
 * swc hook (ts-register.js) transpiles each content once and never serves stale code.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { globalObject, shadowed, today } from './fixtures/shadowed-intrinsics';
import { stack } from './fixtures/stack-position';
import { TS_REGISTER } from './ts-child';

describe('jest module runtime (vm.Script)', () => {
  it('gives a module the CommonJS wrapper parameters and its own file name', () => {
    expect(typeof module.exports).toBe('object');
    expect(typeof require).toBe('function');
    expect(__filename).toBe(join(__dirname, 'test-runtime.test.ts'));
    expect(typeof jest.fn).toBe('function');
  });

  it('reports stack positions by source line and column, the wrapper taking none', () => {
    expect(stack).toContain(`${join(__dirname, 'fixtures', 'stack-position.ts')}:2:22`);
  });

  it("binds the test context's own intrinsics, which a module may declare itself, and leaves Date to fake timers", () => {
    expect(globalObject()).toBe(globalThis.Object);
    // Bound at load: replacing the global afterwards does not reach the module (GROUNDWORK_TEST_COMPILE_FUNCTION=1 fails this).
    const original = globalThis.Object;
    try {
      (globalThis as { Object: unknown }).Object = function Replaced() {};
      expect(globalObject()).toBe(original);
    } finally {
      globalThis.Object = original;
    }
    expect(shadowed).toBe('a module-level Map');
    jest.useFakeTimers({ now: new Date('2031-05-01T00:00:00Z'), doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'setTimeout', 'clearTimeout'] });
    try {
      expect(today()).toBe(2031);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("jest module runtime: transforms shared with the worker's later test files", () => {
  it('serves a module transformed by an earlier file, and transforms a module edited since anew', () => {
    // Two test files in one process: each expects the module to hold the value the counter
    // file says, then edits the module (same size, later mtime) and bumps the counter, so
    // whichever runs second fails if it is given the first file's transform.
    const dir = mkdtempSync(join(tmpdir(), 'gw-runtime-'));
    writeFileSync(join(dir, 'answer.js'), 'exports.answer = 1;\n');
    writeFileSync(join(dir, 'counter'), '1');
    const testFile = [
      "const { readFileSync, utimesSync, writeFileSync } = require('node:fs');",
      "const { join } = require('node:path');",
      "test('reads the edited module', () => {",
      "  const expected = Number(readFileSync(join(__dirname, 'counter'), 'utf8'));",
      "  expect(require('./answer').answer).toBe(expected);",
      "  const module = join(__dirname, 'answer.js');",
      "  writeFileSync(module, `exports.answer = ${expected + 1};\\n`);",
      "  utimesSync(module, new Date(), new Date(Date.now() + expected * 60000));",
      "  writeFileSync(join(__dirname, 'counter'), String(expected + 1));",
      '});',
    ].join('\n');
    writeFileSync(join(dir, 'a.test.js'), testFile);
    writeFileSync(join(dir, 'b.test.js'), testFile);
    const config = { rootDir: dir, runtime: join(__dirname, 'script-runtime.js'), transform: {}, testEnvironment: 'node', cacheDirectory: join(dir, 'jest-cache') };
    const jestBin = join(__dirname, '..', '..', 'node_modules', 'jest', 'bin', 'jest.js');
    const result = spawnSync(process.execPath, [jestBin, '--config', JSON.stringify(config), '--runInBand', '--ci'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GROUNDWORK_TEST_COMPILE_FUNCTION: '' } });
    expect(result.stderr).toContain('Tests:       2 passed, 2 total');
    expect(result.status).toBe(0);
  });
});

describe('AsyncLocalStorage instances of earlier test files (release-async-storage.js)', () => {
  it('turns off at the next file start the storages enabled before it, and a storage used again turns back on', () => {
    const storage = new AsyncLocalStorage<number>();
    storage.run(1, () => expect(storage.getStore()).toBe(1));
    expect((storage as unknown as { enabled: boolean }).enabled).toBe(true);
    // What jest does when the next test file of this worker starts: its setupFiles run.
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./release-async-storage.js');
    });
    expect((storage as unknown as { enabled: boolean }).enabled).toBe(false);
    storage.run(2, () => expect(storage.getStore()).toBe(2));
    expect((storage as unknown as { enabled: boolean }).enabled).toBe(true);
  });
});

describe('child-process TypeScript hook (ts-register.js)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-ts-register-'));
  const cache = join(dir, 'cache');
  const script = join(dir, 'probe.ts');
  const entries = (): string[] => readdirSync(cache).filter((f) => f.endsWith('.js'));
  const run = (): string => {
    const result = spawnSync(process.execPath, ['-r', TS_REGISTER, script], { encoding: 'utf8', env: { ...process.env, GROUNDWORK_TS_CACHE: cache } });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout;
  };

  it('runs TypeScript, caches the transpiled text, and transpiles a changed file anew', () => {
    writeFileSync(script, "const answer: number = 1;\nclass Field { value = answer; }\nprocess.stdout.write(String(new Field().value));\n");
    expect(run()).toBe('1');
    expect(entries()).toHaveLength(1);
    expect(run()).toBe('1'); // from the cache: no new entry
    expect(entries()).toHaveLength(1);
    writeFileSync(script, "const answer: number = 2;\nprocess.stdout.write(String(answer));\n");
    expect(run()).toBe('2');
    expect(entries()).toHaveLength(2);
  });
});
