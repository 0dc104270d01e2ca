/**
 * Which add-ons an environment gets, and in which order. Order is a topological sort of
 * declared dependencies (ties broken by id, so output is deterministic), never array position.
 */
import type { AddonId, ResolvedSpec } from '../spec/types';
import { unsupportedKubernetesIssue } from '../spec/version-support';
import { isChartAddon, type AddonContext, type CatalogueAddon } from './addon';
import { compareText } from '../spec/order';

/** A problem with the add-on selection, in the same shape as spec validation issues. */
export interface SelectionIssue {
  /** Where the problem is, e.g. `spec.addons.disabled` or `addons.<id>.dependsOn`. */
  path: string;
  /** What is wrong, in one sentence. */
  problem: string;
  /** How to resolve it. */
  fix: string;
}

/** The resolved add-on plan of one environment. */
export interface AddonSelection {
  /** Enabled add-ons, dependencies first. */
  readonly ordered: readonly CatalogueAddon[];
  /** Context handed to values() and configure(). */
  readonly context: AddonContext;
  /** Direct dependencies of each enabled add-on. */
  readonly dependencies: ReadonlyMap<AddonId, readonly AddonId[]>;
  /** Dependency depth (0 = no dependencies); Argo CD sync waves derive from it. */
  readonly depth: ReadonlyMap<AddonId, number>;
  /** Problems found; when non-empty the selection must not be delivered. */
  readonly issues: readonly SelectionIssue[];
}

/** Select, check and order the add-ons of `catalogue` for `spec`. */
export function selectAddons(spec: ResolvedSpec, catalogue: readonly CatalogueAddon[]): AddonSelection {
  const issues: SelectionIssue[] = [];
  const byId = new Map(catalogue.map((a) => [a.id, a] as const));
  const disabled = new Set(spec.addons.disabled);
  const enabledIds = new Set(
    catalogue.filter((a) => a.isSelected(spec) && !disabled.has(a.id)).map((a) => a.id),
  );
  const context: { spec: ResolvedSpec; enabled: ReadonlySet<AddonId>; addons: CatalogueAddon[] } = { spec, enabled: enabledIds, addons: [] };

  // A release its project does not support on this Kubernetes minor would install and then break
  // (removed APIs, untested scheduler/CRD behaviour): refuse it with the other selection problems.
  // Manifest add-ons have no chart release to judge (their bundle's compatibility is its pin's comment).
  const charts = [...enabledIds].sort().flatMap((id) => {
    const addon = byId.get(id)!;
    return isChartAddon(addon) ? [{ id, chart: addon.chart }] : [];
  });
  for (const { id, chart } of charts) {
    // The fix's versions are ones every selected chart accepts, not just this one.
    const unsupported = unsupportedKubernetesIssue(id, chart, spec.kubernetesVersion, charts);
    if (unsupported) issues.push(unsupported);
  }

  const dependencies = new Map<AddonId, AddonId[]>();
  for (const id of [...enabledIds].sort()) {
    const deps = [...new Set(byId.get(id)!.dependsOn(context))].sort();
    for (const dep of deps) {
      if (!byId.has(dep)) {
        issues.push({
          path: `addons.${id}.dependsOn`,
          problem: `depends on unknown add-on "${dep}"`,
          fix: `use one of: ${[...byId.keys()].sort().join(', ')}`,
        });
      } else if (!enabledIds.has(dep)) {
        const why = disabled.has(dep) ? 'it is listed in spec.addons.disabled' : 'the spec does not select it';
        issues.push({
          path: 'spec.addons.disabled',
          problem: `add-on "${id}" depends on "${dep}", which is not enabled (${why})`,
          fix: disabled.has(dep)
            ? `remove "${dep}" from spec.addons.disabled, or also disable "${id}"`
            : `enable "${dep}" in the spec, or disable "${id}"`,
        });
      }
    }
    dependencies.set(id, deps.filter((d) => enabledIds.has(d)));
  }

  const { order, cycle } = topologicalOrder(dependencies);
  if (cycle.length > 0) {
    issues.push({
      path: 'addons',
      problem: `dependency cycle between add-ons: ${cycle.join(' → ')}`,
      fix: 'remove one of these dependencies so the add-ons can be installed in order',
    });
  }
  const depth = new Map<AddonId, number>();
  for (const id of order) {
    const deps = dependencies.get(id) ?? [];
    depth.set(id, deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => depth.get(d) ?? 0)));
  }
  const ordered = order.map((id) => byId.get(id)!);
  context.addons = ordered;
  return {
    ordered,
    context: context as AddonContext,
    dependencies,
    depth,
    issues: issues.sort((a, b) => compareText(a.path, b.path) || compareText(a.problem, b.problem)),
  };
}

/** Kahn's algorithm with a sorted ready set; returns the nodes left on a cycle if any. */
function topologicalOrder(dependencies: ReadonlyMap<AddonId, readonly AddonId[]>): {
  order: AddonId[];
  cycle: AddonId[];
} {
  const remaining = new Map([...dependencies].map(([id, deps]) => [id, new Set(deps)] as const));
  const order: AddonId[] = [];
  for (;;) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([id]) => id).sort();
    if (ready.length === 0) break;
    for (const id of ready) {
      order.push(id);
      remaining.delete(id);
      for (const deps of remaining.values()) deps.delete(id);
    }
  }
  return { order, cycle: [...remaining.keys()].sort() };
}
