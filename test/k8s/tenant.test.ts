import { Tenant, TENANT_NAMESPACE_LABEL, type TenantProps } from '../../lib/k8s/tenant';
import { validateObjects } from '../support/schema';
import { chart, STOCK, synth, type Obj } from './helpers';

const payments = STOCK.prod.tenants.find((t) => t.name === 'payments')!;
const NGINX = { namespace: 'ingress-nginx' };

function tenantObjects(props: Partial<TenantProps> = {}): Obj[] {
  const c = chart();
  new Tenant(c, 't', { tenant: payments, environment: 'prod', meshInjection: true, ingressFrom: NGINX, ...props } as TenantProps);
  return synth(c);
}

describe('Tenant', () => {
  it('matches the snapshot', () => {
    expect(tenantObjects()).toMatchSnapshot();
  });

  it('namespace is restricted and labelled for mesh injection only when the mesh is on', () => {
    const ns = tenantObjects().find((o) => o.kind === 'Namespace')!;
    expect(ns.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'istio-injection': 'enabled' });
    const noMesh = tenantObjects({ meshInjection: false }).find((o) => o.kind === 'Namespace')!;
    expect(noMesh.metadata.labels?.['istio-injection']).toBeUndefined();
  });

  it('has a default-deny NetworkPolicy covering Ingress and Egress for all pods', () => {
    const deny = tenantObjects().filter(
      (o) => o.kind === 'NetworkPolicy' && Object.keys(o.spec.podSelector ?? {}).length === 0 && !o.spec.ingress && !o.spec.egress,
    );
    expect(deny).toHaveLength(1);
    expect([...deny[0].spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
  });

  it('allows DNS to kube-dns in kube-system on UDP and TCP 53', () => {
    const dns = tenantObjects().find((o) => o.metadata.name === 'allow-dns-egress')!;
    expect(dns.spec.egress).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
    ]);
  });

  it('allows ingress from its own namespace and from the ingress controller namespace', () => {
    const objs = tenantObjects({ ingressFrom: { namespace: 'istio-ingress' } });
    const from = (name: string) => objs.find((o) => o.metadata.name === name)!.spec.ingress[0].from[0].namespaceSelector.matchLabels;
    expect(from('allow-same-namespace')).toEqual({ 'kubernetes.io/metadata.name': 'payments' });
    expect(from('allow-ingress-controller')).toEqual({ 'kubernetes.io/metadata.name': 'istio-ingress' });
    const dflt = tenantObjects().find((o) => o.metadata.name === 'allow-ingress-controller')!;
    expect(dflt.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-nginx' });
  });

  it('admits only the edge proxy pods when their labels are given, not the rest of their namespace', () => {
    const objs = tenantObjects({ ingressFrom: { namespace: 'istio-system', podLabels: { istio: 'ingressgateway' } } });
    const [rule] = objs.find((o) => o.metadata.name === 'allow-ingress-controller')!.spec.ingress;
    expect(rule.from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { istio: 'ingressgateway' } } },
    ]);
  });

  it('admits a load balancer that targets pod IPs by its subnets only', () => {
    const objs = tenantObjects({ ingressFrom: { cidrs: ['10.30.240.0/22', '10.30.224.0/22'] } });
    const policy = objs.find((o) => o.metadata.name === 'allow-ingress-controller')!;
    const peers = policy.spec.ingress.flatMap((r: { from: unknown[] }) => r.from);
    expect(peers).toEqual([{ ipBlock: { cidr: '10.30.224.0/22' } }, { ipBlock: { cidr: '10.30.240.0/22' } }]);
    expect(JSON.stringify(policy.spec.ingress)).not.toContain('namespaceSelector');
  });

  it('labels the namespace as a tenant (what the edge Gateway admits routes by)', () => {
    const ns = tenantObjects().find((o) => o.kind === 'Namespace')!;
    expect(ns.metadata.labels?.[TENANT_NAMESPACE_LABEL]).toBe('payments');
  });

  it('rejects edge CIDRs that are not CIDRs or admit everything', () => {
    const build = (cidrs: string[]) => () => new Tenant(chart(), 't', { tenant: payments, environment: 'prod', meshInjection: false, ingressFrom: { cidrs } });
    expect(build(['10.0.0.1/16'])).toThrow(/ingressFrom\.cidrs\[0\]: "10\.0\.0\.1\/16" has host bits set; use 10\.0\.0\.0\/16/);
    expect(build(['0.0.0.0/0'])).toThrow(/ingressFrom\.cidrs\[0\]: "0\.0\.0\.0\/0" admits every address/);
    expect(build([])).toThrow(/ingressFrom\.cidrs: must list at least one IPv4 CIDR/);
  });

  it('sets quota from the tenant and container defaults so the quota is enforceable', () => {
    const objs = tenantObjects();
    expect(objs.find((o) => o.kind === 'ResourceQuota')!.spec.hard).toEqual({
      'requests.cpu': '32', 'requests.memory': '64Gi', 'limits.cpu': '32', 'limits.memory': '64Gi', pods: '300',
    });
    const [limit] = objs.find((o) => o.kind === 'LimitRange')!.spec.limits;
    expect(limit).toMatchObject({ type: 'Container', default: { cpu: expect.any(String), memory: expect.any(String) }, defaultRequest: { cpu: expect.any(String), memory: expect.any(String) } });
  });

  it('binds the built-in edit ClusterRole to each editor group', () => {
    const c = chart();
    new Tenant(c, 't', { tenant: { ...payments, editors: ['payments-developers', 'sre:oncall'] }, environment: 'prod', meshInjection: false, ingressFrom: NGINX });
    // The access bindings (groundwork-tenant-*) are test/k8s/tenant-access.test.ts's.
    const bindings = synth(c).filter((o) => o.kind === 'RoleBinding' && o.metadata.name.startsWith('edit-'));
    expect(bindings.map((b) => [b.metadata.name, b.roleRef.kind, b.roleRef.name, b.subjects[0].kind, b.subjects[0].name])).toEqual([
      ['edit-payments-developers', 'ClusterRole', 'edit', 'Group', 'payments-developers'],
      ['edit-sre-oncall', 'ClusterRole', 'edit', 'Group', 'sre:oncall'],
    ]);
  });

  it('rejects bad props with every problem listed', () => {
    const bad = () =>
      new Tenant(chart(), 't', {
        tenant: { name: 'Team_A', editors: ['ok', ''], quota: { cpu: 'lots', memory: '1Gi', pods: 0 } },
        environment: 'prod',
        meshInjection: false,
        ingressFrom: { namespace: 'Ingress!' },
      });
    expect(bad).toThrow(/Invalid Tenant "Team_A"/);
    let message = '';
    try {
      bad();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/tenant\.name: "Team_A" is not a DNS label/);
    expect(message).toMatch(/ingressFrom\.namespace: "Ingress!" is not a DNS label/);
    expect(message).toMatch(/tenant\.editors\[1\]: must be a group name/);
    expect(message).toMatch(/tenant\.quota\.cpu: "lots" is not a Kubernetes quantity/);
    expect(message).toMatch(/tenant\.quota\.pods: must be a positive integer/);
  });

  it('requires the edge peer instead of guessing one', () => {
    const props = { tenant: payments, environment: 'prod', meshInjection: false } as unknown as TenantProps;
    expect(() => new Tenant(chart(), 't', props)).toThrow(/ingressFrom: required: .*edgeIngressPeer\(spec\)/);
  });

  it('rejects a system namespace as tenant name', () => {
    expect(() => new Tenant(chart(), 't', { tenant: { ...payments, name: 'kube-system' }, environment: 'prod', meshInjection: false, ingressFrom: NGINX })).toThrow(
      /tenant\.name: "kube-system" is a system namespace/,
    );
  });

  it('passes the upstream schema', () => {
    expect(validateObjects(tenantObjects())).toEqual([]);
    expect(validateObjects(tenantObjects({ ingressFrom: { cidrs: ['10.30.224.0/22'] } }))).toEqual([]);
  });
});
