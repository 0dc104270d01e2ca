/**
 * `allowed(flow)`: every enforcement point a connection crosses, in order — the source's egress
 * NetworkPolicies, the destination's ingress NetworkPolicies, the meshed client's DestinationRule
 * TLS, the meshed destination's PeerAuthentication, its AuthorizationPolicies. Each layer that
 * stops the flow is reported with the policies involved.
 */
import { describeEndpoint, isPod, type Flow, type FlowBlock, type FlowVerdict } from './flows';
import { evaluateAuthorization, readAuthorizationPolicies, type AuthorizationPolicyModel } from './mesh-authorization';
import { capturesInbound } from './flow-endpoints';
import { forcedClientTls, peerAuthenticationMode } from './mesh-tls';
import type { Namespaces } from './namespaces';
import { evaluateDirection, readNetworkPolicies, type NetworkPolicyModel } from './network-policy';
import type { RenderedObject } from './types';

/** What flows are judged against. */
export interface NetworkContext {
  /** Every object (policies are read from it). */
  objects: readonly RenderedObject[];
  /** Namespace labels for namespace selectors. */
  namespaces: Namespaces;
  /** NetworkPolicies. */
  networkPolicies: NetworkPolicyModel[];
  /** AuthorizationPolicies. */
  authorizationPolicies: AuthorizationPolicyModel[];
  /** Mesh root namespace. @default 'istio-system' */
  rootNamespace: string;
  /** Mesh trust domain. @default 'cluster.local' */
  trustDomain: string;
}

/** Build the context once for many flows. */
export function networkContext(objects: readonly RenderedObject[], namespaces: Namespaces, mesh: { rootNamespace?: string; trustDomain?: string } = {}): NetworkContext {
  return {
    objects,
    namespaces,
    networkPolicies: readNetworkPolicies(objects),
    authorizationPolicies: readAuthorizationPolicies(objects),
    rootNamespace: mesh.rootNamespace ?? 'istio-system',
    trustDomain: mesh.trustDomain ?? 'cluster.local',
  };
}

/** The verdict on one flow. */
export function allowed(flow: Flow, ctx: NetworkContext): FlowVerdict {
  const protocol = flow.to.protocol ?? 'TCP';
  const port = flow.to.port;
  const blocked: FlowBlock[] = [];
  const from = describeEndpoint(flow.from);
  const to = describeEndpoint(flow.to);
  const evidence: string[] = [];

  if (isPod(flow.from)) {
    const v = evaluateDirection(ctx.networkPolicies, 'Egress', flow.from, flow.to, port, protocol, ctx.namespaces);
    if (!v.allowed) blocked.push({ layer: 'egress', by: v.isolatedBy, reason: `egress of ${from} is isolated by ${v.isolatedBy.join(', ')} and no rule allows ${port}/${protocol} to ${to}` });
    else evidence.push(v.allowedBy ? `egress allowed by ${v.allowedBy}` : 'egress not isolated');
  }
  if (isPod(flow.to)) {
    const v = evaluateDirection(ctx.networkPolicies, 'Ingress', flow.to, flow.from, port, protocol, ctx.namespaces);
    if (!v.allowed) blocked.push({ layer: 'ingress', by: v.isolatedBy, reason: `ingress of ${to} is isolated by ${v.isolatedBy.join(', ')} and no rule allows ${port}/${protocol} from ${from}` });
    else evidence.push(v.allowedBy ? `ingress allowed by ${v.allowedBy}` : 'ingress not isolated');
  }
  const destMeshed = isPod(flow.to) && flow.to.meshed === true;
  const srcMeshed = isPod(flow.from) && flow.from.meshed === true;
  // Only a capturing sidecar routes the app's own connections through Envoy, and only TCP (UDP DNS bypasses it).
  if (isPod(flow.from) && flow.from.capturesOutbound === true && !destMeshed && protocol === 'TCP' && flow.to.host) {
    const forced = forcedClientTls(ctx.objects, ctx.rootNamespace, flow.from.namespace, flow.to.host, port);
    if (forced) blocked.push({ layer: 'client-tls', by: [forced.by], reason: `${forced.by} makes the client's sidecar originate ${forced.mode} TLS to ${flow.to.host}, which has no sidecar to terminate it` });
  }
  if (destMeshed && isPod(flow.to) && protocol === 'TCP' && !capturesInbound(flow.to, port)) {
    evidence.push(`inbound ${port} bypasses the sidecar (traffic.sidecar.istio.io annotations): no mTLS or authorization on it`);
  } else if (destMeshed && isPod(flow.to) && protocol === 'TCP') {
    const pa = peerAuthenticationMode(ctx.objects, ctx.rootNamespace, flow.to, port);
    if (pa.mode === 'STRICT' && !srcMeshed) blocked.push({ layer: 'mtls', by: pa.by ? [pa.by] : [], reason: `${to} requires mTLS (${pa.by ?? 'STRICT'}) and ${from} has no sidecar` });
    else evidence.push(`mTLS ${pa.mode}${pa.by ? ` (${pa.by})` : ''}`);
    const authz = evaluateAuthorization(ctx.authorizationPolicies, ctx.rootNamespace, ctx.trustDomain, flow.from, flow.to, port);
    if (!authz.allowed) blocked.push({ layer: 'authorization', by: authz.by, reason: authz.reason });
    else evidence.push(`authorization: ${authz.reason}`);
  }
  return { allowed: blocked.length === 0, blocked, evidence };
}
