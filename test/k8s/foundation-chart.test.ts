import { Testing } from 'cdk8s';
import { FoundationChart, type FoundationNamespace } from '../../lib/k8s/foundation-chart';
import { validateObjects } from '../support/schema';
import { STOCK, type Obj } from './helpers';

const NAMESPACES: FoundationNamespace[] = [
  { name: 'istio-system', podSecurity: 'privileged' },
  { name: 'cert-manager', podSecurity: 'restricted' },
  { name: 'ingress-nginx', podSecurity: 'baseline', labels: { 'istio-injection': 'enabled' } },
];

function foundation(env: keyof typeof STOCK): Obj[] {
  const chart = new FoundationChart(Testing.app(), 'foundation', {
    spec: STOCK[env],
    namespaces: NAMESPACES,
    meshInjection: STOCK[env].addons.mesh,
    ingressNamespace: 'ingress-nginx',
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

  it('is deterministic and independent of input order', () => {
    const reversed = new FoundationChart(Testing.app(), 'foundation', {
      spec: { ...STOCK.prod, tenants: [...STOCK.prod.tenants].reverse() },
      namespaces: [...NAMESPACES].reverse(),
      meshInjection: true,
      ingressNamespace: 'ingress-nginx',
    });
    expect(Testing.synth(reversed)).toEqual(foundation('prod'));
  });
});
