import { allowed, networkContext } from '../../lib/readiness/flow-verdict';
import { flowName, type CidrEndpoint, type Flow, type PodEndpoint } from '../../lib/readiness/flows';
import { readNetworkPolicies } from '../../lib/readiness/network-policy';
import { readNamespaces } from '../../lib/readiness/namespaces';
import type { RenderedObject } from '../../lib/readiness/types';
import { namespaceObject, networkPolicy } from './helpers';

const ns = [namespaceObject('apps', 'restricted', { team: 'a' }), namespaceObject('web', 'restricted', { tier: 'edge' })];
const api: PodEndpoint = { namespace: 'apps', podLabels: { app: 'api' }, ref: 'Deployment/apps/api', containerPorts: [{ name: 'http', containerPort: 8080 }] };
const client: PodEndpoint = { namespace: 'web', podLabels: { app: 'front' }, ref: 'Deployment/web/front' };
const vpc: CidrEndpoint = { cidr: '10.0.0.0/16', ref: 'control plane' };
const denyAll = networkPolicy('deny', 'apps', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

function verdict(policies: RenderedObject[], from: PodEndpoint | CidrEndpoint, to: PodEndpoint | CidrEndpoint, port = 8080, protocol: 'TCP' | 'UDP' = 'TCP') {
  const objects = [...ns, ...policies];
  const flow: Flow = { name: 'f', purpose: 'p', from, to: { ...to, port, protocol } };
  return allowed(flow, networkContext(objects, readNamespaces(objects)));
}
const ingressFrom = (from: unknown[], ports?: unknown[]) => networkPolicy('allow', 'apps', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from, ...(ports ? { ports } : {}) }] });

describe('NetworkPolicy semantics', () => {
  it('allows everything to and from a pod no policy selects', () => {
    expect(verdict([], client, api).allowed).toBe(true);
    expect(verdict([networkPolicy('other', 'apps', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] })], client, api).allowed).toBe(true);
  });

  it('isolates a selected pod: default deny blocks, naming the policy and the layer', () => {
    const v = verdict([denyAll], client, api);
    expect(v.allowed).toBe(false);
    expect(v.blocked).toEqual([expect.objectContaining({ layer: 'ingress', by: ['NetworkPolicy/apps/deny'] })]);
  });

  it('defaults policyTypes like the API server: Ingress always, Egress only with egress rules', () => {
    const [onlyIngress] = readNetworkPolicies([networkPolicy('a', 'apps', { podSelector: {} })]);
    expect(onlyIngress.policyTypes).toEqual(['Ingress']);
    const [both] = readNetworkPolicies([networkPolicy('b', 'apps', { podSelector: {}, egress: [{}] })]);
    expect(both.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('podSelector alone selects pods of the policy namespace only', () => {
    const p = ingressFrom([{ podSelector: { matchLabels: { app: 'front' } } }]);
    expect(verdict([p], client, api).allowed).toBe(false);
    expect(verdict([p], { ...client, namespace: 'apps' }, api).allowed).toBe(true);
  });

  it('namespaceSelector matches namespace labels, including kubernetes.io/metadata.name', () => {
    expect(verdict([ingressFrom([{ namespaceSelector: { matchLabels: { tier: 'edge' } } }])], client, api).allowed).toBe(true);
    expect(verdict([ingressFrom([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } }])], client, api).allowed).toBe(true);
    expect(verdict([ingressFrom([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }])], client, api).allowed).toBe(false);
  });

  it('namespaceSelector and podSelector in one peer must both match', () => {
    const p = ingressFrom([{ namespaceSelector: { matchLabels: { tier: 'edge' } }, podSelector: { matchLabels: { app: 'other' } } }]);
    expect(verdict([p], client, api).allowed).toBe(false);
  });

  it('ipBlock admits an address range it covers, minus except; it never matches pods', () => {
    expect(verdict([ingressFrom([{ ipBlock: { cidr: '10.0.0.0/8' } }])], vpc, api).allowed).toBe(true);
    expect(verdict([ingressFrom([{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.128.0/17'] } }])], vpc, api).allowed).toBe(false);
    expect(verdict([ingressFrom([{ ipBlock: { cidr: '10.0.0.0/24' } }])], vpc, api).allowed).toBe(false);
    expect(verdict([ingressFrom([{ ipBlock: { cidr: '0.0.0.0/0' } }])], client, api).allowed).toBe(false);
  });

  it('an empty from list allows every source, addresses included', () => {
    expect(verdict([ingressFrom([])], vpc, api).allowed).toBe(true);
  });

  it('matches ports by number, range (endPort), name and protocol', () => {
    expect(verdict([ingressFrom([], [{ port: 8080 }])], client, api).allowed).toBe(true);
    expect(verdict([ingressFrom([], [{ port: 8000, endPort: 8100 }])], client, api).allowed).toBe(true);
    expect(verdict([ingressFrom([], [{ port: 9000, endPort: 9100 }])], client, api).allowed).toBe(false);
    expect(verdict([ingressFrom([], [{ port: 'http' }])], client, api).allowed).toBe(true);
    expect(verdict([ingressFrom([], [{ port: 'metrics' }])], client, api).allowed).toBe(false);
    expect(verdict([ingressFrom([], [{ port: 8080, protocol: 'UDP' }])], client, api).allowed).toBe(false);
    expect(verdict([ingressFrom([], [{ protocol: 'TCP' }])], client, api).allowed).toBe(true);
  });

  it('needs the source egress as well as the destination ingress', () => {
    const egressDeny = networkPolicy('deny', 'web', { podSelector: {}, policyTypes: ['Egress'] });
    expect(verdict([egressDeny], client, api).blocked.map((b) => b.layer)).toEqual(['egress']);
    const dnsOnly = networkPolicy('dns', 'web', { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] });
    expect(verdict([egressDeny, dnsOnly], client, api).allowed).toBe(false);
    expect(verdict([egressDeny, dnsOnly], client, api, 53, 'UDP').allowed).toBe(true);
  });

  it('takes ad-hoc flows without names or object references (a test table row)', () => {
    const objects = [...ns, denyAll];
    const flow: Flow = { from: { namespace: 'web', podLabels: { app: 'front' } }, to: { namespace: 'apps', podLabels: { app: 'api' }, port: 8080 } };
    const v = allowed(flow, networkContext(objects, readNamespaces(objects)));
    expect(v.blocked[0].reason).toBe('ingress of pods apps/app=api is isolated by NetworkPolicy/apps/deny and no rule allows 8080/TCP from pods web/app=front');
    expect(flowName(flow)).toBe('pods web/app=front → pods apps/app=api 8080/TCP');
  });

  it('egress to an address range needs an ipBlock covering it', () => {
    const egress = (cidr: string) => [denyAll, networkPolicy('api', 'apps', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr } }], ports: [{ port: 443 }] }] })];
    expect(verdict(egress('10.0.0.0/16'), api, vpc, 443).allowed).toBe(true);
    expect(verdict(egress('10.0.1.0/24'), api, vpc, 443).allowed).toBe(false);
  });
});
