/**
 * Atomic output: every environment is written to a staging folder next to its destination,
 * then swapped in with renames. A run that fails before the swap leaves dist/ as it was.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareText } from '../spec/order';

/** Files of one environment, by path relative to `<out>/<env>/`. */
export interface EnvironmentFiles {
  env: string;
  files: ReadonlyMap<string, string>;
}

/** Write every environment into `outDir`, replacing each `<outDir>/<env>` as a whole. */
export function writeEnvironments(outDir: string, environments: readonly EnvironmentFiles[]): void {
  mkdirSync(outDir, { recursive: true });
  const staged: Array<{ staging: string; target: string }> = [];
  try {
    for (const { env, files } of environments) {
      const staging = join(outDir, `.staging-${env}-${process.pid}`);
      rmSync(staging, { recursive: true, force: true });
      staged.push({ staging, target: join(outDir, env) });
      for (const [relative, content] of [...files].sort(([a], [b]) => compareText(a, b))) {
        const path = join(staging, relative);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
      }
    }
  } catch (error) {
    for (const { staging } of staged) rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  for (const { staging, target } of staged) {
    const previous = `${target}.previous-${process.pid}`;
    if (existsSync(target)) renameSync(target, previous);
    renameSync(staging, target);
    rmSync(previous, { recursive: true, force: true });
  }
}
