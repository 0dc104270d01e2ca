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
const gatewaySpec: EnvironmentSpec = { ...prod, addons: { ...prod.addons, ingress: 'istio-gateway' } };
const GATEWAY: AddonId[] = ['istio-base', 'istio-cni', 'istiod', 'istio-ingressgateway'];

describe('istiod', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(istiod.values(ctx(env))).toMatchSnapshot();
  });

  it.each([['staging', staging], ['prod', prod]])('%s runs istiod HA: ≥ 2 replicas, PDB, HPA with the HA floor, zone spread', (_, env) => {
    const v = istiod.values(ctx(env));
    expect(v.pilot.replicaCount).toBeGreaterThanOrEqual(2);
    expect(v.global.defaultPodDisruptionBudget.enabled).toBe(true);
    expect(v.pilot.autoscaleEnabled).toBe(true);
    expect(v.pilot.autoscaleMin).toBe(v.pilot.replicaCount);
    expect(v.pilot.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
  });

  it('uses the CNI agent so injected pods stay within Pod Security restricted', () => {
    expect(istiod.values(ctx(prod)).pilot.cni.enabled).toBe(true);
    expect(istioCni.namespace).toBe('kube-system');
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

  it('sets mesh-wide outlier detection and mutual TLS for every destination', () => {
    const dr = synth(istiod.configure!, prod).find((o) => o.kind === 'DestinationRule')!;
    expect(dr.spec.host).toBe('*.local');
    expect(dr.spec.trafficPolicy.tls.mode).toBe('ISTIO_MUTUAL');
    expect(dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBeGreaterThan(0);
  });

  it('synthesizes configuration that validates against the Istio CRD schemas', () => {
    expect(validateObjects(synth(istiod.configure!, prod))).toEqual([]);
  });
});

describe('istio ingress gateway', () => {
  it('is selected only with the mesh and ingress: istio-gateway', () => {
    expect(istioIngressGateway.isSelected(applyDefaults(prod))).toBe(false);
    expect(istioIngressGateway.isSelected(applyDefaults(gatewaySpec))).toBe(true);
  });

  it('runs HA in production behind an NLB from the Load Balancer Controller', () => {
    const v = istioIngressGateway.values(ctx(gatewaySpec, GATEWAY));
    expect(v.replicaCount).toBeGreaterThanOrEqual(2);
    expect(v.podDisruptionBudget).toEqual({ minAvailable: 1 });
    expect(v.autoscaling).toMatchObject({ enabled: true, minReplicas: v.replicaCount });
    expect(v.service.annotations['service.beta.kubernetes.io/aws-load-balancer-type']).toBe('external');
    expect(v).toMatchSnapshot();
  });

  it('terminates TLS with the wildcard certificate and redirects HTTP', () => {
    const [gw] = synth(istioIngressGateway.configure!, gatewaySpec, GATEWAY);
    expect(gw.kind).toBe('Gateway');
    expect(gw.spec.selector).toEqual({ istio: 'ingressgateway' });
    const https = gw.spec.servers.find((s: any) => s.port.number === 443);
    expect(https.tls).toEqual({ mode: 'SIMPLE', credentialName: 'prod-wildcard-tls', minProtocolVersion: 'TLSV1_2' });
    expect(gw.spec.servers.find((s: any) => s.port.number === 80).tls).toEqual({ httpsRedirect: true });
    expect(validateObjects([gw])).toEqual([]);
  });

  it('lets the gateway (not ingress-nginx) into tenant namespaces when it is the ingress', () => {
    const allow = synth(istiod.configure!, gatewaySpec, GATEWAY).find((o) => o.metadata.name === 'allow-same-namespace-and-ingress')!;
    expect(allow.spec.rules[1].from[0].source.principals).toEqual(['cluster.local/ns/istio-system/sa/istio-ingressgateway']);
  });
});
