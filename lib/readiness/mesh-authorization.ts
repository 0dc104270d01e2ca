/**
 * Istio AuthorizationPolicy (security.istio.io) for a connection to a meshed workload: policies in
 * the workload's namespace and the mesh root namespace apply when their selector matches (none:
 * all workloads); any matching DENY rule denies; otherwise, if any ALLOW policy applies, some
 * ALLOW rule must match (a policy with no rules matches nothing: allow-nothing). AUDIT never
 * decides. Source principals and namespaces come from mTLS, so a plaintext source has neither.
 *
 * Connection-level view: rules that also constrain HTTP attributes (methods, paths, hosts, JWT
 * claims) match some requests, so they count as allowing (ALLOW) and not as blocking the whole
 * connection (DENY). CUSTOM (external authorizers) and `targetRefs` policies (gateways and
 * waypoints) are not evaluated and are reported as such.
 */
import { admitsRange } from './ip-blocks';
import { ofKind } from './kube-objects';
import { matchesSelector, type SelectorModel } from './label-selector';
import { isPod, principalOf, type CidrEndpoint, type PodEndpoint } from './flows';
import { asObject, asObjects, refOf, type Json, type RenderedObject } from './types';

/** An AuthorizationPolicy as the evaluator reads it. */
export interface AuthorizationPolicyModel {
  ref: string;
  namespace: string;
  /** Workload selector; absent applies to every workload of the namespace. @default none */
  selector?: SelectorModel;
  /** Policies attached to Gateways/Services instead of workloads. */
  targeted: boolean;
  action: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';
  rules: Json[];
}

/** Every AuthorizationPolicy of `objects`. */
export function readAuthorizationPolicies(objects: readonly RenderedObject[]): AuthorizationPolicyModel[] {
  return ofKind(objects, 'AuthorizationPolicy', 'security.istio.io').map((p) => {
    const spec = asObject(p.spec);
    return {
      ref: refOf(p),
      namespace: p.metadata.namespace ?? 'default',
      ...(spec.selector ? { selector: { matchLabels: asObject(spec.selector).matchLabels as Record<string, string> } } : {}),
      targeted: Array.isArray(spec.targetRefs) || spec.targetRef !== undefined,
      action: (spec.action as AuthorizationPolicyModel['action']) ?? 'ALLOW',
      rules: asObjects(spec.rules),
    };
  });
}

/** Istio string match: exact, `prefix*`, `*suffix`, or `*`. */
export function istioMatch(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);

/** Source facts the rules can see. */
interface Source {
  principal?: string;
  namespace?: string;
  cidr?: string;
}

function fieldMatches(values: string[] | undefined, negated: string[] | undefined, actual: string | undefined): boolean {
  if (values && !values.some((v) => istioMatch(v, actual))) return false;
  if (negated && negated.some((v) => istioMatch(v, actual))) return false;
  return true;
}

type Match = boolean | 'partial';

/** Combine matches: any false is false, else any partial (HTTP/JWT-level condition) is partial. */
function all(results: Match[]): Match {
  if (results.includes(false)) return false;
  return results.includes('partial') ? 'partial' : true;
}

function sourceMatches(src: Json, s: Source): Match {
  const ipOk = (blocks: string[] | undefined, negate: boolean) => {
    if (!blocks) return true;
    const hit = s.cidr !== undefined && blocks.some((b) => admitsRange(b, [], s.cidr!));
    return negate ? !hit : hit;
  };
  const jwt = strings(src.requestPrincipals) !== undefined || strings(src.notRequestPrincipals) !== undefined;
  return all([
    fieldMatches(strings(src.principals), strings(src.notPrincipals), s.principal),
    fieldMatches(strings(src.namespaces), strings(src.notNamespaces), s.namespace),
    ipOk(strings(src.ipBlocks), false),
    ipOk(strings(src.notIpBlocks), true),
    ipOk(strings(src.remoteIpBlocks), false),
    ipOk(strings(src.notRemoteIpBlocks), true),
    jwt ? 'partial' : true,
  ]);
}

const HTTP_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];

function operationMatches(op: Json, port: number): Match {
  return all([fieldMatches(strings(op.ports), strings(op.notPorts), String(port)), HTTP_FIELDS.some((f) => op[f] !== undefined) ? 'partial' : true]);
}

const WHEN_KEYS: Record<string, (s: Source, port: number) => string | undefined> = {
  'source.namespace': (s) => s.namespace,
  'source.principal': (s) => s.principal,
  'destination.port': (_s, port) => String(port),
};

/** Whether a rule matches the connection: true, false, or `partial` (only some requests, by HTTP/JWT attributes). */
function ruleMatches(rule: Json, s: Source, port: number): Match {
  const from = asObjects(rule.from).map((f) => sourceMatches(asObject(f.source), s));
  const to = asObjects(rule.to).map((t) => operationMatches(asObject(t.operation), port));
  const any = (ms: Match[]): Match => (ms.length === 0 ? true : ms.includes(true) ? true : ms.includes('partial') ? 'partial' : false);
  const when = asObjects(rule.when).map((w): Match => {
    const read = WHEN_KEYS[String(w.key)];
    return read ? fieldMatches(strings(w.values), strings(w.notValues), read(s, port)) : 'partial';
  });
  return all([any(from), any(to), ...when]);
}

/** The authorization verdict for `source` connecting to `dest` on `port`. */
export function evaluateAuthorization(
  policies: readonly AuthorizationPolicyModel[],
  rootNamespace: string,
  trustDomain: string,
  source: PodEndpoint | CidrEndpoint,
  dest: PodEndpoint,
  port: number,
): { allowed: boolean; by: string[]; reason: string } {
  const s: Source = isPod(source) ? { principal: principalOf(source, trustDomain), namespace: source.meshed ? source.namespace : undefined } : { cidr: source.cidr };
  const applicable = policies
    .filter((p) => !p.targeted && (p.namespace === dest.namespace || p.namespace === rootNamespace) && (!p.selector || matchesSelector(p.selector, dest.podLabels)))
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const who = s.principal ? `principal ${s.principal}` : isPod(source) ? 'a plaintext source (no sidecar: no principal, no namespace)' : `address range ${s.cidr}`;
  const custom = applicable.filter((p) => p.action === 'CUSTOM');
  for (const p of applicable.filter((x) => x.action === 'DENY')) {
    if (p.rules.some((r) => ruleMatches(r, s, port) === true)) return { allowed: false, by: [p.ref], reason: `DENY policy matches ${who}` };
  }
  const allows = applicable.filter((p) => p.action === 'ALLOW');
  if (allows.length === 0) return { allowed: true, by: custom.map((c) => c.ref), reason: custom.length ? 'no ALLOW policy applies (CUSTOM policies not evaluated)' : 'no ALLOW policy applies' };
  const full = allows.find((p) => p.rules.some((r) => ruleMatches(r, s, port) === true));
  if (full) return { allowed: true, by: [full.ref], reason: `ALLOW policy matches ${who}` };
  const partial = allows.find((p) => p.rules.some((r) => ruleMatches(r, s, port) === 'partial'));
  if (partial) return { allowed: true, by: [partial.ref], reason: `ALLOW policy matches some requests from ${who} (HTTP/JWT conditions not evaluated)` };
  return { allowed: false, by: allows.map((p) => p.ref), reason: `ALLOW policies apply and none matches ${who}` };
}
