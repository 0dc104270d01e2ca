/**
 * Output roots Groundwork refuses outright: the file-system root, the home folder, and any
 * folder holding a project's own sources. A spec named `lib` with `--out .` in a checkout would
 * otherwise aim at the checkout's `lib/`; the ownership marker already stops the deletion, this
 * stops the attempt with a message that says what to pass instead.
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, relative, resolve, sep } from 'node:path';

/** What marks a folder as a project's sources. */
const PROJECT_FILES = ['package.json', '.git'];

/**
 * Files that are sources wherever they sit (`lib/index.ts`, `tsconfig.json`): a folder holding
 * one is a source folder, even below a project root (`--out lib`). Compiled output (`.js`,
 * `.d.ts`) is not: a team's `dist/` of tsc output stays a valid output root.
 */
const SOURCE_FILE = /^(?!.*\.d\.[cm]?ts$).*\.([cm]?ts|tsx)$|^tsconfig(\..+)?\.json$/;

/** The first source file directly in `dir`, if any. */
function sourceFileIn(dir: string): string | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true }).find((e) => e.isFile() && SOURCE_FILE.test(e.name))?.name;
  } catch {
    return undefined; // not there yet, or unreadable: the writer reports that itself
  }
}

/** The places a refused root is judged against (tests pass their own). */
export interface RootContext {
  /** The process's working folder. @default process.cwd() */
  cwd: string;
  /** Home folders. @default os.homedir() and $HOME */
  homes: readonly string[];
  /** The Groundwork package's own folder. @default the nearest folder above this file holding package.json */
  packageRoot: string | undefined;
}

/** Resolve symbolic links of the part of `path` that exists (the rest may be created later). */
function realPath(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
}

function isProject(dir: string): boolean {
  return PROJECT_FILES.some((f) => existsSync(join(dir, f)));
}

/** The nearest folder at or above `dir` that holds a project's sources. */
function projectRootOf(dir: string): string | undefined {
  for (let current = realPath(dir); ; current = dirname(current)) {
    if (isProject(current)) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** Is `dir` `other` or one of its ancestors? */
function holds(dir: string, other: string): boolean {
  const rel = relative(dir, other);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !parse(rel).root);
}

function defaultContext(): RootContext {
  return {
    cwd: process.cwd(),
    homes: [homedir(), process.env.HOME].filter((h): h is string => Boolean(h)),
    packageRoot: projectRootOf(__dirname),
  };
}

/** Why `outDir` may not be an output root, or undefined when it may. */
export function refusedRootReason(outDir: string, context: RootContext = defaultContext()): string | undefined {
  const root = realPath(outDir);
  if (parse(root).root === root) return 'the file-system root';
  for (const home of context.homes) if (holds(root, realPath(home))) return root === realPath(home) ? 'your home folder' : `a folder holding your home folder ${home}`;
  const found = PROJECT_FILES.find((f) => existsSync(join(root, f)));
  if (found) return `a project's source folder (it holds ${found})`;
  const source = sourceFileIn(root);
  if (source) return `a source folder (it holds ${source})`;
  const projects = [projectRootOf(context.cwd), context.packageRoot].filter((p): p is string => Boolean(p));
  for (const project of projects) if (holds(root, realPath(project))) return `a folder holding the project ${project}`;
  return undefined;
}
