/**
 * A team's own Kubernetes objects composed into the platform at a chosen phase — a cdk8s chart
 * built by a function, or plain manifests — instead of a fork of the blueprint. They go through
 * the same path as the platform's own charts: the environment label, the manifest files
 * (`dist/<env>/manifests/NN-<name>.k8s.yaml`), the credentials gate at write time, the readiness
 * checks of `groundwork render`, and the delivery mode's ordering (Pulumi dependencies, or an
 * Argo CD Application per chart in its phase's sync wave).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { AddonContext } from '../addons/addon';
import { DNS_LABEL } from '../spec/rules/context';

/** Phases a team chart can join, in deploy order. */
export const TEAM_CHART_PHASES = ['foundation', 'workloads'] as const;

/**
 * When a team chart is applied: `foundation` right after the platform's namespaces, RBAC and
 * policies and before any add-on (namespaces, quotas, service accounts of its own); `workloads`
 * after every add-on and its configuration (objects that need the add-ons' CRDs or webhooks).
 */
export type TeamChartPhase = (typeof TEAM_CHART_PHASES)[number];

/** A team's chart or manifests, composed into the platform (`PlatformOptions.extraCharts`). */
export interface TeamChart {
  /** Chart name (a DNS label): its manifest file `NN-<name>.k8s.yaml` and, under GitOps, its Argo CD Application. */
  readonly name: string;
  /** The phase it is applied in. */
  readonly phase: TeamChartPhase;
  /**
   * Build the objects into `scope` (a cdk8s Chart; charts created inside it are included too).
   * @default none (give `manifests`)
   */
  readonly chart?: (scope: Chart, ctx: AddonContext) => Construct | void;
  /** Plain Kubernetes objects, each with apiVersion, kind and metadata.name. @default none (give `chart`) */
  readonly manifests?: readonly object[];
  /** Namespace of objects that name none (the cdk8s Chart's `namespace`) and of the Argo CD Application's destination. @default none: objects name their own */
  readonly namespace?: string;
}

/** A problem with the team charts, in the shape of spec validation issues. */
export interface TeamChartIssue {
  path: string;
  problem: string;
  fix: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of one plain manifest object. */
function manifestIssues(object: unknown, at: string): TeamChartIssue[] {
  if (!isRecord(object)) return [{ path: at, problem: 'is not a Kubernetes object', fix: 'pass objects like { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "team-a" } }' }];
  const issues: TeamChartIssue[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof object[field] !== 'string' || object[field] === '') issues.push({ path: `${at}.${field}`, problem: 'is required', fix: `set ${field} (e.g. ${field === 'kind' ? '"ConfigMap"' : '"v1"'})` });
  }
  const metadata = object.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    issues.push({ path: `${at}.metadata.name`, problem: 'is required', fix: 'name the object: Kubernetes and Pulumi address it by kind, namespace and name' });
  } else if (metadata.namespace !== undefined && (typeof metadata.namespace !== 'string' || !DNS_LABEL.test(metadata.namespace))) {
    issues.push({ path: `${at}.metadata.namespace`, problem: `${JSON.stringify(metadata.namespace)} is not a namespace name`, fix: 'use a lowercase DNS label, or leave it out for a cluster-scoped object' });
  }
  return issues;
}

/**
 * Every problem of `charts`: names that are not DNS labels or clash with each other or with a
 * platform chart (`reserved`), unknown phases, neither or both of `chart` and `manifests`, and
 * manifests Kubernetes could not address.
 */
export function teamChartIssues(charts: readonly TeamChart[], reserved: ReadonlySet<string>, path = 'options.extraCharts'): TeamChartIssue[] {
  const issues: TeamChartIssue[] = [];
  const seen = new Set<string>();
  charts.forEach((team, i) => {
    const at = `${path}[${i}]`;
    const name: unknown = team?.name;
    if (typeof name !== 'string' || !DNS_LABEL.test(name) || name.length > 53) {
      issues.push({ path: `${at}.name`, problem: `${JSON.stringify(name)} is not a chart name`, fix: 'use a lowercase DNS label of at most 53 characters, e.g. "team-a-apps"' });
    } else if (reserved.has(name)) {
      issues.push({ path: `${at}.name`, problem: `"${name}" is the name of a platform chart of this environment`, fix: `rename it, e.g. "team-${name}"` });
    } else if (seen.has(name)) {
      issues.push({ path: `${at}.name`, problem: `"${name}" is the name of an earlier team chart too`, fix: 'give each team chart its own name' });
    }
    if (typeof name === 'string') seen.add(name);
    if (!(TEAM_CHART_PHASES as readonly unknown[]).includes(team?.phase)) {
      issues.push({ path: `${at}.phase`, problem: `${JSON.stringify(team?.phase)} is not a phase`, fix: `use one of ${TEAM_CHART_PHASES.join(', ')}` });
    }
    const hasChart = typeof team?.chart === 'function';
    const hasManifests = Array.isArray(team?.manifests);
    if (hasChart === hasManifests) {
      issues.push({ path: at, problem: hasChart ? 'gives both chart and manifests' : 'gives neither chart nor manifests', fix: 'give one: chart: (scope) => { new MyChart(scope, "x") } or manifests: [ … ]' });
    }
    if (team?.chart !== undefined && !hasChart) issues.push({ path: `${at}.chart`, problem: 'is not a function', fix: 'pass (scope, ctx) => { … } that adds constructs to scope' });
    if (team?.manifests !== undefined && !hasManifests) issues.push({ path: `${at}.manifests`, problem: 'is not a list', fix: 'pass an array of Kubernetes objects' });
    if (hasManifests) team.manifests!.forEach((object, j) => issues.push(...manifestIssues(object, `${at}.manifests[${j}]`)));
    if (team?.namespace !== undefined && (typeof team.namespace !== 'string' || !DNS_LABEL.test(team.namespace))) {
      issues.push({ path: `${at}.namespace`, problem: `${JSON.stringify(team.namespace)} is not a namespace name`, fix: 'use a lowercase DNS label, e.g. "team-a"' });
    }
  });
  return issues;
}

/** A team chart built once: what is judged (lib/extensions/team-chart-guard-rails.ts) is what is delivered. */
export interface BuiltTeamChart {
  /** The team chart as given. */
  readonly team: TeamChart;
  /** Its index in `extraCharts` (issues name it). */
  readonly index: number;
  /** Its cdk8s Chart (in an App of its own: a team chart cannot reach the platform's constructs). */
  readonly scope: Chart;
  /** Its objects (nested charts included), as synthesized. */
  readonly objects: readonly Record<string, unknown>[];
}

/** Build `team` (at `index` of extraCharts) once, into a cdk8s App of its own. */
export function buildTeamChart(team: TeamChart, index: number, ctx: AddonContext): BuiltTeamChart {
  const scope = new Chart(new App(), team.name, team.namespace ? { namespace: team.namespace } : {});
  if (team.chart) team.chart(scope, ctx);
  for (const { apiVersion, kind, metadata, ...rest } of (team.manifests ?? []) as Array<Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string } }>) {
    new ApiObject(scope, `${kind}-${(metadata as { namespace?: string }).namespace ?? ''}-${metadata.name}`, { apiVersion, kind, metadata, ...rest });
  }
  // A team's own Chart classes built inside the scope are charts of their own to cdk8s: collect them too.
  const charts = [scope, ...scope.node.findAll().filter((c): c is Chart => c !== scope && Chart.isChart(c))];
  return { team, index, scope, objects: charts.flatMap((c) => c.toJson() as Record<string, unknown>[]) };
}
