import { Testing } from 'cdk8s';
import { FoundationChart, type FoundationNamespace } from '../../lib/k8s/foundation-chart';
import { TENANT_NETWORK_POLICIES, type IngressPeer } from '../../lib/k8s/tenant';
import { validateObjects } from '../support/schema';
import { STOCK, type Obj } from './helpers';

const NAMESPACES: FoundationNamespace[] = [
  { name: 'istio-system', podSecurity: 'privileged' },
  { name: 'cert-manager', podSecurity: 'restricted' },
  { name: 'ingress-nginx', podSecurity: 'baseline', labels: { 'istio-injection': 'enabled' } },
];

/** The stock edge (Gateway API through Istio): only the gateway pods in istio-system reach tenants. */
const GATEWAY_PEER: IngressPeer = { namespace: 'istio-system', podLabels: { istio: 'ingressgateway' } };

function foundation(env: keyof typeof STOCK, ingressFrom: IngressPeer = GATEWAY_PEER): Obj[] {
  const chart = new FoundationChart(Testing.app(), 'foundation', {
    spec: STOCK[env],
    namespaces: NAMESPACES,
    meshInjection: STOCK[env].addons.mesh,
    ingressFrom,
  });
  return Testing.synth(chart) as Obj[];
}

describe.each(['dev', 'staging', 'prod'] as const)('FoundationChart (%s)', (env) => {
  const objs = foundation(env);
  const tenants = STOCK[env].tenants.map((t) => t.name);

  it('matches the snapshot', () => {
    expect(objs).toMatchSnapshot();
  });

  it('every namespace has a Pod Security enforce label', () => {
    const namespaces = objs.filter((o) => o.kind === 'Namespace');
    expect(namespaces.length).toBe(NAMESPACES.length + tenants.length);
    for (const ns of namespaces) expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toMatch(/^(restricted|baseline|privileged)$/);
  });

  it('tenant namespaces are restricted', () => {
    for (const name of tenants) {
      const ns = objs.find((o) => o.kind === 'Namespace' && o.metadata.name === name)!;
      expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    }
  });

  it('every tenant has a default-deny NetworkPolicy covering Ingress and Egress', () => {
    for (const name of tenants) {
      const deny = objs.filter(
        (o) =>
          o.kind === 'NetworkPolicy' &&
          o.metadata.namespace === name &&
          Object.keys(o.spec.podSelector ?? {}).length === 0 &&
          !o.spec.ingress &&
          !o.spec.egress &&
          o.spec.policyTypes?.includes('Ingress') &&
          o.spec.policyTypes?.includes('Egress'),
      );
      expect(deny).toHaveLength(1);
    }
  });

  it('lets every tenant be reached only from the edge peer it is given (the gateway pods, not their whole namespace)', () => {
    for (const name of tenants) {
      const edge = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === name && o.metadata.name === TENANT_NETWORK_POLICIES.ingressController)!;
      const peers = edge.spec.ingress.flatMap((rule: { from: unknown[] }) => rule.from);
      expect(peers).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } }]);
    }
  });

  it('has exactly one default StorageClass, encrypted gp3 with WaitForFirstConsumer', () => {
    const defaults = objs.filter((o) => o.kind === 'StorageClass' && o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
    expect(defaults).toHaveLength(1);
    expect(defaults[0]).toMatchObject({ parameters: { type: 'gp3', encrypted: 'true' }, volumeBindingMode: 'WaitForFirstConsumer' });
  });

  it('labels every object as groundwork-managed for this environment and names it without hash suffix', () => {
    for (const o of objs) {
      expect(o.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'groundwork', 'app.kubernetes.io/part-of': 'groundwork', 'groundwork.dev/environment': env });
      expect(o.metadata.name).not.toMatch(/-c8[0-9a-f]{8}$/);
    }
  });

  it('every object passes the upstream schema', () => {
    expect(validateObjects(objs)).toEqual([]);
  });
});

describe('FoundationChart', () => {
  it('retains volumes in production', () => {
    expect(foundation('prod').find((o) => o.kind === 'StorageClass')!.reclaimPolicy).toBe('Retain');
  });

  it('admits the load balancer subnets, and nothing else, when the edge is an ALB (no in-cluster proxy)', () => {
    const albSubnets = ['10.30.0.0/24', '10.30.1.0/24', '10.30.2.0/24'];
    const objs = foundation('prod', { cidrs: [...albSubnets].reverse() });
    for (const { name } of STOCK.prod.tenants) {
      const edge = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === name && o.metadata.name === TENANT_NETWORK_POLICIES.ingressController)!;
      const peers = edge.spec.ingress.flatMap((rule: { from: unknown[] }) => rule.from);
      expect(peers).toEqual(albSubnets.map((cidr) => ({ ipBlock: { cidr } })));
    }
  });

  it('is deterministic and independent of input order', () => {
    const reversed = new FoundationChart(Testing.app(), 'foundation', {
      spec: { ...STOCK.prod, tenants: [...STOCK.prod.tenants].reverse() },
      namespaces: [...NAMESPACES].reverse(),
      meshInjection: true,
      ingressFrom: GATEWAY_PEER,
    });
    expect(Testing.synth(reversed)).toEqual(foundation('prod'));
  });
});
