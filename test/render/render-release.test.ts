/**
 * One release through `helm template`: the flags it gets, the scrubbed environment helm runs
 * in, render-time randomness made visible and stable, a disk cache that never answers for
 * different inputs; and what the output becomes (lists flattened, namespaces as installed).
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sortKeys } from '../../lib/blueprint/canonical';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { scopeResolver } from '../../lib/render/api-versions';
import { GENERATED_BASE64_PLACEHOLDER, mergeRenders } from '../../lib/render/generated-fields';
import { resolveHelm, type HelmBinary } from '../../lib/render/helm-binary';
import type { ReleaseSource } from '../../lib/render/release-sources';
import { renderRelease, type ReleaseRenderContext } from '../../lib/render/render-release';
import { defaultNamespaces, parseManifestStream, renderedYaml, sortObjects } from '../../lib/render/rendered-objects';
import { renderedEnvironment, testChartCache } from '../support/rendered';
import { callWorker } from '../support/sync-worker';
import { ALL_RENDER_TARGETS } from '../support/variants';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'gw-render-'));
const source = (values: Record<string, unknown> = {}, includeCrds = true): ReleaseSource => ({
  release: 'metrics-server',
  namespace: 'kube-system',
  chart: { repository: 'https://kubernetes-sigs.github.io/metrics-server', chart: 'metrics-server', version: '3.13.1' },
  values,
  includeCrds,
  delivery: 'helm-release',
});

/** A stand-in helm that prints what it was given as a ConfigMap (and a Secret with a per-process value); it logs each run to `<dir>/runs`. */
function probeHelm(): HelmBinary {
  const dir = tmp();
  const path = join(dir, 'helm');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `echo run >> ${dir}/runs`,
      'cat <<EOF',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: probe}',
      'data:',
      '  args: "$*"',
      '  helmConfigHome: "$HELM_CONFIG_HOME"',
      '  repositoryConfig: "${HELM_REPOSITORY_CONFIG:-unset}"',
      '  kubeconfig: "$KUBECONFIG"',
      '  enabled: on',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: webhook-tls}',
      'data:',
      `  tls.crt: "$(printf 'cert-%08d' $$ | base64)"`,
      'EOF',
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return { path, version: 'v0.0.0+gprobe', source: 'GROUNDWORK_HELM' };
}

const context = (helm: HelmBinary, extra: Partial<ReleaseRenderContext> = {}): ReleaseRenderContext => ({
  helm,
  archive: join(testChartCache()!, 'metrics-server-3.13.1.tgz'),
  kubeVersion: '1.36',
  apiVersions: ['cert-manager.io/v1', 'cert-manager.io/v1/Certificate'],
  cacheDir: false,
  ...extra,
});
const data = (objects: KubeObject[], kind: string): Record<string, unknown> => objects.find((o) => o.kind === kind)!.data as Record<string, unknown>;

