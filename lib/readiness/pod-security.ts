/**
 * Pod Security admission over the pods that would be created: each pod template, as the mesh
 * injector leaves it, judged by the level its namespace enforces. A refused pod means the
 * workload never starts (a Helm release times out and rolls back), so every violation is reported.
 */
import { BASELINE_RULES } from './pod-security-baseline';
import { RESTRICTED_RULES } from './pod-security-restricted';
import type { PodSecurityRule, PodSecurityViolation, PodUnderReview } from './pod-security-rule';
import type { Namespaces, PssLevel } from './namespaces';
import type { PodTemplate } from './pod-templates';
import type { Finding } from './types';

/** The rules a level enforces. Restricted drops the baseline rules its own stricter rules replace (upstream `Overlap`). */
export function rulesFor(level: PssLevel): PodSecurityRule[] {
  if (level === 'privileged') return [];
  if (level === 'baseline') return [...BASELINE_RULES];
  return [...BASELINE_RULES.filter((r) => !r.supersededBy), ...RESTRICTED_RULES];
}

/** One violated rule with its evidence. */
export interface RuleViolation extends PodSecurityViolation {
  /** The rule violated. */
  rule: PodSecurityRule;
}

/** Every violation of `pod` under `level`; empty means admitted. */
export function evaluatePodSecurity(pod: PodUnderReview, level: PssLevel): RuleViolation[] {
  return rulesFor(level).flatMap((rule) => rule.check(pod).map((v) => ({ ...v, rule })));
}

/** Fixes for injected containers: they come from istiod's values, not from the workload's chart. */
const INJECTED_FIXES: Record<string, string> = {
  seccompProfile_restricted:
    'set istiod value global.proxy.seccompProfile: {type: RuntimeDefault} (the injection template copies it onto istio-proxy and istio-validation), or give the pod a pod-level securityContext.seccompProfile',
  runAsNonRoot: 'keep interception mode REDIRECT with the CNI enabled (pilot.cni.enabled) so the injected containers run as 1337 with runAsNonRoot, or set pod-level runAsNonRoot',
  runAsUser: 'enable the Istio CNI (pilot.cni.enabled) instead of the root istio-init container, and do not use TPROXY interception',
  capabilities_restricted: 'enable the Istio CNI (pilot.cni.enabled) so no NET_ADMIN/NET_RAW init container is injected; do not set global.proxy.capNetBindService with TPROXY',
  allowPrivilegeEscalation: 'keep istiod value global.proxy.privileged=false',
  privileged: 'keep istiod value global.proxy.privileged=false and do not set IPTABLES_TRACE_LOGGING in proxyMetadata',
};

/** Fix text for a violation: injected containers are fixed in istiod, not in the workload. */
function fixFor(v: RuleViolation, injected: ReadonlySet<string>): string {
  if (v.container && injected.has(v.container)) return INJECTED_FIXES[v.rule.id] ?? `the mesh injects "${v.container}": change its settings through istiod's values (global.proxy.*), then re-render`;
  return v.rule.fix;
}

/**
 * Findings for every pod template refused by its namespace's level. Templates must already carry
 * the mesh's injected containers (see mesh-injection.ts) so sidecars are judged like any container.
 */
export function checkPodSecurity(templates: readonly PodTemplate[], namespaces: Namespaces): Finding[] {
  const findings: Finding[] = [];
  for (const t of templates) {
    const ns = namespaces.get(t.namespace);
    const injected = new Set(t.injected ?? []);
    for (const v of evaluatePodSecurity({ annotations: t.annotations, spec: t.spec }, ns.level)) {
      const where = v.container ? `container "${v.container}"${injected.has(v.container) ? ' (injected by the mesh)' : ''} ` : '';
      findings.push({
        check: `pod-security.${v.rule.id}`,
        object: t.owner,
        ...(v.container ? { container: v.container } : {}),
        problem: `refused by Pod Security "${ns.level}" (namespace ${ns.name}, ${ns.levelSource === 'label' ? 'enforce label' : ns.levelSource}): ${where}${v.detail}`,
        fix: fixFor(v, injected),
      });
    }
  }
  return findings;
}
