/**
 * Rendering an environment: every release the plan (or, under GitOps, the Argo CD
 * Applications) deploys, with exactly its values, against the API versions of the CRDs the
 * platform installs; namespaces as Helm installs them; deterministic; nothing guessed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { Platform } from '../../lib/blueprint/platform';
import { crdApiVersions, scopeResolver } from '../../lib/render/api-versions';
import { ChartCacheMissError } from '../../lib/render/chart-cache';
import { RenderSetupError } from '../../lib/render/errors';
import { HELM_RELEASE_TYPE, releaseSources } from '../../lib/render/release-sources';
import { renderPlan } from '../../lib/render/render-plan';
import { dev } from '../../stacks/environments';
import { renderedEnvironment, testChartCache } from '../support/rendered';
import { prodGitops } from '../support/variants';

const record = (name: string, inputs: Record<string, unknown>): Parameters<typeof releaseSources>[0][number] => ({
  type: HELM_RELEASE_TYPE,
  name,
  parent: null,
  inputs,
  dependsOn: [],
  protect: false,
  custom: true,
});

describe('releaseSources', () => {
  it('reads repository and OCI charts, skipCrds, and Argo CD Helm Applications but not Git ones', () => {
    const app = (name: string, source: Record<string, unknown>): KubeObject => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name, namespace: 'argocd' },
      spec: { source, destination: { namespace: 'tools' } },
    });
    const sources = releaseSources(
      [
        record('e-a', { name: 'a', namespace: 'x', chart: 'a', version: '1', repositoryOpts: { repo: 'https://charts.example.com' }, values: { k: 1 } }),
        record('e-b', { name: 'b', namespace: 'y', chart: 'oci://registry.example.com/charts/b', version: '2', skipCrds: true }),
      ],
      [
        app('c', { repoURL: 'registry.example.com/charts', chart: 'c', targetRevision: '3', helm: { releaseName: 'c', valuesObject: { v: true } } }),
        app('root', { repoURL: 'https://git.example.com/p.git', path: 'dist/prod/manifests' }),
      ],
    );
    expect(sources).toEqual([
      { release: 'a', namespace: 'x', chart: { repository: 'https://charts.example.com', chart: 'a', version: '1' }, values: { k: 1 }, includeCrds: true, delivery: 'helm-release' },
      { release: 'b', namespace: 'y', chart: { repository: 'oci://registry.example.com/charts', chart: 'b', version: '2' }, values: {}, includeCrds: false, delivery: 'helm-release' },
      { release: 'c', namespace: 'tools', chart: { repository: 'oci://registry.example.com/charts', chart: 'c', version: '3' }, values: { v: true }, includeCrds: true, delivery: 'argocd-application' },
    ]);
  });

  it('refuses values the offline plan could not know, naming release and path', () => {
    const records = [record('e-a', { name: 'a', namespace: 'x', chart: 'a', version: '1', repositoryOpts: { repo: 'https://c' }, values: { settings: { clusterEndpoint: '[computed]', token: '[secret]' } } })];
    expect(() => releaseSources(records, [])).toThrow(RenderSetupError);
    expect(() => releaseSources(records, [])).toThrow(/release a: values\.settings\.clusterEndpoint = \[computed\]\n {2}- release a: values\.settings\.token = \[secret\]/);
  });
});

describe('rendering dev', () => {
  it('renders every Helm release of the plan, with exactly its values', async () => {
    const env = await renderedEnvironment(dev);
    const planned = env.plan.filter((r) => r.type === HELM_RELEASE_TYPE);
    expect(env.releases.map((r) => r.release)).toEqual(planned.map((r) => String(r.inputs.name)).sort());
    for (const release of env.releases) {
      expect(release.values).toEqual(planned.find((r) => r.inputs.name === release.release)!.inputs.values ?? {});
      expect(release.objects.length).toBeGreaterThan(0);
    }
  });

  it('passes the API versions of every CRD the platform installs, both group/version and group/version/Kind', async () => {
    const env = await renderedEnvironment(dev);
    const { apiVersions } = env;
    const crds = env.objects.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.length).toBeGreaterThan(0);
    expect(apiVersions).toEqual(crdApiVersions(env.objects));
    const group = (crds[0].spec as { group: string }).group;
    expect(apiVersions.some((v) => v.startsWith(`${group}/`) && v.split('/').length === 3)).toBe(true);
    // Only what is installed: no Prometheus Operator API unless a release brings its CRDs.
    const monitoring = crds.some((c) => (c.spec as { group: string }).group === 'monitoring.coreos.com');
    expect(apiVersions.includes('monitoring.coreos.com/v1')).toBe(monitoring);
  });

  it('puts every namespaced object in a namespace, and no cluster-scoped one', async () => {
    const env = await renderedEnvironment(dev);
    const scopeOf = scopeResolver(env.objects);
    const wrong = env.releases.flatMap((r) =>
      r.objects
        .filter((o) => (scopeOf(o.apiVersion, o.kind) === 'Cluster') === Boolean(o.metadata.namespace))
        .map((o) => `${r.release}: ${o.kind} ${o.metadata.name} namespace=${o.metadata.namespace}`),
    );
    expect(wrong).toEqual([]);
    expect(env.releases.flatMap((r) => r.objects).some((o) => o.kind === 'ClusterRole')).toBe(true);
  });

  it('is byte-identical when rendered again without the cache', async () => {
    const env = await renderedEnvironment(dev);
    const again = await renderPlan(env.plan, env.spec, { manifests: env.manifests, chartCache: testChartCache(), renderCache: false });
    expect(again.releases.map((r) => [r.release, r.yaml])).toEqual(env.releases.map((r) => [r.release, r.yaml]));
  });

  it('names every missing chart with its helm pull command instead of skipping it', async () => {
    const env = await renderedEnvironment(dev);
    const empty = mkdtempSync(join(tmpdir(), 'gw-empty-cache-'));
    const error = await renderPlan(env.plan, env.spec, { manifests: env.manifests, chartCache: empty, pull: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChartCacheMissError);
    const names = new Set(env.releases.map((r) => `${r.chart}-${r.version}`));
    expect((error as ChartCacheMissError).missing.map((m) => `${m.chart}-${m.version}`).sort()).toEqual([...names].sort());
    expect((error as Error).message).toContain(`-d ${empty}`);
  });
});

describe('rendering GitOps production', () => {
  it('renders argo-cd as a release and every Helm Application, not the Git root Application', async () => {
    const env = await renderedEnvironment(prodGitops);
    const apps = env.manifests.filter((o) => o.kind === 'Application');
    const helmApps = apps.filter((a) => (a.spec as { source: { chart?: string } }).source.chart);
    expect(helmApps.length).toBeGreaterThan(0);
    expect(env.releases.filter((r) => r.delivery === 'argocd-application').map((r) => r.release)).toEqual(
      helmApps.map((a) => String((a.spec as { source: { helm: { releaseName: string } } }).source.helm.releaseName)).sort(),
    );
    expect(env.releases.filter((r) => r.delivery === 'helm-release').map((r) => r.release)).toEqual(['argo-cd']);
    const root = apps.find((a) => !(a.spec as { source: { chart?: string } }).source.chart)!;
    expect(env.releases.map((r) => r.release)).not.toContain(root.metadata.name);
  });

  it('needs the manifests to render GitOps add-ons', async () => {
    const platform = Platform.fromSpec(prodGitops);
    await expect(renderPlan([], platform.spec, { chartCache: testChartCache() })).rejects.toThrow(/pass the manifests/);
  });
});
