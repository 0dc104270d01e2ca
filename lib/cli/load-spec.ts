/**
 * Loading a user's spec file: JSON, or a TypeScript/JavaScript module that exports one spec
 * (default export, `spec`, or a single exported object with a `name` and a `tier`).
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { UsageError } from './args';

function registerTypeScript(): void {
  if ((require.extensions as Record<string, unknown>)['.ts']) return; // already under ts-node
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
  } catch {
    throw new UsageError('loading a .ts spec needs ts-node: `npm install --save-dev ts-node`, or pass a .json spec');
  }
}

/** Read the spec exported by `file`; validation happens later, with every other problem. */
export function loadSpecFile(file: string): unknown {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read spec file "${file}"`);
  }
  const ext = extname(path);
  if (ext === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new UsageError(`spec file "${file}" is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (ext === '.ts' || ext === '.js' || ext === '.cjs') {
    if (ext === '.ts') registerTypeScript();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path) as Record<string, unknown>;
    const candidates = [mod.default, mod.spec].filter((v) => v && typeof v === 'object');
    if (candidates.length > 0) return candidates[0];
    const specs = Object.values(mod).filter((v) => v && typeof v === 'object' && 'name' in v && 'tier' in v);
    if (specs.length === 1) return specs[0];
    throw new UsageError(`"${file}" must export one spec: \`export default {...}\` or \`export const spec = {...}\``);
  }
  throw new UsageError(`spec file "${file}" must be .json, .ts or .js`);
}
