/**
 * Who may call the service: the platform's edge, the named callers, and Prometheus on the
 * metrics port only. Two layers, because each sees what the other cannot: the NetworkPolicy
 * (always) admits by namespace or address and port; with the mesh on, the AuthorizationPolicy
 * admits by workload identity (the caller's service account, proven by its mTLS certificate).
 * Both add to the tenant's namespace-wide policies (same-namespace traffic stays allowed there).
 */
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { meshPrincipal } from '../../addons/istio-common';
import { emitModel } from '../model-object';
import type { PlatformFacts } from './platform';
import type { ResolvedServiceProps } from './props';
import { objectLabels } from './workload';

/** Selector of every pod of the service (both tracks). */
export function servicePods(p: ResolvedServiceProps): Record<string, string> {
  return { 'app.kubernetes.io/name': p.name };
}

/** Metrics are scraped: the service declares an endpoint and the platform runs Prometheus. */
export function scraped(facts: PlatformFacts, p: ResolvedServiceProps): boolean {
  return p.metrics !== undefined && facts.metrics !== undefined;
}

function networkPolicy(scope: Construct, facts: PlatformFacts, p: ResolvedServiceProps): void {
  const policy = new kplus.NetworkPolicy(scope, 'network-policy', {
    metadata: { name: p.name, namespace: p.namespace, labels: objectLabels(facts, p) },
    selector: kplus.Pods.select(scope, 'policy-pods', { labels: servicePods(p) }),
    // Ingress-isolated even with no rule below; egress stays with the tenant's policies.
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const http = [kplus.NetworkPolicyPort.tcp(p.port)];
  const edge = facts.edgePeer;
  if (!p.expose) {
    // Not routed: the edge has no business reaching it.
  } else if ('cidrs' in edge) {
    [...edge.cidrs].sort().forEach((cidr, i) => policy.addIngressRule(kplus.NetworkPolicyIpBlock.ipv4(scope, `edge-cidr-${i}`, cidr), http));
  } else {
    const namespaces = kplus.Namespaces.select(scope, 'edge-namespace', { names: [edge.namespace] });
    policy.addIngressRule(
      edge.podLabels ? kplus.Pods.select(scope, 'edge-pods', { labels: { ...edge.podLabels }, namespaces }) : kplus.Pods.all(scope, 'edge-pods', { namespaces }),
      http,
    );
  }
  // A NetworkPolicy cannot name a service account: callers' namespaces here, their identity in the AuthorizationPolicy.
  const callerNamespaces = [...new Set(p.callers.map((c) => c.namespace))].sort();
  if (callerNamespaces.length > 0) {
    policy.addIngressRule(kplus.Namespaces.select(scope, 'caller-namespaces', { names: callerNamespaces }), http);
  }
  if (scraped(facts, p)) {
    const m = facts.metrics!;
    policy.addIngressRule(
      kplus.Pods.select(scope, 'prometheus', { labels: { ...m.podLabels }, namespaces: kplus.Namespaces.select(scope, 'prometheus-namespace', { names: [m.namespace] }) }),
      [kplus.NetworkPolicyPort.tcp(p.metrics!.port)],
    );
  }
}

function meshPolicies(scope: Construct, facts: PlatformFacts, p: ResolvedServiceProps): void {
  const labels = objectLabels(facts, p);
  const selector = { matchLabels: servicePods(p) };
  const principals = [...new Set([...(p.expose ? facts.edgePrincipals : []), ...p.callers.map((c) => meshPrincipal(c.namespace, c.serviceAccount))])].sort();
  const metrics = scraped(facts, p) ? p.metrics! : undefined;
  const rules = [
    ...(principals.length > 0 ? [{ from: [{ source: { principals } }], to: [{ operation: { ports: [String(p.port)] } }] }] : []),
    // Prometheus has no sidecar: plaintext, read-only, on the metrics path and port alone.
    ...(metrics ? [{ to: [{ operation: { ports: [String(metrics.port)], methods: ['GET'], paths: [metrics.path] } }] }] : []),
  ];
  if (metrics) {
    emitModel(scope, 'metrics-peer-authentication', new PeerAuthentication({
      metadata: { name: `${p.name}-metrics`, namespace: p.namespace, labels },
      spec: { selector, mtls: { mode: 'STRICT' }, portLevelMtls: { [String(metrics.port)]: { mode: 'PERMISSIVE' } } },
    }));
  }
  // Nothing to admit beyond the tenant's namespace-wide policies (not exposed, no callers, no scrape).
  if (rules.length === 0) return;
  emitModel(scope, 'authorization-policy', new AuthorizationPolicy({
    metadata: { name: p.name, namespace: p.namespace, labels },
    spec: { selector, action: 'ALLOW', rules },
  }));
}

/** The NetworkPolicy, and with the mesh the AuthorizationPolicy (and the metrics port's mTLS exception). */
export function addTrafficPolicy(scope: Construct, facts: PlatformFacts, p: ResolvedServiceProps): void {
  networkPolicy(scope, facts, p);
  if (facts.mesh) meshPolicies(scope, facts, p);
}
