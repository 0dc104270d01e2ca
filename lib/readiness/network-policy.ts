/**
 * Kubernetes NetworkPolicy semantics (networking.k8s.io/v1). A pod is isolated in a direction
 * once any policy in its namespace selects it with that policy type; an isolated pod accepts only
 * what some such policy's rules allow, and a pod no policy selects accepts everything. A
 * connection needs the source's egress and the destination's ingress.
 *
 * `ipBlock` peers match only address-range endpoints: whether they match pod IPs is left to the
 * implementation by the API, so these checks never count on it.
 */
import { admitsRange } from './ip-blocks';
import { ofKind } from './kube-objects';
import { matchesSelector, readSelector, type SelectorModel } from './label-selector';
import type { Namespaces } from './namespaces';
import { isPod, type CidrEndpoint, type FlowProtocol, type PodEndpoint } from './flows';
import { asObject, asObjects, refOf, type RenderedObject } from './types';

/** One peer of a rule. */
export interface PolicyPeer {
  podSelector?: SelectorModel;
  namespaceSelector?: SelectorModel;
  ipBlock?: { cidr: string; except: string[] };
}

/** One port of a rule. */
export interface PolicyPort {
  /** Protocol. @default 'TCP' */
  protocol: string;
  /** Number or name; absent means every port of the protocol. @default none */
  port?: number | string;
  /** Last port of a range starting at `port`. @default none */
  endPort?: number;
}

/** One ingress or egress rule; an empty peer or port list means all. */
export interface PolicyRule {
  peers: PolicyPeer[];
  ports: PolicyPort[];
}

/** A NetworkPolicy, normalised (policy types defaulted as the API server does). */
export interface NetworkPolicyModel {
  ref: string;
  namespace: string;
  podSelector: SelectorModel;
  policyTypes: Array<'Ingress' | 'Egress'>;
  ingress: PolicyRule[];
  egress: PolicyRule[];
}

function readRules(value: unknown, peerKey: 'from' | 'to'): PolicyRule[] {
  return asObjects(value).map((r) => ({
    peers: asObjects(r[peerKey]).map((p) => ({
      ...(p.podSelector !== undefined ? { podSelector: readSelector(p.podSelector) ?? {} } : {}),
      ...(p.namespaceSelector !== undefined ? { namespaceSelector: readSelector(p.namespaceSelector) ?? {} } : {}),
      ...(p.ipBlock !== undefined ? { ipBlock: { cidr: String(asObject(p.ipBlock).cidr), except: (asObject(p.ipBlock).except as string[] | undefined) ?? [] } } : {}),
    })),
    ports: asObjects(r.ports).map((p) => ({
      protocol: String(p.protocol ?? 'TCP'),
      ...(p.port !== undefined ? { port: typeof p.port === 'string' && /^\d+$/.test(p.port) ? Number(p.port) : (p.port as number | string) } : {}),
      ...(typeof p.endPort === 'number' ? { endPort: p.endPort } : {}),
    })),
  }));
}

/** Every NetworkPolicy of `objects` (core networking.k8s.io only; Cilium's own CRDs are not modelled). */
export function readNetworkPolicies(objects: readonly RenderedObject[]): NetworkPolicyModel[] {
  return ofKind(objects, 'NetworkPolicy', 'networking.k8s.io').map((np) => {
    const spec = asObject(np.spec);
    const egress = readRules(spec.egress, 'to');
    // API defaulting: Ingress always; Egress when the policy has egress rules.
    const types = Array.isArray(spec.policyTypes) && spec.policyTypes.length ? (spec.policyTypes as Array<'Ingress' | 'Egress'>) : egress.length ? (['Ingress', 'Egress'] as const) : (['Ingress'] as const);
    return {
      ref: refOf(np),
      namespace: np.metadata.namespace ?? 'default',
      podSelector: readSelector(spec.podSelector) ?? {},
      policyTypes: [...types],
      ingress: readRules(spec.ingress, 'from'),
      egress,
    };
  });
}

function peerMatches(peer: PolicyPeer, policyNamespace: string, other: PodEndpoint | CidrEndpoint, namespaces: Namespaces): boolean {
  if (!isPod(other)) return peer.ipBlock !== undefined && admitsRange(peer.ipBlock.cidr, peer.ipBlock.except, other.cidr);
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector) {
    if (!matchesSelector(peer.namespaceSelector, namespaces.get(other.namespace).labels)) return false;
  } else if (other.namespace !== policyNamespace) return false;
  return !peer.podSelector || matchesSelector(peer.podSelector, other.podLabels);
}

function portMatches(p: PolicyPort, port: number, protocol: FlowProtocol, target: PodEndpoint | CidrEndpoint): boolean {
  if (p.protocol !== protocol) return false;
  if (p.port === undefined) return true;
  if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
  // A named port resolves against the destination pod's container ports.
  if (!isPod(target)) return false;
  return (target.containerPorts ?? []).some((cp) => cp.name === p.port && cp.containerPort === port && (cp.protocol ?? 'TCP') === protocol);
}

/** The verdict of one direction for the pod `subject`. */
export interface DirectionVerdict {
  allowed: boolean;
  /** Policies that isolate the subject in this direction. */
  isolatedBy: string[];
  /** The policy whose rule allowed it. @default none */
  allowedBy?: string;
}

/**
 * Whether `subject`'s policies let it talk to `peer` in `direction` on `port`. For egress the
 * destination is `peer`; for ingress it is `subject` (named ports resolve against the destination).
 */
export function evaluateDirection(
  policies: readonly NetworkPolicyModel[],
  direction: 'Ingress' | 'Egress',
  subject: PodEndpoint,
  peer: PodEndpoint | CidrEndpoint,
  port: number,
  protocol: FlowProtocol,
  namespaces: Namespaces,
): DirectionVerdict {
  // Sorted so the policy named as evidence never depends on object order.
  const isolating = policies
    .filter((p) => p.namespace === subject.namespace && p.policyTypes.includes(direction) && matchesSelector(p.podSelector, subject.podLabels))
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  if (isolating.length === 0) return { allowed: true, isolatedBy: [] };
  const destination = direction === 'Egress' ? peer : subject;
  for (const p of isolating) {
    const rules = direction === 'Egress' ? p.egress : p.ingress;
    const hit = rules.some(
      (r) => (r.peers.length === 0 || r.peers.some((x) => peerMatches(x, p.namespace, peer, namespaces))) && (r.ports.length === 0 || r.ports.some((x) => portMatches(x, port, protocol, destination))),
    );
    if (hit) return { allowed: true, isolatedBy: isolating.map((i) => i.ref), allowedBy: p.ref };
  }
  return { allowed: false, isolatedBy: isolating.map((i) => i.ref) };
}
