/**
 * Guard rails on team charts, judged on the objects they build (both delivery modes deliver
 * exactly these): a team chart lives in tenant namespaces or namespaces it creates, never in a
 * namespace the platform owns, and grants no all-powerful RBAC.
 *
 * - A platform namespace (every add-on namespace of the catalogue in use, team add-ons' included,
 *   and the namespaces reserved from tenants: Kubernetes' own, argocd, monitoring-agents, …) is
 *   refused outright, without an exception: a team object there sits under the platform's Pod
 *   Security level and network policies, can replace a platform object of the same name, and under
 *   GitOps would make that namespace a destination of the team project. An add-on is configured
 *   through its catalogue entry (`configure`) or `spec.addons.overrides` instead.
 * - A namespace nobody declares (neither a tenant nor a Namespace of a team chart) is refused:
 *   it would not exist when the objects are applied.
 * - RBAC that grants `*` on `*`, binds cluster-admin or binds `system:masters` is the guard rail
 *   `team-chart-rbac`: refused unless a spec exception (reason, approver, expiry) covers it, and
 *   then recorded like every other exception.
 */
import { namespacesOf, type CatalogueAddon } from '../addons/addon';
import type { GuardRailViolation } from '../guard-rails/violation';
import { CLUSTER_SCOPED_KINDS } from '../readiness/kube-objects';
import { bindsClusterAdmin, bindsSuperuserGroup, grantsWildcard, type RbacObject } from '../readiness/rbac-grants';
import type { SpecIssue } from '../spec/errors';
import { RESERVED_NAMESPACES } from '../spec/rules/addons-tenants';
import type { ResolvedSpec } from '../spec/types';
import type { BuiltTeamChart } from './team-charts';

/** What the team charts are judged against. */
export interface TeamChartScope {
  /** The resolved environment (its tenants are the team's namespaces). */
  readonly spec: ResolvedSpec;
  /** The catalogue in use (stock and team add-ons): their namespaces belong to the platform. */
  readonly catalogue: readonly CatalogueAddon[];
}

type Judged = Record<string, unknown> & { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown; namespace?: unknown }; spec?: unknown };

/** Owner of each platform namespace: the add-ons installing there, else "the platform or Kubernetes". */
export function platformNamespaceOwners(catalogue: readonly CatalogueAddon[]): Map<string, string> {
  const owners = new Map<string, string[]>();
  for (const addon of catalogue) for (const { name } of namespacesOf(addon)) owners.set(name, [...(owners.get(name) ?? []), addon.id]);
  const described = new Map([...owners].map(([ns, ids]) => [ns, `add-on${new Set(ids).size > 1 ? 's' : ''} ${[...new Set(ids)].sort().join(', ')}`]));
  for (const ns of RESERVED_NAMESPACES) if (!described.has(ns)) described.set(ns, 'the platform or Kubernetes');
  return described;
}

/** Kinds the team charts define themselves as cluster-scoped (their CustomResourceDefinitions). */
function ownClusterKinds(objects: readonly Judged[]): Set<string> {
  const kinds = new Set<string>();
  for (const o of objects) {
    const spec = o.spec as { scope?: unknown; names?: { kind?: unknown } } | undefined;
    if (o.kind === 'CustomResourceDefinition' && spec?.scope === 'Cluster' && typeof spec.names?.kind === 'string') kinds.add(spec.names.kind);
  }
  return kinds;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Judge every object of `built`: issues that no exception can cover (namespaces), and
 * `team-chart-rbac` violations for the guard-rail evaluation to match with the spec's exceptions.
 */
export function judgeTeamCharts(built: readonly BuiltTeamChart[], scope: TeamChartScope): { issues: SpecIssue[]; violations: GuardRailViolation[] } {
  const issues: SpecIssue[] = [];
  const violations: GuardRailViolation[] = [];
  const platform = platformNamespaceOwners(scope.catalogue);
  const tenants = new Set(scope.spec.tenants.map((t) => t.name));
  const all = built.flatMap((b) => b.objects as Judged[]);
  const clusterKinds = new Set([...CLUSTER_SCOPED_KINDS, ...ownClusterKinds(all)]);
  const created = new Set(all.filter((o) => o.kind === 'Namespace').map((o) => text(o.metadata?.name)));
  for (const { team, index, objects } of built) {
    for (const object of objects as Judged[]) {
      const kind = text(object.kind);
      const name = text(object.metadata?.name);
      const namespace = text(object.metadata?.namespace);
      const clusterScoped = clusterKinds.has(kind);
      const path = `options.extraCharts[${index}].objects[${kind}/${clusterScoped || !namespace ? '' : `${namespace}/`}${name}]`;
      // A Namespace's own name is the namespace it claims.
      const claimed = kind === 'Namespace' ? name : clusterScoped ? undefined : namespace;
      if (claimed === '') {
        issues.push({ path, problem: 'names no namespace: it would be applied to "default"', fix: `set metadata.namespace to a tenant namespace, or give the team chart a namespace (extraCharts[${index}].namespace)` });
      } else if (claimed !== undefined && platform.has(claimed)) {
        issues.push({
          path,
          problem: `${kind === 'Namespace' ? 'creates' : 'is in'} platform namespace "${claimed}" (owned by ${platform.get(claimed)}); team charts may not touch platform namespaces`,
          fix: 'put it in a tenant namespace (spec.tenants) or one your chart creates; change an add-on through spec.addons.overrides or its catalogue entry (configure)',
        });
      } else if (kind === 'Namespace' && claimed !== undefined && tenants.has(claimed)) {
        issues.push({ path, problem: `creates tenant namespace "${claimed}", which the platform creates already (spec.tenants) with its quota, RBAC and policies`, fix: 'remove the Namespace object; put your objects in the tenant namespace' });
      } else if (claimed !== undefined && !tenants.has(claimed) && !created.has(claimed)) {
        issues.push({
          path,
          problem: `is in namespace "${claimed}", which nobody declares (neither a tenant nor a Namespace of a team chart)`,
          fix: `declare it as a tenant in spec.tenants (it gets quota, RBAC and default-deny policies) or create it in your chart (a Namespace "${claimed}")`,
        });
      }
      const grant = rbacProblem(object as unknown as RbacObject);
      if (grant) {
        violations.push({
          guardRail: 'team-chart-rbac',
          target: `${team.name}/${kind}/${name}`,
          path,
          problem: grant,
          fix: 'grant the verbs and resources the team needs in a Role of its tenant namespace (tenants get admin, developer and viewer roles through spec.tenants[].access)',
        });
      }
    }
  }
  return { issues, violations };
}

/** Why an RBAC object is all-powerful, or undefined. */
function rbacProblem(object: RbacObject): string | undefined {
  if (grantsWildcard(object)) return `${object.kind} grants the "*" verb on "*" resources: cluster-admin in all but name`;
  if (bindsClusterAdmin(object)) return `${object.kind} binds ClusterRole "${object.roleRef?.name}"`;
  if (bindsSuperuserGroup(object)) return `${object.kind} binds group "system:masters", which skips RBAC altogether`;
  return undefined;
}
