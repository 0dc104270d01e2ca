/**
 * Loading a user's spec file: JSON, or a TypeScript/JavaScript module that exports one spec
 * (default export, `spec`, or a single exported object with a `name` and a `tier`). Every way
 * this can fail is a SpecLoadError naming the file and the fix: exit 2, nothing written.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { describeValue, printable, printableLines, quoted } from '../spec/printable';

/** A spec file that cannot be read or loaded; printed as `groundwork: <message>`, exit code 2. */
export class SpecLoadError extends Error {}

/** Thrown in place of exiting when a spec module calls `process.exit` while it loads. */
class ExitWhileLoading extends Error {
  constructor(readonly code: unknown) {
    super('process.exit called while loading a spec module');
  }
}

const EXTENSIONS = ['.json', '.ts', '.js', '.cjs'];

/** Load .ts modules through ts-node (spec modules, and groundwork.config.ts). */
export function registerTypeScript(): void {
  if ((require.extensions as Record<string, unknown>)['.ts']) return; // already under ts-node
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    // `skipProject`: the team's tsconfig is for its own build (Pulumi's template, node16, bundler…);
    // mixing its module settings with the commonjs a `require`d spec needs is TS5110. A spec is
    // data, so it is transpiled alone, with only the options below.
    require('ts-node').register({ transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', target: 'es2022', esModuleInterop: true } });
  } catch {
    throw new SpecLoadError('loading a .ts spec needs ts-node: `npm install --save-dev ts-node`, or pass a .json spec');
  }
}

/** The file's text; each reason it cannot be read gets its own message and fix. */
function readSpecText(file: string, path: string): string {
  const name = quoted(file);
  try {
    if (statSync(path).isDirectory()) throw new SpecLoadError(`spec file ${name} is a directory; pass the spec file in it, e.g. --spec ${quoted(`${file}/spec.json`)}`);
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof SpecLoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SpecLoadError(`spec file ${name} does not exist (looked for ${quoted(path)}); check the path, or write one with \`groundwork spec --env dev > spec.json\``);
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new SpecLoadError(`spec file ${name} cannot be read: permission denied; make it readable (chmod u+r ${quoted(file)}) or pass a copy you can read`);
    }
    throw new SpecLoadError(`spec file ${name} cannot be read (${code ?? (error as Error).message}); check that it is a regular file you can read`);
  }
}

/** `line 3, column 7` for JSON.parse's "at position N". */
function jsonLocation(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const message = (e as Error).message;
    throw new SpecLoadError(`spec file ${quoted(file)} is not valid JSON: ${printable(message)}${jsonLocation(text, message)}`);
  }
}

/** What a module threw, as text that is never empty and never just "undefined". */
function thrownText(thrown: unknown, path: string): string {
  if (thrown instanceof Error) {
    const at = thrown.stack?.split('\n').find((line) => line.includes(path))?.match(/:(\d+)(?::(\d+))?\)?\s*$/);
    const where = at ? ` (line ${at[1]})` : '';
    return `${thrown.message.trim() ? thrown.message : `${thrown.name} without a message`}${where}`;
  }
  if (typeof thrown === 'string') return thrown.trim() ? thrown : 'it threw an empty string';
  return `it threw ${describeValue(thrown)} instead of an Error`;
}

/** The spec a module exports, run with process.exit disarmed. */
function requireSpecModule(file: string, path: string): unknown {
  const exit = process.exit;
  // A module that exits while it loads would end groundwork with its exit code and no message.
  process.exit = ((code?: unknown) => {
    throw new ExitWhileLoading(code);
  }) as typeof process.exit;
  let mod: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(path);
  } catch (thrown) {
    if (thrown instanceof ExitWhileLoading) {
      const code = thrown.code === undefined ? '' : String(thrown.code);
      throw new SpecLoadError(`spec module ${quoted(file)} called process.exit(${printableLines(code)}) while loading; a spec module must only export a spec`);
    }
    const text = printableLines(thrownText(thrown, path)).replace(/\n/g, '\n  ');
    throw new SpecLoadError(`spec module ${quoted(file)} failed while loading: ${text}`);
  } finally {
    process.exit = exit;
  }
  const exports = (mod && typeof mod === 'object' ? mod : {}) as Record<string, unknown>;
  const isSpec = (v: unknown): boolean => Boolean(v) && typeof v === 'object' && 'name' in (v as object) && 'tier' in (v as object);
  if (isSpec(exports)) return exports; // `module.exports = spec`
  const candidates = [exports.default, exports.spec].filter((v) => v && typeof v === 'object');
  if (candidates.length > 0) return candidates[0];
  const specs = Object.values(exports).filter(isSpec);
  if (specs.length === 1) return specs[0];
  throw new SpecLoadError(`${quoted(file)} must export one spec: \`export default {...}\` or \`export const spec = {...}\``);
}

/** Read the spec exported by `file`; validation happens later, with every other problem. */
export function loadSpecFile(file: string): unknown {
  const path = resolve(file);
  const ext = extname(path);
  if (!EXTENSIONS.includes(ext)) throw new SpecLoadError(`spec file ${quoted(file)} must be .json, .ts or .js`);
  // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse rejects.
  const text = readSpecText(file, path).replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    throw new SpecLoadError(
      ext === '.json'
        ? `spec file ${quoted(file)} is empty; write a spec in it, e.g. \`groundwork spec --env dev > ${quoted(file)}\``
        : `spec module ${quoted(file)} is empty; export a spec from it: \`export default {...}\``,
    );
  }
  if (ext === '.json') return parseJson(file, text);
  if (ext === '.ts') registerTypeScript();
  return requireSpecModule(file, path);
}
