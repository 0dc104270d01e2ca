/**
 * Scheduling priority: under node pressure the scheduler preempts lower-priority pods to place
 * higher ones. Every platform controller and node agent (Deployments, StatefulSets, DaemonSets
 * outside the tenants' namespaces, the operator-modelled Prometheus/Alertmanager included) must
 * run at `platform-critical`, or a burst of tenant pods can evict ingress, DNS-adjacent
 * controllers or the mesh's control plane. A DaemonSet may instead run at the built-in
 * `system-node-critical` (the CNI, whose loss breaks every pod on the node). Pods naming a class
 * that does not exist are refused by the Priority admission plugin, and a second global default
 * is refused by the API server: both are findings too.
 */
import { BUILT_IN_PRIORITY_CLASSES, PLATFORM_CRITICAL } from '../k8s/priority-classes';
import type { ResolvedSpec } from '../spec/types';
import { ofKind } from './kube-objects';
import type { PodTemplate } from './pod-templates';
import { refOf, type Finding, type RenderedObject } from './types';

/** Check id of every finding here. */
export const PRIORITY_CLASS_CHECK = 'availability.priority-class';

/** Long-running owners whose pods must run at platform priority (Jobs and bare Pods are one-off: not judged). */
const PLATFORM_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Classes a pod may name without a PriorityClass object: the API server creates them. */
const BUILT_IN = new Set<string>(Object.values(BUILT_IN_PRIORITY_CLASSES));

/** The classes a platform pod of `ownerKind` may run at. */
export function acceptedPlatformClasses(ownerKind: string): string[] {
  return ownerKind === 'DaemonSet' ? [PLATFORM_CRITICAL.name, BUILT_IN_PRIORITY_CLASSES.systemNodeCritical] : [PLATFORM_CRITICAL.name];
}

/**
 * Findings for platform pods below platform priority, pods naming a class that does not exist,
 * and more than one global default class. Tenants' namespaces are not platform: their pods take
 * the global default.
 */
export function checkPriorityClasses(templates: readonly PodTemplate[], objects: readonly RenderedObject[], spec: Pick<ResolvedSpec, 'tenants'>): Finding[] {
  const classes = ofKind(objects, 'PriorityClass', 'scheduling.k8s.io');
  const known = new Set([...classes.map((c) => c.metadata.name ?? ''), ...BUILT_IN]);
  const tenants = new Set(spec.tenants.map((t) => t.name));
  const findings: Finding[] = [];
  for (const t of templates) {
    const name = typeof t.spec.priorityClassName === 'string' && t.spec.priorityClassName !== '' ? t.spec.priorityClassName : undefined;
    if (name !== undefined && !known.has(name)) {
      findings.push({
        check: PRIORITY_CLASS_CHECK,
        object: t.owner,
        problem: `names PriorityClass ${name}, which neither the objects nor the API server define: the Priority admission plugin refuses its pods`,
        fix: `use ${PLATFORM_CRITICAL.name} (platformPriority() in lib/addons/placement.ts) or a class lib/k8s/priority-classes.ts creates`,
      });
      continue;
    }
    if (!PLATFORM_KINDS.has(t.ownerKind) || tenants.has(t.namespace)) continue;
    const accepted = acceptedPlatformClasses(t.ownerKind);
    if (name !== undefined && accepted.includes(name)) continue;
    findings.push({
      check: PRIORITY_CLASS_CHECK,
      object: t.owner,
      problem: name
        ? `platform pods run at PriorityClass ${name}, not ${accepted.join(' or ')}: tenant pods can preempt them, or they rank with them`
        : `platform pods name no PriorityClass: they get the global default (tenants' priority) and can be preempted by tenant pods`,
      fix: `set the chart's priorityClassName from platformPriority() (lib/addons/placement.ts): ${PLATFORM_CRITICAL.name}`,
    });
  }
  const defaults = classes.filter((c) => c.globalDefault === true);
  if (defaults.length > 1) {
    for (const c of defaults) {
      findings.push({
        check: PRIORITY_CLASS_CHECK,
        object: refOf(c),
        problem: `${defaults.length} PriorityClasses are globalDefault (${defaults.map((d) => d.metadata.name).sort().join(', ')}): the API server refuses every one after the first`,
        fix: 'keep workload-default the only globalDefault (lib/k8s/priority-classes.ts)',
      });
    }
  }
  return findings;
}
