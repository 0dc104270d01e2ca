/**
 * The one place where add-on replicas, disruption budgets, zone spread and system-pool
 * placement are derived from the tier profile. Add-ons compose these fragments into their
 * chart's own value keys; none of them decides HA on its own.
 */
import { POOL_ROLE_LABEL, SYSTEM_TAINT, ZONE_TOPOLOGY_KEY } from '../spec/labels';
import type { ResolvedSpec } from '../spec/types';

/** A Kubernetes toleration as Helm charts take it. */
export interface Toleration {
  key: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  effect: string;
}

/** A topology spread constraint as Helm charts take it. */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector: { matchLabels: Record<string, string> };
}

/** Pin a platform component to the on-demand system pool, which is tainted CriticalAddonsOnly. */
export function systemPlacement(): { nodeSelector: Record<string, string>; tolerations: Toleration[] } {
  return {
    nodeSelector: { [POOL_ROLE_LABEL]: 'system' },
    tolerations: [{ key: SYSTEM_TAINT.key, operator: 'Exists', effect: SYSTEM_TAINT.effect }],
  };
}

/** Replica count of platform controllers for this tier. */
export function controllerReplicas(spec: ResolvedSpec): number {
  return spec.profile.replicas;
}

/** Whether this tier gets PodDisruptionBudgets (minAvailable 1 whenever there are ≥ 2 replicas). */
export function wantsDisruptionBudget(spec: ResolvedSpec): boolean {
  return spec.profile.podDisruptionBudget && spec.profile.replicas >= 2;
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
