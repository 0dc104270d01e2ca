/**
 * Finding and loading the team config: `--config FILE`, else `groundwork.config.ts`, `.js`,
 * `.cjs` or `.json` in the current folder, else none. A .ts config loads through the same
 * ts-node registration as a .ts spec. Every failure is a SpecLoadError naming the file and the
 * fix (exit 2, nothing written); a config that loads but is wrong is a ConfigValidationError.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { registerTypeScript, SpecLoadError } from '../cli/load-spec';
import { printableLines, quoted } from '../spec/printable';
import { NO_CONFIG, resolveConfig, type ResolvedConfig } from './groundwork-config';

/** File names looked for in the current folder, in this order. */
export const CONFIG_FILES = ['groundwork.config.ts', 'groundwork.config.js', 'groundwork.config.cjs', 'groundwork.config.json'];

/** The config module's export: its default export, else the module itself. */
function configExport(mod: unknown): unknown {
  const exports = mod as { default?: unknown } | undefined;
  return exports && typeof exports === 'object' && 'default' in exports ? exports.default : mod;
}

function loadFile(file: string, path: string): unknown {
  const ext = extname(path);
  if (!['.ts', '.js', '.cjs', '.json'].includes(ext)) throw new SpecLoadError(`config file ${quoted(file)} must be .ts, .js or .json`);
  if (!existsSync(path)) throw new SpecLoadError(`config file ${quoted(file)} does not exist (looked for ${quoted(path)}); check the path, or leave out --config`);
  if (statSync(path).isDirectory()) throw new SpecLoadError(`config file ${quoted(file)} is a directory; pass the file, e.g. --config ${quoted(join(file, 'groundwork.config.ts'))}`);
  if (ext === '.json') {
    try {
      return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    } catch (error) {
      throw new SpecLoadError(`config file ${quoted(file)} is not valid JSON: ${printableLines((error as Error).message)}`);
    }
  }
  if (ext === '.ts') registerTypeScript();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return configExport(require(path));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SpecLoadError(`config module ${quoted(file)} failed while loading: ${printableLines(message)}`);
  }
}

/** The config of this run: `file` when given, else the first of CONFIG_FILES in `cwd`, else none. */
export function loadConfig(file: string | undefined, cwd = process.cwd()): ResolvedConfig {
  const given = file ?? CONFIG_FILES.find((name) => existsSync(join(cwd, name)));
  if (given === undefined) return NO_CONFIG;
  const path = resolve(cwd, given);
  return resolveConfig(loadFile(given, path), given, dirname(path));
}
