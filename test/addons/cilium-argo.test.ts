import { argoCd, type ArgoComponentValues } from '../../lib/addons/argo-cd';
import { cilium } from '../../lib/addons/cilium';
import type { ContainerResources } from '../../lib/addons/placement';
import { applyDefaults } from '../../lib/spec/defaults';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { prodAlternatives, prodGitops } from '../support/variants';

const ctx = (env: EnvironmentSpec) => ({ spec: applyDefaults(env), enabled: new Set<never>() });
const SYSTEM = { 'groundwork.dev/pool-role': 'system' };
const zoneSpreadOver = (matchLabels: Record<string, string>) => [
  expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels } }),
];

/** A PDB lets a drain evict a pod iff maxUnavailable ≥ 1, or minAvailable is below the replica count. */
function allowsEviction(pdb: { enabled: boolean; maxUnavailable?: number; minAvailable?: number }, replicas: number): boolean {
  if (!pdb.enabled) return false;
  if (pdb.maxUnavailable !== undefined) return pdb.maxUnavailable >= 1;
  return (pdb.minAvailable ?? 0) < replicas;
}

/** Every `resources` / `…Resources` object anywhere in `values`, with its path. */
function resourcesIn(values: unknown, path = ''): Array<[string, ContainerResources]> {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return [];
  return Object.entries(values as Record<string, unknown>).flatMap(([k, v]) =>
    /^(resources|\w+Resources)$/.test(k) ? [[`${path}${k}`, v as ContainerResources] as [string, ContainerResources]] : resourcesIn(v, `${path}${k}.`),
  );
}
const sized = (r: ContainerResources) => Boolean(r.requests?.cpu && r.requests?.memory && r.limits?.memory);

