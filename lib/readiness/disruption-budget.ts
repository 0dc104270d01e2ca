/**
 * PodDisruptionBudgets that protect a workload without blocking maintenance. A budget must
 * select the pods, and at full strength still allow one eviction: `minAvailable == replicas`
 * means no node drain, Karpenter consolidation or EKS node-group upgrade can ever proceed.
 * Two budgets over the same pod make the eviction API refuse every eviction of it.
 */
import { ofKind } from './kube-objects';
import { describeSelector, matchesSelector, readSelector } from './label-selector';
import { asObject, refOf, type Finding, type RenderedObject } from './types';
import { replicaFloor, type AvailabilityRequirements, type Workload } from './workloads';

/** How many pods a budget lets be evicted when all `replicas` are healthy, and the arithmetic behind it. */
export function allowedEvictions(pdbSpec: Record<string, unknown>, replicas: number): { allowed: number | undefined; why: string } {
  // Percentages round up for both fields (disruption controller: GetScaledValueFromIntOrPercent(…, roundUp=true)).
  const scaled = (v: unknown): number | undefined => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\d+%$/.test(v)) return Math.ceil((Number(v.slice(0, -1)) * replicas) / 100);
    if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
    return undefined;
  };
  if (pdbSpec.maxUnavailable !== undefined) {
    const max = scaled(pdbSpec.maxUnavailable);
    if (max === undefined) return { allowed: undefined, why: `maxUnavailable ${JSON.stringify(pdbSpec.maxUnavailable)} is not an integer or percentage` };
    return { allowed: Math.min(max, replicas), why: `maxUnavailable ${pdbSpec.maxUnavailable} of ${replicas} replicas` };
  }
  if (pdbSpec.minAvailable !== undefined) {
    const min = scaled(pdbSpec.minAvailable);
    if (min === undefined) return { allowed: undefined, why: `minAvailable ${JSON.stringify(pdbSpec.minAvailable)} is not an integer or percentage` };
    return { allowed: Math.max(0, replicas - min), why: `minAvailable ${pdbSpec.minAvailable} of ${replicas} replicas` };
  }
  return { allowed: undefined, why: 'it sets neither minAvailable nor maxUnavailable' };
}

/** Budgets in the workload's namespace whose selector matches its pods. A null selector selects nothing (policy/v1). */
export function budgetsFor(w: Workload, pdbs: readonly RenderedObject[]): RenderedObject[] {
  return pdbs.filter((p) => {
    if (p.metadata.namespace !== w.template.namespace) return false;
    const selector = readSelector(asObject(p.spec).selector);
    return selector !== undefined && matchesSelector(selector, w.template.labels);
  });
}

/** Findings for workloads without a budget, with one that never allows an eviction, or with more than one. */
export function checkDisruptionBudgets(workloads: readonly Workload[], objects: readonly RenderedObject[], req: AvailabilityRequirements): Finding[] {
  if (!req.disruptionBudget) return [];
  const pdbs = ofKind(objects, 'PodDisruptionBudget');
  const findings: Finding[] = [];
  const finding = (w: Workload, problem: string, fix: string) => findings.push({ check: 'availability.disruption-budget', object: w.ref, problem, fix });
  for (const w of workloads) {
    const matching = budgetsFor(w, pdbs);
    const replicas = replicaFloor(w);
    if (matching.length === 0) {
      finding(w, `no PodDisruptionBudget in ${w.template.namespace} selects its pods (${describeSelector({ matchLabels: w.template.labels })})`, 'enable the chart\'s PodDisruptionBudget with maxUnavailable: 1 (wantsDisruptionBudget(spec) in lib/addons/placement.ts)');
      continue;
    }
    if (matching.length > 1) {
      finding(w, `${matching.length} PodDisruptionBudgets select its pods (${matching.map(refOf).sort().join(', ')}): the eviction API refuses to evict a pod covered by more than one`, 'keep exactly one budget per workload');
      continue;
    }
    const { allowed, why } = allowedEvictions(asObject(matching[0].spec), replicas);
    if (allowed === undefined) finding(w, `${refOf(matching[0])}: ${why}`, 'set maxUnavailable: 1');
    else if (allowed < 1) {
      finding(
        w,
        `${refOf(matching[0])} allows ${allowed} evictions (${why}): node drains, consolidation and node-group upgrades block forever`,
        replicas < 2 ? 'run ≥ 2 replicas, and use maxUnavailable: 1 rather than minAvailable' : 'use maxUnavailable: 1 (or minAvailable below the replica count)',
      );
    }
  }
  return findings;
}
