/**
 * The library as a team installs it: `npm run build`, `npm pack` into a fresh temp folder, and a
 * throwaway team repo there that depends on the tarball plus the peer dependencies. Shared by the
 * installed-package test and the examples/team-repo test (one mechanism, not two copies).
 * Installs prefer the npm cache `npm ci` filled; the registry is only the fallback.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (where package.json is). */
export const REPO_ROOT = resolve(__dirname, '../..');

const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};

/** The version of a package this repo installs (its devDependency pin). */
export function devVersion(name: string): string {
  const version = rootPackage.devDependencies[name];
  if (!version) throw new Error(`package.json has no devDependency ${name}`);
  return version;
}

/** The peer dependencies at the versions this repo tests with (the lower end of each range). */
export function peerPins(): Record<string, string> {
  return Object.fromEntries(['@pulumi/aws', '@pulumi/kubernetes', '@pulumi/pulumi'].map((name) => [name, devVersion(name)]));
}

/** Run a command; throws with its output when it fails. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Run a command and return its whole result, for tests that assert failures too. */
export function attempt(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A fresh temp folder (the caller removes it with `removeFolder`). */
export function tempFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** Remove a temp folder made by `tempFolder`. */
export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Build the library and pack it into `dir`; returns the tarball's path. */
export function packLibrary(dir: string): string {
  run('npm', ['run', 'build', '--silent'], REPO_ROOT);
  const name = run('npm', ['pack', '--silent', '--pack-destination', dir], REPO_ROOT).trim().split('\n').pop()!;
  return join(dir, name);
}

/** What goes into a team repo's package.json besides the tarball. */
export interface TeamRepoOptions {
  /** Runtime dependencies (the peers). @default peerPins() */
  dependencies?: Record<string, string>;
  /** Dev dependencies. @default typescript, ts-node and @types/node at this repo's versions */
  devDependencies?: Record<string, string>;
}

/** npm flags for a team install: the cache first, no audit, no scripts we never approved. */
const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** Write a team repo's package.json in `dir` (depending on `tarball`) and `npm install` it. */
export function installTeamRepo(dir: string, tarball: string, options: TeamRepoOptions = {}): void {
  const pkg = {
    name: 'throwaway-team-repo',
    private: true,
    dependencies: { [rootPackage.name]: `file:${tarball}`, ...(options.dependencies ?? peerPins()) },
    devDependencies: options.devDependencies ?? Object.fromEntries(['typescript', 'ts-node', '@types/node'].map((n) => [n, devVersion(n)])),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  run('npm', INSTALL, dir);
}

/** Copy a folder of this repo (e.g. examples/team-repo) into `dir`, without installed or built files. */
export function copyRepoFolder(from: string, dir: string): void {
  cpSync(join(REPO_ROOT, from), dir, { recursive: true, filter: (src) => !/[/\\](node_modules|bin|dist|out)([/\\]|$)/.test(src.slice(join(REPO_ROOT, from).length)) });
}

/** Install a copied team repo whose package.json names the tarball as `file:<tarball name>`. */
export function installCopiedRepo(dir: string, tarball: string): void {
  const file = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { dependencies: Record<string, string> };
  pkg.dependencies[rootPackage.name] = `file:${tarball}`;
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  run('npm', INSTALL, dir);
}

/** Pulumi's TypeScript template tsconfig (pulumi/templates aws-typescript), with a module/resolution variant. */
export function pulumiTemplateTsconfig(module: string, moduleResolution: string, esModuleInterop: boolean, files: string[]): string {
  const compilerOptions = {
    strict: true,
    outDir: 'bin',
    target: 'es2020',
    module,
    moduleResolution,
    sourceMap: true,
    experimentalDecorators: true,
    pretty: false,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
    // The template's defaults, spelled out: declarations are checked, interop is off.
    esModuleInterop,
    skipLibCheck: false,
    noEmit: true,
  };
  return `${JSON.stringify({ compilerOptions, files }, null, 2)}\n`;
}

/** `node -e` in `dir`, so `require` resolves as the team repo's code would. */
export function nodeEval(dir: string, code: string): string {
  return execFileSync(process.execPath, ['-e', code], { cwd: dir, encoding: 'utf8' });
}
