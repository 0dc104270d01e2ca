/**
 * The one place where add-on replicas, disruption budgets, zone spread and system-pool
 * placement are derived from the tier profile. Add-ons compose these fragments into their
 * chart's own value keys; none of them decides HA on its own.
 */
import { PLATFORM_CRITICAL } from '../k8s/priority-classes';
import { POOL_ROLE_LABEL, SYSTEM_TAINT, ZONE_TOPOLOGY_KEY } from '../spec/labels';
import type { ResolvedSpec } from '../spec/types';
import type { AcceptedFinding } from './addon';

/** A Kubernetes toleration as Helm charts take it. */
export interface Toleration {
  /** Key of the taint the pod tolerates, e.g. the system pool's `CriticalAddonsOnly`. */
  key: string;
  /** `Equal` matches `value`; `Exists` matches any value of the key. */
  operator: 'Equal' | 'Exists';
  /** Taint value matched by `Equal` (absent with `Exists`). */
  value?: string;
  /** Taint effect tolerated (`NoSchedule`, `NoExecute`, …); empty for every effect. */
  effect: string;
}

/** A topology spread constraint as Helm charts take it. */
export interface TopologySpreadConstraint {
  /** Largest allowed difference in matching pods between two zones (or other domains). */
  maxSkew: number;
  /** Node label whose values are the domains, e.g. `topology.kubernetes.io/zone`. */
  topologyKey: string;
  /** `DoNotSchedule` keeps a pod pending rather than skew; `ScheduleAnyway` only prefers spreading. */
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  /** The pods counted: the component's own pod labels. */
  labelSelector: { matchLabels: Record<string, string> };
}

/** Pin a platform component to the on-demand system pool, which is tainted CriticalAddonsOnly. */
export function systemPlacement(): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
  return {
    nodeSelector: { [POOL_ROLE_LABEL]: 'system' },
    tolerations: [{ key: SYSTEM_TAINT.key, operator: 'Exists', effect: SYSTEM_TAINT.effect }],
  };
}

/**
 * Priority of every platform pod, controllers and DaemonSets alike (`priorityClassName` in the
 * chart's values): under node pressure the scheduler preempts tenants' pods for them, never the
 * reverse. Enforced on the rendered output by the `availability.priority-class` readiness check.
 */
export function platformPriority(): { priorityClassName: typeof PLATFORM_CRITICAL.name } {
  return { priorityClassName: PLATFORM_CRITICAL.name };
}

/**
 * Tolerate every taint (any key, any effect, including NoExecute): node agents such as the CNI
 * must run on every node, system, spot and custom-tainted pools alike, or the pods placed there
 * start without the node-level setup they depend on.
 */
export function everyNodeTolerations(): Array<{ operator: 'Exists' }> {
  return [{ operator: 'Exists' }];
}

/** Replica count of platform controllers for this tier. */
export function controllerReplicas(spec: ResolvedSpec): number {
  return spec.profile.replicas;
}

/** Whether this tier gets PodDisruptionBudgets (minAvailable 1 whenever there are ≥ 2 replicas). */
export function wantsDisruptionBudget(spec: ResolvedSpec): boolean {
  return spec.profile.podDisruptionBudget && spec.profile.replicas >= 2;
}

/**
 * Readiness findings accepted for a workload that is a single replica by design (no leader
 * election, duplicated output…): exactly the HA findings the tier raises — replicas and budget
 * where it wants two or more, zone spread where it requires it — so none is ever stale.
 */
export function singletonFindings(spec: ResolvedSpec, object: string, reason: string): AcceptedFinding[] {
  if (!wantsDisruptionBudget(spec)) return [];
  const checks = ['availability.replicas', 'availability.disruption-budget', ...(spec.profile.zoneSpread ? ['availability.zone-spread'] : [])];
  return checks.map((check) => ({ check, object, reason }));
}

/** A PodDisruptionBudget as most charts take it (`enabled` plus one of min/max). */
export interface DisruptionBudget {
  /** Whether the chart renders the budget. */
  enabled: boolean;
  /** Pods that may be down at once; set whenever `enabled`. @default unset */
  maxUnavailable?: number;
}

/**
 * A budget that always allows one eviction: `maxUnavailable: 1`, never `minAvailable` (which
 * equals the replica count as soon as a component runs one pod, and then blocks every node
 * drain and consolidation). Disabled where the tier has no budgets.
 */
export function disruptionBudget(spec: ResolvedSpec): DisruptionBudget {
  return wantsDisruptionBudget(spec) ? { enabled: true, maxUnavailable: 1 } : { enabled: false };
}

/** The same budget for charts that take only the PDB spec body and render it when non-empty. */
export function disruptionBudgetBody(spec: ResolvedSpec): { maxUnavailable?: number } {
  return wantsDisruptionBudget(spec) ? { maxUnavailable: 1 } : {};
}

/** CPU and memory a container reserves, as Kubernetes resource quantities. */
export interface ResourceRequests {
  /** CPU request, e.g. `100m`. */
  cpu: string;
  /** Memory request, e.g. `128Mi`. */
  memory: string;
}

/** Container resources as Helm charts take them. */
export interface ContainerResources {
  /** What the scheduler reserves. */
  requests: ResourceRequests;
  /** Memory ceiling only. */
  limits: { memory: string };
}

/**
 * Requests plus a memory limit: a leaking controller is OOM-killed and restarted instead of
 * starving the node it shares with the rest of the platform. No CPU limit: CFS throttling
 * stalls controllers under bursts, and the request already guarantees their share.
 */
export function containerResources(requests: ResourceRequests, memoryLimit: string): ContainerResources {
  return { requests: { ...requests }, limits: { memory: memoryLimit } };
}

/** Zone spread for the pods matching `matchLabels`; hard in tiers that require it. */
export function zoneSpread(spec: ResolvedSpec, matchLabels: Record<string, string>): TopologySpreadConstraint[] {
  return [
    {
      maxSkew: 1,
      topologyKey: ZONE_TOPOLOGY_KEY,
      whenUnsatisfiable: spec.profile.zoneSpread ? 'DoNotSchedule' : 'ScheduleAnyway',
      labelSelector: { matchLabels },
    },
  ];
}

/** Pod-level half of Pod Security `restricted`: covers every container, init containers included. */
export function restrictedPodSecurityContext(): { runAsNonRoot: true; seccompProfile: { type: 'RuntimeDefault' } } {
  return { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
}

/** Restricted-profile container security context most charts accept verbatim. */
export function restrictedContainerSecurityContext(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Zone spread for charts that take only `affinity` (no topologySpreadConstraints value): pod
 * anti-affinity on the zone key for the pods matching `matchLabels`, required in tiers that
 * require spread (at most one replica per zone), preferred elsewhere. `matchLabelKeys:
 * pod-template-hash` (GA in Kubernetes 1.33) scopes the term to one ReplicaSet revision: a
 * rolling update's surge pod does not count the old pods, so it is not left Pending when every
 * zone already holds a replica.
 */
export function zoneAntiAffinity(spec: ResolvedSpec, matchLabels: Record<string, string>): { podAntiAffinity: Record<string, unknown> } {
  const term = { labelSelector: { matchLabels: { ...matchLabels } }, matchLabelKeys: ['pod-template-hash'], topologyKey: ZONE_TOPOLOGY_KEY };
  return spec.profile.zoneSpread
    ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }
    : { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
}

