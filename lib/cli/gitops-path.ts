/**
 * Where the manifests of a GitOps run are in the Git repository. Argo CD's root Application syncs
 * `addons.gitops.path`; when the spec does not set it, it is derived from where this run writes
 * the manifests (`<out>/<env>/manifests`) relative to the root of the Git repository holding
 * `--out`, so `--out out/` gives `out/<env>/manifests` instead of a path nobody commits to.
 */
import { existsSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { printable } from '../spec/printable';
import type { Platform } from '../blueprint/platform';

/** The root of the Git repository `path` is in (the nearest folder with a `.git`), or undefined. */
export function gitRepositoryRoot(path: string): string | undefined {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** `<out>/<env>/manifests` relative to the repository root holding it (else to the working folder), with `/` separators. */
export function manifestsPathInRepository(outDir: string, env: string): { path: string; inRepository: boolean } {
  const written = resolve(outDir, env, 'manifests');
  const root = gitRepositoryRoot(written);
  return { path: relative(root ?? process.cwd(), written).split(sep).join('/'), inRepository: root !== undefined };
}

const record = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/**
 * `input` with `addons.gitops.path` derived from `outDir` when it is a GitOps spec that leaves the
 * path out and `outDir` is inside a Git repository; otherwise `input` unchanged (validation then
 * reports what is wrong with it, or the default applies and `gitopsPathWarning` says so).
 */
export function withDerivedGitopsPath(input: unknown, outDir: string): unknown {
  const spec = record(input);
  const addons = record(spec?.addons);
  const gitops = record(addons?.gitops);
  if (!spec || !addons || !gitops || addons.delivery !== 'gitops' || gitops.path !== undefined || typeof spec.name !== 'string') return input;
  const { path, inRepository } = manifestsPathInRepository(outDir, spec.name);
  if (!inRepository || path.startsWith('..')) return input;
  return { ...spec, addons: { ...addons, gitops: { ...gitops, path } } };
}

/**
 * Under GitOps the root Application syncs `addons.gitops.path` of the repository; a run that
 * writes the manifests elsewhere would leave Argo CD syncing stale or missing files. Paths are
 * judged relative to the Git repository holding `--out` (else the working folder).
 */
export function gitopsPathWarning(platform: Platform, outDir: string): string | undefined {
  const gitops = platform.spec.addons.delivery === 'gitops' ? platform.spec.addons.gitops : undefined;
  if (!gitops) return undefined;
  const { path: written } = manifestsPathInRepository(outDir, platform.spec.name);
  if (posix.normalize(written) === posix.normalize(gitops.path)) return undefined;
  return printable(
    `addons.gitops.path: the root Application syncs "${gitops.path}" of ${gitops.repoURL}, but this run writes the manifests to "${written}"; ` +
      `fix: commit them at "${gitops.path}", or set addons.gitops.path: "${written}"`,
  );
}
