/**
 * Before the workers start, fill the plan and render caches of every render target once, in
 * parallel (two processes when there are two cores): about a dozen test files read the same seven rendered
 * environments, and without this the first files of each worker plan and render the same targets
 * at the same time. Only for a run of the whole suite (a path filter runs the few files asked
 * for, which fill the caches they need); GROUNDWORK_TEST_WARM=1 forces it, =0 turns it off.
 * A failure here only costs time: the tests render the target again and report the error.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Config } from '@jest/types';
import { TS_REGISTER } from './support/ts-child';
import { ALL_RENDER_TARGETS } from './support/variants';

/** Targets per process: similar environments together, so each process reuses its own renders. */
function groups(processes: number): string[][] {
  const names = ALL_RENDER_TARGETS.map((t) => t.name);
  const prodLike = names.filter((n) => n.startsWith('prod'));
  const rest = names.filter((n) => !n.startsWith('prod'));
  if (processes < 2) return [[...rest, ...prodLike]];
  return [prodLike, rest];
}

/** The warm-up program: TypeScript through the tests' cached swc transpile (test/support/ts-register.js). */
function warmProgram(): string {
  const script = JSON.stringify(join(__dirname, 'support', 'warm-caches.ts'));
  return `require(${JSON.stringify(TS_REGISTER)}); require(${script}).main(process.argv.slice(1));`;
}

function warm(names: readonly string[]): Promise<void> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['-e', warmProgram(), ...names], {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (error) => {
      process.stderr.write(`warming the test caches could not start: ${error.message}\n`);
      resolvePromise();
    });
    child.on('exit', () => resolvePromise());
  });
}

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const flag = process.env.GROUNDWORK_TEST_WARM;
  const filtered = globalConfig.nonFlagArgs.length > 0 || globalConfig.testPathPatterns.isSet() || Boolean(globalConfig.testNamePattern);
  const wholeSuite = !filtered && !globalConfig.onlyChanged && !globalConfig.findRelatedTests;
  if (flag === '0' || process.env.GROUNDWORK_TEST_PLAN_CACHE === '0' || (flag !== '1' && !wholeSuite)) return;
  const started = Date.now();
  await Promise.all(groups(availableParallelism()).map(warm));
  process.stdout.write(`\ntest caches warmed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
