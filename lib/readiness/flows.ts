/**
 * A network flow the platform needs, and the verdict on it. Endpoints are pods (namespace +
 * labels, plus the identity and ports the mesh and named ports need) or address ranges (the VPC,
 * where the EKS control plane's ENIs and load balancers live).
 */

/** A pod end of a flow. */
export interface PodEndpoint {
  /** Namespace of the pod. */
  namespace: string;
  /** Pod labels. */
  podLabels: Record<string, string>;
  /** Service account (the mesh identity). @default 'default' */
  serviceAccount?: string;
  /** The pod runs an Istio sidecar (or is a mesh gateway): it has a workload identity and takes part in mTLS. @default false */
  meshed?: boolean;
  /** A sidecar captures the pod's outbound traffic (sidecar injection; gateways route but do not capture). @default false */
  capturesOutbound?: boolean;
  /**
   * Inbound ports the sidecar intercepts, from the pod's `traffic.sidecar.istio.io/includeInboundPorts`
   * and `excludeInboundPorts` annotations: a port it does not intercept bypasses the sidecar, so
   * neither PeerAuthentication nor AuthorizationPolicy applies to it. @default every port ('*', none excluded)
   */
  inboundCapture?: { include: '*' | number[]; exclude: number[] };
  /** Container ports, to resolve named ports in policies. @default [] */
  containerPorts?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  /** Object the pod belongs to (`Kind/ns/name`), or `Namespace/<name>` for a representative tenant pod. @default described from namespace and labels */
  ref?: string;
}

/** An address-range end of a flow. */
export interface CidrEndpoint {
  /** IPv4 CIDR (any address in it). */
  cidr: string;
  /** What the range is, e.g. `EKS control plane (VPC)`. @default the CIDR */
  ref?: string;
}

/** Transport protocol of a flow. */
export type FlowProtocol = 'TCP' | 'UDP' | 'SCTP';

/** One flow: `from` opens a connection to `to` on `port`. */
export interface Flow {
  /** Readable name, e.g. `team-a → kube-dns 53/UDP`. @default built from the endpoints and port */
  name?: string;
  /** Why the platform needs it (the row's purpose in the expected-flows table). @default none */
  purpose?: string;
  /** Source. */
  from: PodEndpoint | CidrEndpoint;
  /** Destination and its port (the pod's container port, after Service translation). */
  to: (PodEndpoint | CidrEndpoint) & {
    /** Destination port. */
    port: number;
    /** Protocol. @default 'TCP' */
    protocol?: FlowProtocol;
    /** Service host name a meshed client dials (client-side mesh routing applies to it). @default none */
    host?: string;
  };
}

/** Where a flow is stopped. */
export type FlowLayer = 'egress' | 'ingress' | 'client-tls' | 'mtls' | 'authorization';

/** One reason a flow is stopped. */
export interface FlowBlock {
  /** The enforcement point. */
  layer: FlowLayer;
  /** The policies in play (`Kind/ns/name`), or what is missing. */
  by: string[];
  /** What stops it. */
  reason: string;
}

/** The verdict on a flow. */
export interface FlowVerdict {
  /** Every layer lets it through. */
  allowed: boolean;
  /** Why it is stopped (empty when allowed). */
  blocked: FlowBlock[];
  /** What let it through at each layer, for the report. */
  evidence: string[];
}

/** The endpoint's object, or a description of it (`pods team-a/app=web`, a CIDR). */
export function describeEndpoint(e: PodEndpoint | CidrEndpoint): string {
  if (e.ref) return e.ref;
  if (!isPod(e)) return e.cidr;
  const labels = Object.entries(e.podLabels).map(([k, v]) => `${k}=${v}`).join(',');
  return `pods ${e.namespace}/${labels || '*'}`;
}

/** The flow's name, or one built from its ends. */
export function flowName(flow: Flow): string {
  return flow.name ?? `${describeEndpoint(flow.from)} → ${describeEndpoint(flow.to)} ${flow.to.port}/${flow.to.protocol ?? 'TCP'}`;
}

/** Whether an endpoint is a pod. */
export function isPod(e: PodEndpoint | CidrEndpoint): e is PodEndpoint {
  return (e as PodEndpoint).namespace !== undefined;
}

/** `ns/sa` SPIFFE principal as AuthorizationPolicies name it. */
export function principalOf(e: PodEndpoint, trustDomain: string): string | undefined {
  return e.meshed ? `${trustDomain}/ns/${e.namespace}/sa/${e.serviceAccount ?? 'default'}` : undefined;
}
