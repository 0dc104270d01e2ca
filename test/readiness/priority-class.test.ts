import { Testing } from 'cdk8s';
import { PriorityClasses } from '../../lib/k8s/priority-classes';
import { checkReadiness } from '../../lib/readiness/check-readiness';
import { checkDisruptionBudgets } from '../../lib/readiness/disruption-budget';
import { extractPodTemplates } from '../../lib/readiness/pod-templates';
import { checkPriorityClasses, PRIORITY_CLASS_CHECK } from '../../lib/readiness/priority-class';
import type { RenderedObject } from '../../lib/readiness/types';
import { availabilityRequirements, readWorkloads } from '../../lib/readiness/workloads';
import { deployment, goodSpec, namespaceObject, PROD, STAGING } from './helpers';

/** The PriorityClasses the foundation chart emits, as plain objects. */
function foundationClasses(): RenderedObject[] {
  const chart = Testing.chart();
  new PriorityClasses(chart, 'pc', { environment: 'prod' });
  return Testing.synth(chart) as RenderedObject[];
}

const system = { nodeSelector: { 'groundwork.dev/pool-role': 'system' }, tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }] };
const spread = (app: string) => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }] });
const pdb = (app: string, namespace: string, budget: Record<string, unknown>): RenderedObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: app, namespace },
  spec: { ...budget, selector: { matchLabels: { app } } },
});
const daemonSet = (name: string, namespace: string, priorityClassName?: string): RenderedObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: goodSpec(priorityClassName ? { priorityClassName } : {}) } },
});
const tenant = PROD.tenants[0];
const spec = { ...PROD, tenants: [tenant] };

function priorityFindings(objects: RenderedObject[]) {
  return checkPriorityClasses(extractPodTemplates(objects), objects, spec);
}

describe('availability.priority-class', () => {
  it('finds a platform Deployment that names no PriorityClass', () => {
    const findings = priorityFindings([...foundationClasses(), deployment('ctrl', 'platform', goodSpec(), { replicas: 2 })]);
    expect(findings).toEqual([expect.objectContaining({ check: PRIORITY_CLASS_CHECK, object: 'Deployment/platform/ctrl', problem: expect.stringContaining('name no PriorityClass') })]);
  });

  it('passes a platform Deployment at platform-critical', () => {
    expect(priorityFindings([...foundationClasses(), deployment('ctrl', 'platform', goodSpec({ priorityClassName: 'platform-critical' }), { replicas: 2 })])).toEqual([]);
  });

  it("finds a platform pod at the tenants' class", () => {
    const findings = priorityFindings([...foundationClasses(), deployment('ctrl', 'platform', goodSpec({ priorityClassName: 'workload-default' }))]);
    expect(findings.map((f) => f.problem)).toEqual([expect.stringContaining('PriorityClass workload-default, not platform-critical')]);
  });

  it('accepts system-node-critical for a DaemonSet (the CNI) but not for a controller', () => {
    const objects = [...foundationClasses(), daemonSet('cni', 'kube-system', 'system-node-critical'), deployment('ctrl', 'platform', goodSpec({ priorityClassName: 'system-cluster-critical' }))];
    expect(priorityFindings(objects).map((f) => f.object)).toEqual(['Deployment/platform/ctrl']);
  });

  it('finds a DaemonSet without a class and judges StatefulSets too', () => {
    const sts = { ...deployment('db', 'platform', goodSpec()), kind: 'StatefulSet' };
    expect(priorityFindings([...foundationClasses(), daemonSet('agent', 'monitoring-agents'), sts]).map((f) => f.object).sort()).toEqual(['DaemonSet/monitoring-agents/agent', 'StatefulSet/platform/db']);
  });

  it("leaves tenants' pods and one-off Jobs to the global default", () => {
    const job: RenderedObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'hook', namespace: 'platform' }, spec: { template: { metadata: {}, spec: goodSpec() } } };
    expect(priorityFindings([...foundationClasses(), deployment('app', tenant.name, goodSpec()), job])).toEqual([]);
  });

  it('finds a pod naming a class that does not exist, tenant or not', () => {
    const objects = [...foundationClasses(), deployment('app', tenant.name, goodSpec({ priorityClassName: 'high' })), deployment('ctrl', 'platform', goodSpec({ priorityClassName: 'platform-critcal' }))];
    const findings = priorityFindings(objects);
    expect(findings.map((f) => f.object).sort()).toEqual(['Deployment/platform/ctrl', `Deployment/${tenant.name}/app`].sort());
    expect(findings.every((f) => f.problem.includes('the Priority admission plugin refuses its pods'))).toBe(true);
  });

  it('finds a second global default PriorityClass', () => {
    const rogue: RenderedObject = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'rogue' }, value: 5, globalDefault: true };
    expect(priorityFindings([...foundationClasses(), rogue]).map((f) => f.object)).toEqual(['PriorityClass/workload-default', 'PriorityClass/rogue']);
  });

  it('judges the operator-modelled Prometheus StatefulSet by the class its custom resource names', () => {
    const prometheus = (priorityClassName?: string): RenderedObject => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'k8s', namespace: 'monitoring' },
      spec: { replicas: 2, ...(priorityClassName ? { priorityClassName } : {}) },
    });
    const open = (objects: RenderedObject[]) =>
      checkReadiness({ spec, objects: [...foundationClasses(), namespaceObject('monitoring', 'restricted'), ...objects] }).areas.availability.filter((f) => f.check === PRIORITY_CLASS_CHECK).map((f) => f.object);
    expect(open([prometheus()])).toEqual(['StatefulSet/monitoring/prometheus-k8s']);
    expect(open([prometheus('platform-critical')])).toEqual([]);
  });

  it('runs in checkReadiness in every tier (development included)', () => {
    const objects = [...foundationClasses(), namespaceObject('platform', 'restricted'), deployment('ctrl', 'platform', goodSpec())];
    const dev = { ...spec, profile: { ...spec.profile, replicas: 1, podDisruptionBudget: false, zoneSpread: false } };
    expect(checkReadiness({ spec: dev, objects }).areas.availability.map((f) => f.check)).toEqual([PRIORITY_CLASS_CHECK]);
  });
});

