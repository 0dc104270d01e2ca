import { App, Chart } from 'cdk8s';
import { istioCni } from '../../lib/addons/istio-cni';
import { istioIngressGateway } from '../../lib/addons/istio-ingressgateway';
import { istiod } from '../../lib/addons/istiod';
import { applyDefaults } from '../../lib/spec/defaults';
import type { AddonId, EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { validateObjects } from '../support/schema';

const MESH: AddonId[] = ['istio-base', 'istio-cni', 'istiod', 'ingress-nginx'];
const ctx = (env: EnvironmentSpec, enabled: AddonId[] = MESH) => ({ spec: applyDefaults(env), enabled: new Set(enabled) });
type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec: any };
function synth(configure: NonNullable<typeof istiod.configure>, env: EnvironmentSpec, enabled: AddonId[] = MESH): Obj[] {
  const chart = new Chart(new App(), 'x');
  configure(chart, ctx(env, enabled));
  return chart.toJson() as Obj[];
}
const gatewaySpec: EnvironmentSpec = { ...prod, addons: { ...prod.addons, ingress: 'gateway-api' } };
const GATEWAY: AddonId[] = ['istio-base', 'istio-cni', 'istiod', 'istio-ingressgateway'];

describe('istiod', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(istiod.values(ctx(env))).toMatchSnapshot();
  });

  it.each([['staging', staging], ['prod', prod]])('%s runs istiod HA: ≥ 2 replicas, PDB, HPA with the HA floor, zone spread', (_, env) => {
    const v = istiod.values(ctx(env));
    expect(v.replicaCount).toBeGreaterThanOrEqual(2);
    expect(v.global.defaultPodDisruptionBudget.enabled).toBe(true);
    expect(v.autoscaleEnabled).toBe(true);
    expect(v.autoscaleMin).toBe(v.replicaCount);
    expect(v.autoscaleMax).toBeGreaterThanOrEqual(v.autoscaleMin);
    expect(v.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(v.topologySpreadConstraints[0].labelSelector.matchLabels).toEqual({ app: 'istiod', istio: 'pilot' });
  });

  it('keeps a PDB that allows an eviction below the HPA floor', () => {
    const v = istiod.values(ctx(prod));
    expect(v.pdb.minAvailable).toBeLessThan(v.autoscaleMin);
  });

  it('spreads production istiod across zones hard and runs it on the system pool', () => {
    const v = istiod.values(ctx(prod));
    expect(v.topologySpreadConstraints[0].whenUnsatisfiable).toBe('DoNotSchedule');
    expect(v.nodeSelector).toEqual({ 'groundwork.dev/pool-role': 'system' });
    expect(v.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
  });

  it('uses the CNI agent so injected pods stay within Pod Security restricted', () => {
    expect(istiod.values(ctx(prod)).cni.enabled).toBe(true);
    expect(istioCni.namespace).toBe('kube-system');
  });

  it('sets only 1.30 top-level keys, never the legacy `pilot.` alias', () => {
    expect(Object.keys(istiod.values(ctx(prod)))).not.toContain('pilot');
  });

  it.each([['dev', dev], ['prod', prod]])('gives the %s istiod container seccomp RuntimeDefault (istio-system is restricted)', (_, env) => {
    expect(istiod.values(ctx(env)).seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(istiod.namespace).toBe('istio-system');
    expect(istiod.podSecurity ?? 'restricted').toBe('restricted');
  });

  it('gives injected istio-proxy and istio-validation seccomp RuntimeDefault, requests and a memory limit', () => {
    // files/injection-template.yaml feeds global.proxy.seccompProfile and global.proxy.resources
    // to both containers; there is no separate init-container resources value in 1.30.
    const proxy = istiod.values(ctx(prod)).global.proxy;
    expect(proxy.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(proxy.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(proxy.resources.limits.memory).toMatch(/^\d+(Mi|Gi)$/);
  });

  it('gives gateways istiod deploys for Gateway API a pod-level seccomp profile', () => {
    expect(istiod.values(ctx(prod)).gateways).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('sizes istiod with requests and a memory limit', () => {
    const { resources } = istiod.values(ctx(prod));
    expect(resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(resources.limits.memory).toBeDefined();
  });

  it('enforces STRICT mTLS mesh-wide with a selector-less PeerAuthentication in the root namespace', () => {
    const pa = synth(istiod.configure!, prod).filter((o) => o.kind === 'PeerAuthentication');
    expect(pa).toEqual([expect.objectContaining({ metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } })]);
  });

  it('gives every tenant a default-deny AuthorizationPolicy plus same-namespace and ingress allows', () => {
    const objs = synth(istiod.configure!, prod);
    for (const tenant of prod.tenants!) {
      const policies = objs.filter((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === tenant.name);
      expect(policies.find((p) => p.metadata.name === 'default-deny')?.spec).toEqual({});
      const allow = policies.find((p) => p.metadata.name === 'allow-same-namespace-and-ingress')!;
      expect(allow.spec.action).toBe('ALLOW');
      expect(allow.spec.rules).toEqual([
        { from: [{ source: { namespaces: [tenant.name] } }] },
        { from: [{ source: { principals: ['cluster.local/ns/ingress-nginx/sa/ingress-nginx'] } }] },
      ]);
    }
  });

  it('sets mesh-wide outlier detection and connection limits for every destination', () => {
    const dr = synth(istiod.configure!, prod).find((o) => o.kind === 'DestinationRule')!;
    expect(dr.spec.host).toBe('*.local');
    expect(dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBeGreaterThan(0);
    expect(dr.spec.trafficPolicy.connectionPool.tcp.maxConnections).toBeGreaterThan(0);
  });

  it.each([['dev', dev], ['prod', prod]])('leaves TLS to auto-mTLS: no mesh-wide DestinationRule of %s sets tls', (_, env) => {
    const rules = synth(istiod.configure!, env).filter((o) => o.kind === 'DestinationRule');
    expect(rules.length).toBeGreaterThan(0);
    for (const dr of rules) {
      const policies = [dr.spec.trafficPolicy, ...(dr.spec.trafficPolicy?.portLevelSettings ?? []), ...(dr.spec.subsets ?? []).map((s: any) => s.trafficPolicy)];
      for (const policy of policies) expect(policy?.tls).toBeUndefined();
    }
  });

  it('synthesizes configuration that validates against the Istio CRD schemas', () => {
    expect(validateObjects(synth(istiod.configure!, prod))).toEqual([]);
  });
});

describe('istio-cni', () => {
  it('tolerates every taint so every node gets the agent', () => {
    expect(istioCni.values(ctx(prod)).tolerations).toEqual([{ operator: 'Exists' }]);
    expect(istioCni.placement).toBe('every-node');
  });

  it('runs privileged only in kube-system (node agent), with requests and a memory limit', () => {
    expect(istioCni.namespace).toBe('kube-system');
    expect(istioCni.podSecurity).toBe('privileged');
    const { resources } = istioCni.values(ctx(prod));
    expect(resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(resources.limits.memory).toBeDefined();
  });

  it('sets no priorityClassName (not a 1.30 value: the chart hard-codes system-node-critical)', () => {
    expect(Object.keys(istioCni.values(ctx(prod)))).not.toContain('priorityClassName');
  });
});

describe('istio ingress gateway', () => {
  it('serves the Gateway API edge when the mesh is on, never next to ingress-nginx or without the mesh', () => {
    expect(istioIngressGateway.isSelected(applyDefaults(gatewaySpec))).toBe(true);
    expect(istioIngressGateway.isSelected(applyDefaults({ ...dev, addons: { ...dev.addons, ingress: 'ingress-nginx' } }))).toBe(false);
    expect(istioIngressGateway.isSelected(applyDefaults({ ...gatewaySpec, addons: { ...gatewaySpec.addons, mesh: false } }))).toBe(false);
  });

  it('runs HA in production behind an NLB from the Load Balancer Controller', () => {
    const v = istioIngressGateway.values(ctx(gatewaySpec, GATEWAY));
    expect(v.replicaCount).toBeGreaterThanOrEqual(2);
    expect(v.podDisruptionBudget).toEqual({ minAvailable: 1 });
    expect(v.autoscaling).toMatchObject({ enabled: true, minReplicas: v.replicaCount });
    expect(v.service.annotations['service.beta.kubernetes.io/aws-load-balancer-type']).toBe('external');
    expect(v).toMatchSnapshot();
  });

  it('keeps the chart\'s unprivileged-port sysctl and adds what Pod Security restricted needs', () => {
    // The chart's `securityContext` value replaces its default pod securityContext (the sysctl only).
    const sc = istioIngressGateway.values(ctx(prod, GATEWAY)).securityContext;
    expect(sc.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    expect(sc.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(sc.runAsNonRoot).toBe(true);
  });

  it('sizes the gateway proxy with requests and a memory limit', () => {
    const { resources } = istioIngressGateway.values(ctx(prod, GATEWAY));
    expect(resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(resources.limits.memory).toBeDefined();
  });

  it('lets the gateway (not ingress-nginx) into tenant namespaces when it is the ingress', () => {
    const allow = synth(istiod.configure!, gatewaySpec, GATEWAY).find((o) => o.metadata.name === 'allow-same-namespace-and-ingress')!;
    expect(allow.spec.rules[1].from[0].source.principals).toEqual(['cluster.local/ns/istio-system/sa/istio-ingressgateway']);
  });
});
