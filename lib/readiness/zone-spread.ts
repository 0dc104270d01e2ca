/**
 * Zone spread: replicas that share a zone fail together with it. Accepted: a hard
 * (`DoNotSchedule`) topology spread constraint on `topology.kubernetes.io/zone` whose selector
 * covers the workload's own pods, or required pod anti-affinity on the zone key for them; in a
 * tier that only prefers spread (staging), a `ScheduleAnyway` constraint too.
 */
import { matchesSelector, readSelector } from './label-selector';
import { asObject, asObjects, type Finding } from './types';
import { replicaFloor, type AvailabilityRequirements, type Workload } from './workloads';
import { ZONE_TOPOLOGY_KEY } from '../spec/labels';

/** How the workload is spread across zones: `hard`, `soft` (ScheduleAnyway only) or `none`. */
export function zoneSpreadOf(w: Workload): { kind: 'hard' | 'soft' | 'none'; evidence: string } {
  const labels = w.template.labels;
  const selects = (s: unknown) => {
    const selector = readSelector(s);
    return selector !== undefined && matchesSelector(selector, labels);
  };
  const constraints = (w.template.spec.topologySpreadConstraints ?? []).map(asObject).filter((c) => c.topologyKey === ZONE_TOPOLOGY_KEY && selects(c.labelSelector));
  if (constraints.some((c) => (c.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule')) return { kind: 'hard', evidence: 'topologySpreadConstraint DoNotSchedule on the zone' };
  const antiAffinity = asObjects(asObject(asObject(w.template.spec.affinity).podAntiAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  if (antiAffinity.some((t) => t.topologyKey === ZONE_TOPOLOGY_KEY && selects(t.labelSelector))) return { kind: 'hard', evidence: 'required pod anti-affinity on the zone' };
  if (constraints.length) return { kind: 'soft', evidence: 'the zone constraint is whenUnsatisfiable: ScheduleAnyway' };
  const other = (w.template.spec.topologySpreadConstraints ?? []).map(asObject);
  return {
    kind: 'none',
    evidence: other.length
      ? `its spread constraints (${other.map((c) => String(c.topologyKey)).join(', ')}) do not both use ${ZONE_TOPOLOGY_KEY} and select its own pods`
      : 'it has no topologySpreadConstraints and no required zone anti-affinity',
  };
}

/**
 * Findings for workloads not spread across zones: with a hard constraint where the tier requires
 * one, with at least a preferred one where it only asks for spread (`zoneSpreadPreferred`).
 */
export function checkZoneSpread(workloads: readonly Workload[], req: AvailabilityRequirements): Finding[] {
  if (!req.zoneSpread && !req.zoneSpreadPreferred) return [];
  const accepted = req.zoneSpread ? ['hard'] : ['hard', 'soft'];
  return workloads
    // Preferring to spread one pod is a no-op: a singleton is availability.replicas' finding (and exception).
    .filter((w) => req.zoneSpread || replicaFloor(w) >= 2)
    .map((w) => ({ w, spread: zoneSpreadOf(w) }))
    .filter(({ spread }) => !accepted.includes(spread.kind))
    .map(({ w, spread }) => ({
      check: 'availability.zone-spread',
      object: w.ref,
      problem: `not spread across zones${req.zoneSpread ? '' : ' (a preferred spread is enough in this tier)'}: ${spread.evidence}`,
      fix: `set the chart's topologySpreadConstraints from zoneSpread(spec, <pod labels>) (lib/addons/placement.ts): maxSkew 1, ${ZONE_TOPOLOGY_KEY}, ${req.zoneSpread ? 'DoNotSchedule' : 'DoNotSchedule or ScheduleAnyway'}, selecting the pods' labels`,
    }));
}
