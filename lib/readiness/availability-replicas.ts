/**
 * Replica floor: a single replica is an outage on every node drain, spot reclaim or rollout.
 */
import { replicaFloor, type AvailabilityRequirements, type Workload } from './workloads';
import type { Finding } from './types';

/** Findings for workloads that can run fewer replicas than the tier requires. */
export function checkReplicas(workloads: readonly Workload[], req: AvailabilityRequirements): Finding[] {
  if (req.minReplicas <= 1) return [];
  return workloads
    .filter((w) => replicaFloor(w) < req.minReplicas)
    .map((w) => ({
      check: 'availability.replicas',
      object: w.ref,
      problem: w.hpa
        ? `${w.hpa.ref} lets it scale down to minReplicas ${w.hpa.minReplicas} (< ${req.minReplicas})`
        : `runs ${w.replicas} replica${w.replicas === 1 ? '' : 's'} (spec.replicas ${typeof (w.object.spec as { replicas?: unknown })?.replicas === 'number' ? 'set' : 'unset, defaults to 1'}) and no HorizontalPodAutoscaler scales it; the tier requires ≥ ${req.minReplicas}`,
      fix: w.hpa
        ? `set the HPA's minReplicas to ≥ ${req.minReplicas} (derive it from controllerReplicas(spec) in lib/addons/placement.ts)`
        : `set the chart's replica value from controllerReplicas(spec) (lib/addons/placement.ts), or add an HPA with minReplicas ≥ ${req.minReplicas}`,
    }));
}
