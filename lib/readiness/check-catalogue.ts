/**
 * Every check id the readiness checks can report, with one line on what it guards. The README's
 * "Readiness checks" section lists exactly these (test/readiness/readme.test.ts keeps them in step).
 */
import { BASELINE_RULES } from './pod-security-baseline';
import { RESTRICTED_RULES } from './pod-security-restricted';
import type { ReadinessArea } from './types';

/** One check id. */
export interface CheckDescription {
  /** Id as findings carry it. */
  id: string;
  /** Area the report groups it under. */
  area: ReadinessArea;
  /** What it guards, in a few words. */
  what: string;
}

/** Every check, in report order. */
export const READINESS_CHECKS: readonly CheckDescription[] = [
  ...BASELINE_RULES.map((r) => ({ id: `pod-security.${r.id}`, area: 'pod-security' as const, what: `baseline: ${r.fix}` })),
  ...RESTRICTED_RULES.map((r) => ({ id: `pod-security.${r.id}`, area: 'pod-security' as const, what: `restricted: ${r.fix}` })),
  { id: 'pod-security.injection-template', area: 'pod-security', what: 'a pod asks for an injection template the checks cannot model' },
  { id: 'availability.replicas', area: 'availability', what: 'replica floor (spec.replicas or HPA minReplicas)' },
  { id: 'availability.disruption-budget', area: 'availability', what: 'exactly one PodDisruptionBudget selects the pods and allows an eviction' },
  { id: 'availability.zone-spread', area: 'availability', what: 'hard zone topology spread (or required zone anti-affinity)' },
  { id: 'availability.system-pool', area: 'availability', what: 'pinned to the on-demand system pool and tolerating its taints' },
  { id: 'availability.priority-class', area: 'availability', what: 'platform pods run at platform-critical; named classes exist; one global default' },
  { id: 'resources.requests-limits', area: 'resources', what: 'cpu and memory requests and a memory limit on every container' },
  { id: 'images.pinned', area: 'images', what: 'explicit tag other than latest, or a digest' },
  { id: 'network.flow.egress', area: 'network', what: "an expected flow is cut by the source's egress NetworkPolicies" },
  { id: 'network.flow.ingress', area: 'network', what: "an expected flow is cut by the destination's ingress NetworkPolicies" },
  { id: 'network.flow.client-tls', area: 'network', what: 'a DestinationRule forces Istio mTLS towards a workload without a sidecar' },
  { id: 'network.flow.mtls', area: 'network', what: 'STRICT PeerAuthentication refuses a source without a sidecar' },
  { id: 'network.flow.authorization', area: 'network', what: 'AuthorizationPolicies deny the source' },
  { id: 'network.webhook-backend', area: 'network', what: "an admission webhook's Service, port or pods are missing" },
];
