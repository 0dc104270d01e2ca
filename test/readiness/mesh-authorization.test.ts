import { allowed, networkContext } from '../../lib/readiness/flow-verdict';
import type { CidrEndpoint, Flow, PodEndpoint } from '../../lib/readiness/flows';
import { evaluateAuthorization, istioMatch, readAuthorizationPolicies } from '../../lib/readiness/mesh-authorization';
import { readNamespaces } from '../../lib/readiness/namespaces';
import type { RenderedObject } from '../../lib/readiness/types';

const tenant: PodEndpoint = { namespace: 'team-a', podLabels: { app: 'api' }, meshed: true, capturesOutbound: true, ref: 'Namespace/team-a' };
const gateway: PodEndpoint = { namespace: 'istio-system', podLabels: { istio: 'ingressgateway' }, serviceAccount: 'istio-ingressgateway', meshed: true, ref: 'Deployment/istio-system/gw' };
const nginx: PodEndpoint = { namespace: 'ingress-nginx', podLabels: {}, serviceAccount: 'ingress-nginx', meshed: false, ref: 'Deployment/ingress-nginx/controller' };
const peer: PodEndpoint = { namespace: 'team-a', podLabels: { app: 'web' }, meshed: true, ref: 'Deployment/team-a/web' };
const vpc: CidrEndpoint = { cidr: '10.0.0.0/16', ref: 'control plane' };

const authz = (name: string, namespace: string, spec: Record<string, unknown>): RenderedObject => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec });
/** What lib/addons/istio-mesh-policies.ts renders for a tenant. */
const tenantPolicies = [
  authz('default-deny', 'team-a', {}),
  authz('allow', 'team-a', { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['team-a'] } }] }, { from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway'] } }] }] }),
];
const decide = (objects: RenderedObject[], source: PodEndpoint | CidrEndpoint, port = 8080) => evaluateAuthorization(readAuthorizationPolicies(objects), 'istio-system', 'cluster.local', source, tenant, port);

describe('AuthorizationPolicy', () => {
  it('allows everything when no ALLOW policy applies', () => expect(decide([], nginx).allowed).toBe(true));

  it('an empty spec is allow-nothing: it denies every source on its own', () => {
    const v = decide([authz('default-deny', 'team-a', {})], peer);
    expect(v).toEqual({ allowed: false, by: ['AuthorizationPolicy/team-a/default-deny'], reason: expect.stringContaining('none matches') });
  });

  it('allows the same namespace and the gateway principal, and nothing else (the tenant policies)', () => {
    expect(decide(tenantPolicies, peer).allowed).toBe(true);
    expect(decide(tenantPolicies, gateway).allowed).toBe(true);
    expect(decide(tenantPolicies, { ...gateway, serviceAccount: 'other' }).allowed).toBe(false);
  });

  it('gives a plaintext source neither principal nor namespace', () => {
    expect(decide(tenantPolicies, { ...peer, meshed: false }).allowed).toBe(false);
    expect(decide(tenantPolicies, vpc).reason).toContain('address range 10.0.0.0/16');
  });

  it('DENY wins over ALLOW, and notNamespaces / ports narrow rules', () => {
    const deny = authz('deny', 'team-a', { action: 'DENY', rules: [{ from: [{ source: { notNamespaces: ['team-a'] } }], to: [{ operation: { ports: ['8080'] } }] }] });
    expect(decide([...tenantPolicies, deny], gateway).allowed).toBe(false);
    expect(decide([...tenantPolicies, deny], gateway, 9090).allowed).toBe(true);
    expect(decide([...tenantPolicies, deny], peer).allowed).toBe(true);
  });

  it('applies root-namespace policies mesh-wide and honours workload selectors', () => {
    const meshWide = authz('deny-all', 'istio-system', { action: 'DENY', rules: [{}] });
    expect(decide([meshWide], peer).allowed).toBe(false);
    const otherWorkload = authz('deny-db', 'team-a', { action: 'DENY', selector: { matchLabels: { app: 'db' } }, rules: [{}] });
    expect(decide([otherWorkload], peer).allowed).toBe(true);
  });

  it('counts HTTP-level rules as allowing some requests, and never as denying the whole connection', () => {
    const httpAllow = authz('get', 'team-a', { action: 'ALLOW', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    expect(decide([httpAllow], nginx)).toEqual(expect.objectContaining({ allowed: true, reason: expect.stringContaining('some requests') }));
    const httpDeny = authz('no-admin', 'team-a', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] });
    expect(decide([httpDeny], nginx).allowed).toBe(true);
  });

  it('matches Istio string patterns', () => {
    expect(istioMatch('cluster.local/ns/a/sa/*', 'cluster.local/ns/a/sa/x')).toBe(true);
    expect(istioMatch('*/sa/x', 'cluster.local/ns/a/sa/x')).toBe(true);
    expect(istioMatch('*', undefined)).toBe(false);
  });
});