describe('cilium (chart 1.20)', () => {
  const v = cilium.values(ctx(prodAlternatives));

  it('is selected only when the spec chooses it', () => {
    expect(cilium.isSelected(applyDefaults(prod))).toBe(false);
    expect(cilium.isSelected(applyDefaults(prodAlternatives))).toBe(true);
  });

  it("chains on the VPC CNI as Cilium's AWS VPC CNI guide configures it", () => {
    expect(v.cni).toEqual({ chainingMode: 'aws-cni', exclusive: false });
    expect(v.enableIPv4Masquerade).toBe(false);
    expect(v.routingMode).toBe('native');
    expect(v.endpointRoutes.enabled).toBe(true);
    expect(v.hubble.metrics.enabled).toEqual(expect.arrayContaining(['dns', 'drop', 'flow']));
  });

  it('production operator and Hubble relay: ≥ 2 replicas, a PDB that allows an eviction, zone spread, system pool', () => {
    for (const [c, labels] of [[v.operator, { 'io.cilium/app': 'operator', name: 'cilium-operator' }], [v.hubble.relay, { 'k8s-app': 'hubble-relay' }]] as const) {
      expect(c.replicas).toBeGreaterThanOrEqual(2);
      expect(allowsEviction(c.podDisruptionBudget, c.replicas)).toBe(true);
      expect(c.topologySpreadConstraints).toEqual(zoneSpreadOver(labels));
      expect(c.nodeSelector).toEqual(SYSTEM);
      expect(c.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
    }
  });

  it("keeps the operator's bootstrap tolerations that overriding the chart's list would drop", () => {
    expect(v.operator.tolerations.map((t) => t.key)).toEqual(expect.arrayContaining(['node.kubernetes.io/not-ready', 'node.cloudprovider.kubernetes.io/uninitialized']));
  });

  it('gives the agent, its init containers, Envoy, certgen, operator and relay requests and a memory limit', () => {
    const found = resourcesIn(v).map(([p]) => p).sort();
    expect(found).toEqual(['certgen.resources', 'envoy.resources', 'hubble.relay.resources', 'initResources', 'operator.resources', 'resources']);
    for (const [path, r] of resourcesIn(v)) expect([path, sized(r)]).toEqual([path, true]);
  });

  it('issues Hubble certificates in-cluster, so the rendered release is the same on every render', () => {
    expect(v.hubble.tls.auto.method).toBe('cronJob');
    expect(v.hubble.relay.tls.server.enabled).toBe(true);
    expect(v.certgen.nodeSelector).toEqual(SYSTEM);
  });

  it('matches the snapshot', () => {
    expect(v).toMatchSnapshot();
  });
});

describe('argo-cd (chart 10.1)', () => {
  const v = argoCd.values(ctx(prodGitops));
  const components: Array<[string, ArgoComponentValues]> = [
    ['application-controller', v.controller],
    ['server', v.server],
    ['repo-server', v.repoServer],
    ['applicationset-controller', v.applicationSet],
  ];
  const running = (c: ArgoComponentValues & { autoscaling?: { enabled: boolean; minReplicas: number } }) =>
    c.autoscaling?.enabled ? c.autoscaling.minReplicas : c.replicas;

  it('production Argo CD controller has ≥ 2 replicas and its PDB allows an eviction', () => {
    expect(v.controller.replicas).toBeGreaterThanOrEqual(2);
    expect(allowsEviction(v.controller.pdb, v.controller.replicas)).toBe(true);
  });

  it.each(components)('production %s: ≥ 2 pods (replicas or HPA minimum), an evictable PDB, hard zone spread', (name, c) => {
    expect(running(c)).toBeGreaterThanOrEqual(2);
    expect(allowsEviction(c.pdb, running(c))).toBe(true);
    expect(c.topologySpreadConstraints).toEqual(zoneSpreadOver({ 'app.kubernetes.io/name': `argocd-${name}`, 'app.kubernetes.io/instance': 'argo-cd' }));
  });

  it('places every Argo CD component on the system pool with the restricted pod profile', () => {
    expect(v.global.nodeSelector).toEqual(SYSTEM);
    expect(v.global.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
    expect(v.global.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('runs Redis HA in production: system pool, zone spread, and budgets for Redis and HAProxy that allow an eviction', () => {
    const r = v['redis-ha'];
    expect(r.enabled).toBe(true);
    expect(v.redis.enabled).toBe(false);
    expect(r.nodeSelector).toEqual(SYSTEM);
    expect(r.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly' }));
    expect(r.topologySpreadConstraints).toEqual({ enabled: true, maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' });
    // The subchart renders its budgets from the body alone; 3 Redis and 3 HAProxy pods by default.
    expect(allowsEviction({ enabled: true, ...r.podDisruptionBudget }, 3)).toBe(true);
    expect(allowsEviction({ enabled: true, ...r.haproxy.podDisruptionBudget }, 3)).toBe(true);
    // The cluster is IPv4 only: HAProxy must not bind [::].
    expect(r.haproxy.IPv6.enabled).toBe(false);
    // A rolling update's surge pod must find a node on a 3-node system pool (zone spread keeps them apart).
    expect(r.haproxy.hardAntiAffinity).toBe(false);
  });

  it('gives every container it renders (init, Redis, Sentinel, HAProxy, hooks, tests) requests and a memory limit', () => {
    const found = resourcesIn(v);
    expect(found.length).toBeGreaterThanOrEqual(15);
    for (const [path, r] of found) expect([path, sized(r)]).toEqual([path, true]);
  });

  it('has no local admin credential and no Dex or notifications singleton', () => {
    expect(v.configs.cm['admin.enabled']).toBe(false);
    expect(JSON.stringify(v)).not.toMatch(/argocdServerAdminPassword|password/i);
    expect(v.dex.enabled).toBe(false);
    expect(v.notifications.enabled).toBe(false);
    // argocd-server keeps serving TLS itself (Argo CD's default): nothing switches it to plaintext.
    expect(JSON.stringify(v)).not.toContain('server.insecure');
  });

  it('runs HA in staging too (the tier has disruption budgets), single-instance in development', () => {
    expect(argoCd.values(ctx(staging))['redis-ha'].enabled).toBe(true);
    const d = argoCd.values(ctx(dev));
    expect(d['redis-ha'].enabled).toBe(false);
    expect(d.redis.enabled).toBe(true);
    expect(d.server.replicas).toBe(1);
    expect(d.server.autoscaling.enabled).toBe(false);
    expect(d.controller.pdb.enabled).toBe(false);
  });

  it('matches the snapshot', () => {
    expect(v).toMatchSnapshot();
  });
});