describe('availability.disruption-budget in staging and production: a budget must allow an eviction', () => {
  const ctrl = (replicas: number) => deployment('ctrl', 'platform', goodSpec({ ...system, ...spread('ctrl'), priorityClassName: 'platform-critical' }), { replicas });
  const budgetFindings = (budget: Record<string, unknown>, replicas = 2, tier = PROD) => checkDisruptionBudgets(readWorkloads([ctrl(replicas)]), [pdb('ctrl', 'platform', budget)], availabilityRequirements(tier.profile));

  it.each([[{ maxUnavailable: 0 }], [{ minAvailable: 2 }], [{ minAvailable: '100%' }], [{ maxUnavailable: '0%' }]])('finds %j over 2 replicas', (budget) => {
    expect(budgetFindings(budget).map((f) => f.problem)).toEqual([expect.stringContaining('allows 0 evictions')]);
  });

  it('passes maxUnavailable 1 and minAvailable below the replicas', () => {
    expect(budgetFindings({ maxUnavailable: 1 })).toEqual([]);
    expect(budgetFindings({ minAvailable: 1 })).toEqual([]);
  });

  it('requires budgets in staging as in production', () => {
    expect(availabilityRequirements(STAGING.profile).disruptionBudget).toBe(true);
    expect(budgetFindings({ maxUnavailable: 0 }, 2, STAGING)).toHaveLength(1);
  });

  it('requires hard zone spread in production', () => {
    expect(availabilityRequirements(PROD.profile).zoneSpread).toBe(true);
  });
});

describe('availability.zone-spread in staging: at least a preferred spread', () => {
  const spreadWith = (whenUnsatisfiable?: string) =>
    deployment('ctrl', 'platform', goodSpec({ ...system, ...(whenUnsatisfiable ? { topologySpreadConstraints: [{ ...spread('ctrl').topologySpreadConstraints[0], whenUnsatisfiable }] } : {}) }), { replicas: 2 });
  const zoneFindings = (tier: typeof PROD, whenUnsatisfiable?: string) =>
    checkReadiness({ spec: { ...tier, tenants: [] }, objects: [namespaceObject('platform', 'restricted'), ...foundationClasses(), spreadWith(whenUnsatisfiable)] }).areas.availability.filter((f) => f.check === 'availability.zone-spread');

  it('finds a staging workload with no zone spread at all', () => {
    expect(zoneFindings(STAGING).map((f) => f.problem)).toEqual([expect.stringContaining('a preferred spread is enough in this tier')]);
  });

  it('accepts ScheduleAnyway in staging but not in production', () => {
    expect(zoneFindings(STAGING, 'ScheduleAnyway')).toEqual([]);
    expect(zoneFindings(PROD, 'ScheduleAnyway')).toHaveLength(1);
    expect(zoneFindings(PROD, 'DoNotSchedule')).toEqual([]);
  });
});