describe('renderRelease with a probe helm', () => {
  const saved = { config: process.env.HELM_CONFIG_HOME, repos: process.env.HELM_REPOSITORY_CONFIG };
  afterAll(() => {
    for (const [k, v] of [['HELM_CONFIG_HOME', saved.config], ['HELM_REPOSITORY_CONFIG', saved.repos]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('passes namespace, Kubernetes version, API versions, CRDs and no tests', async () => {
    const { objects } = await renderRelease(source(), context(probeHelm()));
    const args = String(data(objects, 'ConfigMap').args);
    expect(args).toMatch(/^template metrics-server \S+metrics-server-3\.13\.1\.tgz --namespace kube-system --kube-version 1\.36 /);
    expect(args).toContain('--api-versions cert-manager.io/v1 --api-versions cert-manager.io/v1/Certificate');
    expect(args).toMatch(/--values \S+values\.json --include-crds --skip-tests$/);
    const noCrds = await renderRelease(source({}, false), context(probeHelm()));
    expect(String(data(noCrds.objects, 'ConfigMap').args)).not.toContain('--include-crds');
  });

  it("runs helm without the user's helm settings or kubeconfig", async () => {
    process.env.HELM_CONFIG_HOME = '/home/someone/.config/helm';
    process.env.HELM_REPOSITORY_CONFIG = '/home/someone/repositories.yaml';
    const probe = data((await renderRelease(source(), context(probeHelm()))).objects, 'ConfigMap');
    expect(probe.helmConfigHome).toMatch(new RegExp(`^${tmpdir()}/groundwork-helm-`));
    expect(probe.repositoryConfig).toBe('unset');
    expect(probe.kubeconfig).toMatch(/no-kubeconfig$/);
  });

  it('reads YAML 1.1 scalars as Kubernetes does and writes them back unambiguously', async () => {
    const { objects } = await renderRelease(source(), context(probeHelm()));
    expect(data(objects, 'ConfigMap').enabled).toBe(true);
    expect(renderedYaml([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'yes' } }])).toContain('a: "yes"');
  });

  it('runs helm twice only for a release that may generate values at render time', async () => {
    const runs = async (archive: string, values: Record<string, unknown> = {}): Promise<number> => {
      const helm = probeHelm();
      await renderRelease(source(values), context(helm, { archive: join(testChartCache()!, archive) }));
      return readFileSync(join(helm.path, '..', 'runs'), 'utf8').split('\n').filter(Boolean).length;
    };
    expect(await runs('metrics-server-3.13.1.tgz')).toBe(2); // genSelfSignedCert
    expect(await runs('cluster-autoscaler-9.59.0.tgz')).toBe(1); // no such function anywhere
    expect(await runs('cluster-autoscaler-9.59.0.tgz', { extraArgs: { token: '{{ randAlphaNum 8 }}' } })).toBe(2); // values reach `tpl`
  });

  it('replaces fields generated at render time by a stable placeholder and lists them', async () => {
    const render = await renderRelease(source(), context(probeHelm()));
    expect(data(render.objects, 'Secret')['tls.crt']).toBe(GENERATED_BASE64_PLACEHOLDER);
    expect(render.generated).toEqual([{ object: 'Secret webhook-tls', path: 'data["tls.crt"]' }]);
  });
});

describe('mergeRenders', () => {
  it('refuses renders that differ in which objects exist', () => {
    const a = [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a-x1' } }];
    const b = [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a-y2' } }];
    expect(() => mergeRenders(a, b, 'release r')).toThrow(/release r: two renders with the same inputs produced different objects/);
  });
});

describe('renderRelease with helm', () => {
  let helm: HelmBinary;
  beforeAll(async () => {
    helm = await resolveHelm();
  });

  it('renders the same bytes twice without a cache', async () => {
    const one = await renderRelease(source({ replicas: 2 }), context(helm));
    const two = await renderRelease(source({ replicas: 2 }), context(helm));
    expect(one.objects.length).toBeGreaterThan(3);
    expect(renderedYaml(two.objects)).toBe(renderedYaml(one.objects));
  });

  it('answers from the disk cache only for the same inputs', async () => {
    const cacheDir = tmp();
    const replicas = async (values: Record<string, unknown>, kubeVersion = '1.36'): Promise<unknown> => {
      const { objects } = await renderRelease(source(values), context(helm, { cacheDir, kubeVersion }));
      return (objects.find((o) => o.kind === 'Deployment')!.spec as { replicas: unknown }).replicas;
    };
    expect(await replicas({ replicas: 2 })).toBe(2);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(await replicas({ replicas: 2 })).toBe(2);
    expect(readdirSync(cacheDir)).toHaveLength(1); // a hit
    expect(await replicas({ replicas: 3 })).toBe(3);
    await replicas({ replicas: 3 }, '1.35');
    expect(readdirSync(cacheDir)).toHaveLength(3);
  });
});

describe('renderedYaml', () => {
  // Written directly (lib/blueprint/yaml-text.ts), not through yaml's document tree: the same bytes
  // as yaml's YAML 1.1 stringify for every distinct object that any render target deploys (CRD
  // schemas, dashboards, configs and scripts included).
  it("is byte for byte yaml's YAML 1.1 text of every object every render target deploys", async () => {
    const distinct = new Map<string, KubeObject>();
    for (const { spec } of ALL_RENDER_TARGETS) {
      for (const release of (await renderedEnvironment(spec)).releases) for (const o of release.objects) distinct.set(JSON.stringify(o), o);
    }
    const objects = [...distinct.values()];
    expect(objects.length).toBeGreaterThan(500);
    const expected = callWorker<string[]>(join(__dirname, '..', 'support', 'model-worker.mjs'), { type: 'yaml', objects: objects.map((o) => sortKeys(o)), options: { lineWidth: 0, version: '1.1' } });
    const differing = objects.filter((o, i) => renderedYaml([o]) !== expected[i]);
    expect(differing.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    const [a, b] = objects;
    expect(renderedYaml([a, b])).toBe(`${renderedYaml([a])}---\n${renderedYaml([b])}`);
  }, 180_000);
});

describe('sortObjects', () => {
  it('orders by kind, namespace, name and apiVersion, then by content, whatever the input order', () => {
    const o = (kind: string, name: string, data: string, namespace?: string, apiVersion = 'v1'): KubeObject => ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, data: { d: data } });
    const sorted = [o('Secret', 'a', 'x'), o('ConfigMap', 'b', 'z', 'ns'), o('ConfigMap', 'b', 'y', 'ns'), o('ConfigMap', 'a', 'q', 'ns'), o('ConfigMap', 'a', 'q', 'ns', 'v2'), o('ConfigMap', 'c', 'q')];
    const expected = ['ConfigMap//c/v1:q', 'ConfigMap/ns/a/v1:q', 'ConfigMap/ns/a/v2:q', 'ConfigMap/ns/b/v1:y', 'ConfigMap/ns/b/v1:z', 'Secret//a/v1:x'];
    const label = (x: KubeObject): string => `${x.kind}/${x.metadata.namespace ?? ''}/${x.metadata.name}/${x.apiVersion}:${(x.data as { d: string }).d}`;
    expect(sortObjects(sorted).map(label)).toEqual(expected);
    expect(sortObjects([...sorted].reverse()).map(label)).toEqual(expected);
  });
});

describe('parseManifestStream', () => {
  it('drops empty documents and flattens lists into the objects Helm applies', () => {
    const text = '---\n# Source: c/templates/a.yaml\n---\napiVersion: v1\nkind: List\nmetadata: {name: l}\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n';
    expect(parseManifestStream(text, 't').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/a', 'ConfigMap/b', 'Secret/s']);
  });
});

describe('defaultNamespaces', () => {
  it('gives namespaced objects the release namespace, as helm install does, and leaves cluster-scoped ones alone', () => {
    const crd = (kind: string, scope: string): KubeObject => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${kind.toLowerCase()}s.example.com` },
      spec: { group: 'example.com', scope, names: { kind }, versions: [{ name: 'v1', served: true }] },
    });
    const scopeOf = scopeResolver([crd('Widget', 'Namespaced'), crd('ClusterWidget', 'Cluster')]);
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'elsewhere' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'c' } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'd' } },
      { apiVersion: 'example.com/v1', kind: 'ClusterWidget', metadata: { name: 'e' } },
    ];
    expect(defaultNamespaces(objects, 'tools', scopeOf).map((o) => [o.metadata.name, o.metadata.namespace])).toEqual([
      ['a', 'tools'],
      ['b', 'elsewhere'],
      ['c', undefined],
      ['d', 'tools'],
      ['e', undefined],
    ]);
  });
});
