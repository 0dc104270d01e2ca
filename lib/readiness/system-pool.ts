/**
 * Platform controllers belong on the on-demand system pool: spot reclaims take whole nodes at two
 * minutes' notice, and general pools are where tenants' load lands. Pinned means the scheduler can
 * place the pod nowhere else (nodeSelector, or required node affinity whose every term demands
 * the system role) and the pod tolerates the pool's taints (else it stays Pending).
 */
import { POOL_ROLE_LABEL } from '../spec/labels';
import type { ResolvedSpec } from '../spec/types';
import { asObject, asObjects, type Finding } from './types';
import type { AvailabilityRequirements, Workload } from './workloads';

/** A node taint. */
export interface NodeTaint {
  key: string;
  value?: string;
  effect: string;
}

/** Whether `toleration` tolerates `taint` (core/v1 Toleration.ToleratesTaint). */
export function tolerates(toleration: Record<string, unknown>, taint: NodeTaint): boolean {
  const effect = toleration.effect as string | undefined;
  if (effect && effect !== taint.effect) return false;
  const key = toleration.key as string | undefined;
  const operator = (toleration.operator as string | undefined) ?? 'Equal';
  if (!key) return operator === 'Exists';
  if (key !== taint.key) return false;
  return operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

function requiresSystemRole(expr: Record<string, unknown>): boolean {
  const values = Array.isArray(expr.values) ? expr.values.map(String) : [];
  return expr.key === POOL_ROLE_LABEL && expr.operator === 'In' && values.length > 0 && values.every((v) => v === 'system');
}

/** How the pod is pinned to the system pool, or why it is not. */
export function systemPinning(w: Workload): { pinned: boolean; evidence: string } {
  const spec = w.template.spec;
  if ((spec.nodeSelector ?? {})[POOL_ROLE_LABEL] === 'system') return { pinned: true, evidence: `nodeSelector ${POOL_ROLE_LABEL}: system` };
  const required = asObject(asObject(asObject(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  const terms = asObjects(required.nodeSelectorTerms);
  // Terms are OR'ed: every one of them must demand the system role.
  if (terms.length > 0 && terms.every((t) => asObjects(t.matchExpressions).some(requiresSystemRole))) {
    return { pinned: true, evidence: `required node affinity ${POOL_ROLE_LABEL} In (system)` };
  }
  const selector = Object.entries(spec.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  return { pinned: false, evidence: selector ? `its nodeSelector (${selector}) does not name ${POOL_ROLE_LABEL}: system` : 'it has no nodeSelector or required node affinity for the system pool' };
}

/** Taints of the environment's system pools that keep pods off (NoSchedule/NoExecute). */
export function systemPoolTaints(spec: Pick<ResolvedSpec, 'nodePools'>): NodeTaint[] {
  return spec.nodePools
    .filter((p) => p.role === 'system')
    .flatMap((p) => p.taints)
    .filter((t) => t.effect !== 'PreferNoSchedule')
    .map((t) => ({ key: t.key, value: t.value, effect: t.effect }));
}

/** Findings for Deployments/StatefulSets not pinned to, or not admitted by, the system pool. */
export function checkSystemPool(workloads: readonly Workload[], spec: Pick<ResolvedSpec, 'nodePools'>, req: AvailabilityRequirements): Finding[] {
  if (!req.systemPool) return [];
  const taints = systemPoolTaints(spec);
  const findings: Finding[] = [];
  for (const w of workloads) {
    const pin = systemPinning(w);
    const tolerations = (w.template.spec.tolerations ?? []).map(asObject);
    const untolerated = taints.filter((t) => !tolerations.some((tol) => tolerates(tol, t)));
    if (!pin.pinned) {
      findings.push({
        check: 'availability.system-pool',
        object: w.ref,
        problem: `may run on spot or tenant capacity: ${pin.evidence}`,
        fix: `set the chart's nodeSelector and tolerations from systemPlacement() (lib/addons/placement.ts): ${POOL_ROLE_LABEL}: system + CriticalAddonsOnly`,
      });
    } else if (untolerated.length) {
      findings.push({
        check: 'availability.system-pool',
        object: w.ref,
        problem: `pinned to the system pool (${pin.evidence}) but does not tolerate its taint${untolerated.length > 1 ? 's' : ''} ${untolerated.map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`).join(', ')}: pods stay Pending`,
        fix: 'add the tolerations from systemPlacement() (lib/addons/placement.ts)',
      });
    }
  }
  return findings;
}
