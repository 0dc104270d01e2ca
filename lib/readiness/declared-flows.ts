/**
 * Expected-flows rows from the add-ons' network declarations and from the rendered workload
 * identities. A declaration's pod ends are resolved against the pods that really render: a
 * declaration whose labels match no rendered pod is a finding (its policy would open nothing, and
 * the pod it meant is cut off). IRSA rows come from the rendered ServiceAccounts
 * (`eks.amazonaws.com/role-arn`), not from declarations: every pod that assumes a role calls STS.
 */
import type { DeclaredNetworkNeed, NetworkPeer } from '../addons/network';
import { KUBE_DNS, podEndpoint, TENANT_APP_PORT } from './flow-endpoints';
import type { CidrEndpoint, Flow, PodEndpoint } from './flows';
import { ofKind } from './kube-objects';
import { matchesSelector } from './label-selector';
import type { PodTemplate } from './pod-templates';
import { asObject, asStringMap, type Finding, type RenderedObject } from './types';

/** A public AWS address range standing for the service endpoints (AWS's ranges move; any public one is treated alike). */
export const AWS_ENDPOINTS: CidrEndpoint = { cidr: '52.94.0.0/22', ref: 'AWS public service endpoints (e.g. 52.94.0.0/22)' };
const ROLE_ARN = 'eks.amazonaws.com/role-arn';

/**
 * A pod as a connection's end. A mesh gateway (proxy injected without traffic capture) serves its
 * listeners from envoy itself: no sidecar intercepts them, so PeerAuthentication does not apply.
 */
function asListener(t: PodTemplate): PodEndpoint {
  const e = podEndpoint(t);
  return e.meshed && !e.capturesOutbound ? { ...e, inboundCapture: { include: [], exclude: [] } } : e;
}

function pods(peer: NetworkPeer, templates: readonly PodTemplate[], tenants: readonly PodEndpoint[]): PodEndpoint[] | undefined {
  if ('cidr' in peer) return undefined;
  if ('tenants' in peer) return [...tenants];
  const labels = peer.podLabels ?? {};
  const candidates = 'anyPod' in peer ? templates : templates.filter((t) => t.namespace === peer.namespace);
  const found = candidates.filter((t) => t.spec.hostNetwork !== true && matchesSelector({ matchLabels: { ...labels } }, t.labels)).map(asListener);
  const dns = !('anyPod' in peer) && peer.namespace === KUBE_DNS.namespace && matchesSelector({ matchLabels: { ...labels } }, KUBE_DNS.podLabels) ? [KUBE_DNS] : [];
  return [...found, ...dns];
}

function cidrEnd(peer: Extract<NetworkPeer, { cidr: string }>): CidrEndpoint {
  // The internet minus the cluster: a public address stands for it.
  return peer.cidr === '0.0.0.0/0' ? { cidr: AWS_ENDPOINTS.cidr, ref: `${peer.description} (e.g. ${AWS_ENDPOINTS.cidr})` } : { cidr: peer.cidr, ref: peer.description };
}

/** One row per declared need × rendered source pod × rendered destination pod × port. */
export function declaredFlows(needs: readonly DeclaredNetworkNeed[], templates: readonly PodTemplate[], tenants: readonly PodEndpoint[]): { flows: Flow[]; findings: Finding[] } {
  const flows: Flow[] = [];
  const findings: Finding[] = [];
  for (const need of needs) {
    // A need from any pod is an ingress allowance; its sources are the rows other needs and the tenants give.
    if ('anyPod' in need.from) continue;
    // An egress allowance the destination's own workloads admit: no pod of the platform has to answer.
    if (need.admittedByDestination) continue;
    const from = 'cidr' in need.from ? [cidrEnd(need.from)] : pods(need.from, templates, tenants)!;
    const to = 'cidr' in need.to ? [cidrEnd(need.to)] : pods(need.to, templates, tenants)!;
    const empty = [from, to].some((e) => e.length === 0) && !('tenants' in need.from || 'tenants' in need.to);
    if (empty) {
      findings.push({
        check: 'network.declared-need',
        object: `add-on ${need.addon}`,
        problem: `declared connection "${need.purpose}" matches no rendered pod at its ${from.length === 0 ? 'source' : 'destination'}: its policy opens nothing`,
        fix: "match the declaration's pod labels to the chart's rendered pods (or drop it)",
      });
      continue;
    }
    const ports = need.ports.length > 0 ? need.ports : [{ port: TENANT_APP_PORT, protocol: 'TCP' as const }];
    for (const f of from) for (const t of to) for (const p of ports) {
      const protocol = p.protocol ?? 'TCP';
      flows.push({ name: `${f.ref} → ${t.ref} ${p.port}/${protocol} [${need.addon}]`, purpose: need.purpose, from: f, to: { ...t, port: p.port, protocol } });
    }
  }
  return { flows, findings };
}

/** Every rendered pod whose ServiceAccount carries an IRSA role → the AWS endpoints on 443. */
export function workloadIdentityFlows(objects: readonly RenderedObject[], templates: readonly PodTemplate[]): Flow[] {
  const roles = new Set(
    ofKind(objects, 'ServiceAccount')
      .filter((sa) => asStringMap(asObject(sa.metadata).annotations)[ROLE_ARN])
      .map((sa) => `${sa.metadata.namespace}/${sa.metadata.name}`),
  );
  return templates
    .filter((t) => t.spec.hostNetwork !== true && roles.has(`${t.namespace}/${t.spec.serviceAccountName ?? 'default'}`))
    .map((t) => ({ name: `${t.owner} → AWS APIs 443/TCP`, purpose: 'AWS APIs with its IRSA role (STS, then its service)', from: podEndpoint(t), to: { ...AWS_ENDPOINTS, port: 443, protocol: 'TCP' as const } }));
}
