/**
 * The two mesh TLS settings that can stop a connection before authorization does:
 * - server side, PeerAuthentication: a meshed workload in STRICT mode refuses plaintext, so a
 *   source without a sidecar (the control plane, an un-injected controller) cannot connect;
 * - client side, DestinationRule `tls.mode: ISTIO_MUTUAL`: a meshed client then always originates
 *   Istio mTLS for the matching hosts, turning off auto-mTLS's plaintext fallback, so it can no
 *   longer reach anything without a sidecar (the API server, HTTP01 solver pods, kube-dns over TCP).
 * Precedence (istio docs, PeerAuthentication): workload selector > namespace > mesh root namespace;
 * UNSET inherits; no policy means PERMISSIVE.
 */
import { ofKind } from './kube-objects';
import { matchesSelector } from './label-selector';
import type { PodEndpoint } from './flows';
import { asObject, asObjects, asStringMap, refOf, type Json, type RenderedObject } from './types';

/** The mTLS mode a meshed workload enforces on `port`, and the policy that decides it. */
export function peerAuthenticationMode(objects: readonly RenderedObject[], rootNamespace: string, dest: PodEndpoint, port: number): { mode: string; by?: string } {
  const policies = ofKind(objects, 'PeerAuthentication', 'security.istio.io').sort((a, b) => (refOf(a) < refOf(b) ? -1 : refOf(a) > refOf(b) ? 1 : 0));
  const selectorOf = (p: RenderedObject) => asStringMap(asObject(asObject(p.spec).selector).matchLabels);
  const modeOf = (p: RenderedObject): string | undefined => {
    const spec = asObject(p.spec);
    const portLevel = asObject(asObject(spec.portLevelMtls)[String(port)]);
    const m = (portLevel.mode ?? asObject(spec.mtls).mode) as string | undefined;
    return m && m !== 'UNSET' ? m : undefined;
  };
  const workload = policies.filter((p) => p.metadata.namespace === dest.namespace && Object.keys(selectorOf(p)).length > 0 && matchesSelector({ matchLabels: selectorOf(p) }, dest.podLabels));
  const namespace = policies.filter((p) => p.metadata.namespace === dest.namespace && Object.keys(selectorOf(p)).length === 0);
  const mesh = policies.filter((p) => p.metadata.namespace === rootNamespace && Object.keys(selectorOf(p)).length === 0);
  for (const level of [workload, namespace, mesh]) {
    for (const p of level) {
      const m = modeOf(p);
      if (m) return { mode: m, by: refOf(p) };
    }
  }
  return { mode: 'PERMISSIVE' };
}

/** Istio host match: exact, or `*.suffix` / `*`. */
function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  return pattern.startsWith('*') ? host.endsWith(pattern.slice(1)) : pattern === host;
}

/**
 * The DestinationRule forcing Istio mTLS from a client in `clientNamespace` to `host:port`, if any.
 * Rules in the client's namespace take precedence over the root namespace's; the most specific host wins.
 */
export function forcedClientTls(objects: readonly RenderedObject[], rootNamespace: string, clientNamespace: string, host: string, port: number): { mode: string; by: string } | undefined {
  const rules = ofKind(objects, 'DestinationRule', 'networking.istio.io').filter((r) => {
    const ns = r.metadata.namespace;
    const exportTo = asObject(r.spec).exportTo as string[] | undefined;
    const visible = ns === clientNamespace || !exportTo || exportTo.includes('*') || exportTo.includes(clientNamespace);
    return (ns === clientNamespace || ns === rootNamespace || visible) && hostMatches(String(asObject(r.spec).host), host);
  });
  const specificity = (r: RenderedObject) => (String(asObject(r.spec).host).startsWith('*') ? 0 : 1);
  const ordered = [...rules].sort(
    (a, b) => specificity(b) - specificity(a) || Number(b.metadata.namespace === clientNamespace) - Number(a.metadata.namespace === clientNamespace) || (refOf(a) < refOf(b) ? -1 : refOf(a) > refOf(b) ? 1 : 0),
  );
  const chosen = ordered[0];
  if (!chosen) return undefined;
  const policy = asObject(asObject(chosen.spec).trafficPolicy);
  const portSetting = asObjects(policy.portLevelSettings).find((s: Json) => asObject(s.port).number === port);
  const mode = String(asObject(asObject(portSetting).tls).mode ?? asObject(policy.tls).mode ?? '');
  return mode === 'ISTIO_MUTUAL' || mode === 'MUTUAL' ? { mode, by: refOf(chosen) } : undefined;
}