describe('mesh TLS on a flow', () => {
  const pa = (namespace: string, mode: string, extra: Record<string, unknown> = {}): RenderedObject => ({ apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode }, ...extra } });
  const dr = (tls?: Record<string, unknown>): RenderedObject => ({ apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: 'mesh-defaults', namespace: 'istio-system' }, spec: { host: '*.local', trafficPolicy: { ...(tls ? { tls } : {}), outlierDetection: {} } } });
  const run = (objects: RenderedObject[], from: PodEndpoint | CidrEndpoint, to: Flow['to']) => allowed({ name: 'f', purpose: 'p', from, to }, networkContext(objects, readNamespaces([])));

  it('STRICT mesh-wide mTLS refuses a plaintext source at a meshed workload', () => {
    const v = run([pa('istio-system', 'STRICT')], nginx, { ...tenant, port: 8080 });
    expect(v.blocked).toEqual([expect.objectContaining({ layer: 'mtls', by: ['PeerAuthentication/istio-system/default'] })]);
    expect(run([pa('istio-system', 'STRICT')], gateway, { ...tenant, port: 8080 }).allowed).toBe(true);
  });

  it('a namespace or port-level PERMISSIVE setting overrides the mesh-wide STRICT', () => {
    expect(run([pa('istio-system', 'STRICT'), pa('team-a', 'PERMISSIVE')], nginx, { ...tenant, port: 8080 }).allowed).toBe(true);
    const portLevel: RenderedObject = { ...pa('team-a', 'STRICT', { selector: { matchLabels: { app: 'api' } }, portLevelMtls: { '8443': { mode: 'PERMISSIVE' } } }), metadata: { name: 'webhook', namespace: 'team-a' } };
    expect(run([pa('istio-system', 'STRICT'), portLevel], vpc, { ...tenant, port: 8443 }).allowed).toBe(true);
    expect(run([pa('istio-system', 'STRICT'), portLevel], vpc, { ...tenant, port: 8080 }).allowed).toBe(false);
  });

  it('a mesh-wide DestinationRule with ISTIO_MUTUAL breaks meshed clients calling anything without a sidecar', () => {
    const toApi = { ...vpc, port: 443, host: 'kubernetes.default.svc.cluster.local' };
    const v = run([dr({ mode: 'ISTIO_MUTUAL' })], tenant, toApi);
    expect(v.blocked).toEqual([expect.objectContaining({ layer: 'client-tls', by: ['DestinationRule/istio-system/mesh-defaults'] })]);
    // Auto mTLS (no tls block) keeps the plaintext fallback; gateways route but do not capture the pod's own traffic.
    expect(run([dr()], tenant, toApi).allowed).toBe(true);
    expect(run([dr({ mode: 'ISTIO_MUTUAL' })], gateway, toApi).allowed).toBe(true);
    // UDP (DNS) never goes through Envoy.
    expect(run([dr({ mode: 'ISTIO_MUTUAL' })], tenant, { ...vpc, port: 53, protocol: 'UDP', host: 'kube-dns.kube-system.svc.cluster.local' }).allowed).toBe(true);
  });
});
