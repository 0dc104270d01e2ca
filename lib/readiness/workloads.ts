/**
 * The long-running controllers whose availability the tier promises: Deployments and
 * StatefulSets, with their pod template, replica count and the HorizontalPodAutoscaler that may
 * own that count. What each tier requires of them is derived from the tier profile, in one place.
 */
import { ofKind } from './kube-objects';
import { podTemplateOf, type PodTemplate } from './pod-templates';
import { asObject, refOf, type RenderedObject } from './types';
import type { TierProfile } from '../spec/types';

/** A Deployment or StatefulSet with what availability checks read. */
export interface Workload {
  /** `Kind/namespace/name`. */
  ref: string;
  /** The object. */
  object: RenderedObject;
  /** Its pod template (labels, placement, spread). */
  template: PodTemplate;
  /** `spec.replicas` (the API default is 1). */
  replicas: number;
  /** The HPA scaling it, if any: its minimum is then the replica floor. @default none */
  hpa?: { ref: string; minReplicas: number; maxReplicas: number };
}

/** Deployments and StatefulSets of `objects` (namespaces already placed), with their HPAs. */
export function readWorkloads(objects: readonly RenderedObject[]): Workload[] {
  const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
  const out: Workload[] = [];
  for (const o of objects) {
    if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') continue;
    const template = podTemplateOf(o);
    if (!template) continue;
    const spec = asObject(o.spec);
    const hpa = hpas.find((h) => {
      const target = asObject(asObject(h.spec).scaleTargetRef);
      return h.metadata.namespace === o.metadata.namespace && target.kind === o.kind && target.name === o.metadata.name;
    });
    const hpaSpec = asObject(hpa?.spec);
    out.push({
      ref: refOf(o),
      object: o,
      template,
      replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
      ...(hpa ? { hpa: { ref: refOf(hpa), minReplicas: typeof hpaSpec.minReplicas === 'number' ? hpaSpec.minReplicas : 1, maxReplicas: Number(hpaSpec.maxReplicas ?? 0) } } : {}),
    });
  }
  return out;
}

/** The replica count the workload can fall to: the HPA minimum when one scales it, else `spec.replicas`. */
export function replicaFloor(w: Workload): number {
  return w.hpa ? w.hpa.minReplicas : w.replicas;
}

/** What a tier requires of every platform Deployment/StatefulSet. */
export interface AvailabilityRequirements {
  /** Minimum replica floor (replicas, or HPA minimum). */
  minReplicas: number;
  /** A PodDisruptionBudget that selects the pods and allows at least one eviction. */
  disruptionBudget: boolean;
  /** A hard zone spread constraint (or required zone anti-affinity). */
  zoneSpread: boolean;
  /**
   * At least a preferred (`ScheduleAnyway`) zone spread constraint over the pods, where a hard one
   * is not required: the scheduler spreads replicas whenever the zones have room. @default false
   */
  zoneSpreadPreferred?: boolean;
  /** Pinned to the on-demand system pool (nodeSelector or required node affinity) and tolerating its taints. */
  systemPool: boolean;
}

/**
 * The requirements of a tier, from its profile (lib/spec/defaults.ts) — never from the tier name.
 * A tier that runs controllers highly available (replicas ≥ 2) must also keep them off spot
 * capacity (the system pool); budgets and zone spread follow the profile's own switches.
 */
export function availabilityRequirements(profile: TierProfile): AvailabilityRequirements {
  const ha = profile.replicas >= 2;
  return {
    minReplicas: ha ? 2 : 1,
    disruptionBudget: ha && profile.podDisruptionBudget,
    zoneSpread: ha && profile.zoneSpread,
    // Every HA tier spreads: hard where the profile says so (production), preferred elsewhere (staging).
    zoneSpreadPreferred: ha,
    systemPool: ha,
  };
}
