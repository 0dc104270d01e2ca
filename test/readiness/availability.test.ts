import { checkReplicas } from '../../lib/readiness/availability-replicas';
import { allowedEvictions, checkDisruptionBudgets } from '../../lib/readiness/disruption-budget';
import { checkSystemPool, tolerates } from '../../lib/readiness/system-pool';
import type { RenderedObject } from '../../lib/readiness/types';
import { availabilityRequirements, readWorkloads } from '../../lib/readiness/workloads';
import { checkZoneSpread } from '../../lib/readiness/zone-spread';
import { deployment, DEV, goodSpec, PROD, STAGING } from './helpers';
import type { PodSpec } from '../../lib/readiness/pod-templates';

const REQ = availabilityRequirements(PROD.profile);
const labels = { app: 'web' };
const system = { nodeSelector: { 'groundwork.dev/pool-role': 'system' }, tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }] };
const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } }] };
const web = (replicas: number | undefined, spec: Partial<PodSpec> = {}) => deployment('web', 'apps', goodSpec({ ...system, ...spread, ...spec }), { replicas, labels });
const pdb = (name: string, spec: Record<string, unknown>): RenderedObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'apps' }, spec: { selector: { matchLabels: labels }, ...spec } });
const hpa = (min: number | undefined): RenderedObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'apps' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...(min !== undefined ? { minReplicas: min } : {}), maxReplicas: 6 },
});

describe('availability requirements come from the tier profile', () => {
  it('asks production for everything, staging for replicas, budgets and a preferred zone spread, development for nothing', () => {
    expect(REQ).toEqual({ minReplicas: 2, disruptionBudget: true, zoneSpread: true, zoneSpreadPreferred: true, systemPool: true });
    expect(availabilityRequirements(STAGING.profile)).toEqual({ minReplicas: 2, disruptionBudget: true, zoneSpread: false, zoneSpreadPreferred: true, systemPool: true });
    expect(availabilityRequirements(DEV.profile)).toEqual({ minReplicas: 1, disruptionBudget: false, zoneSpread: false, zoneSpreadPreferred: false, systemPool: false });
  });
});

describe('replicas', () => {
  const run = (objects: RenderedObject[]) => checkReplicas(readWorkloads(objects), REQ);
  it('flags a single replica (and an unset count, which defaults to 1)', () => {
    expect(run([web(1)]).map((f) => f.object)).toEqual(['Deployment/apps/web']);
    expect(run([web(undefined)])[0].problem).toContain('unset, defaults to 1');
  });
  it('accepts 2 replicas', () => expect(run([web(2)])).toEqual([]));
  it('flags an HPA that can scale to 1, accepts one with minReplicas 2', () => {
    expect(run([web(3), hpa(1)])[0].problem).toContain('minReplicas 1');
    expect(run([web(3), hpa(undefined)])).toHaveLength(1);
    expect(run([web(1), hpa(2)])).toEqual([]);
  });
  it('asks nothing of a development tier', () => expect(checkReplicas(readWorkloads([web(1)]), availabilityRequirements(DEV.profile))).toEqual([]));
});

describe('disruption budgets', () => {
  const run = (objects: RenderedObject[]) => checkDisruptionBudgets(readWorkloads(objects), objects, REQ);
  it('flags a workload no budget selects', () => {
    expect(run([web(3)])[0].problem).toContain('no PodDisruptionBudget');
    expect(run([web(3), { ...pdb('other', {}), spec: { selector: { matchLabels: { app: 'other' } }, maxUnavailable: 1 } }])).toHaveLength(1);
  });
  it('flags minAvailable == replicas: no eviction is ever allowed', () => {
    const [f] = run([web(3), pdb('web', { minAvailable: 3 })]);
    expect(f.check).toBe('availability.disruption-budget');
    expect(f.problem).toContain('allows 0 evictions (minAvailable 3 of 3 replicas)');
  });
  it('uses the HPA floor: minAvailable 2 with an HPA that may scale to 2 blocks drains', () => {
    expect(run([web(4), hpa(2), pdb('web', { minAvailable: 2 })])).toHaveLength(1);
  });
  it('accepts minAvailable below the replicas, maxUnavailable 1, and percentages that round to ≥ 1', () => {
    expect(run([web(3), pdb('web', { minAvailable: 1 })])).toEqual([]);
    expect(run([web(3), pdb('web', { maxUnavailable: 1 })])).toEqual([]);
    expect(run([web(3), pdb('web', { maxUnavailable: '10%' })])).toEqual([]);
  });
  it('flags maxUnavailable 0, minAvailable 100%, and a budget with neither field', () => {
    expect(run([web(3), pdb('web', { maxUnavailable: 0 })])).toHaveLength(1);
    expect(run([web(3), pdb('web', { minAvailable: '100%' })])).toHaveLength(1);
    expect(run([web(3), pdb('web', {})])[0].problem).toContain('neither minAvailable nor maxUnavailable');
  });
  it('flags two budgets over the same pods: the eviction API refuses them', () => {
    expect(run([web(3), pdb('a', { maxUnavailable: 1 }), pdb('b', { maxUnavailable: 1 })])[0].problem).toContain('more than one');
  });
  it('rounds percentages up as the disruption controller does', () => {
    expect(allowedEvictions({ minAvailable: '50%' }, 3).allowed).toBe(1);
    expect(allowedEvictions({ maxUnavailable: '25%' }, 2).allowed).toBe(1);
  });
});

describe('zone spread', () => {
  const run = (o: RenderedObject) => checkZoneSpread(readWorkloads([o]), REQ);
  it('accepts a hard zone constraint over the pods, or required zone anti-affinity', () => {
    expect(run(web(3))).toEqual([]);
    const anti = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: labels } }] } } };
    expect(run(web(3, { topologySpreadConstraints: [], ...anti }))).toEqual([]);
  });
  it('flags no constraint, a hostname-only constraint, a soft one, and one selecting other pods', () => {
    expect(run(web(3, { topologySpreadConstraints: [] }))).toHaveLength(1);
    expect(run(web(3, { topologySpreadConstraints: [{ ...spread.topologySpreadConstraints[0], topologyKey: 'kubernetes.io/hostname' }] }))).toHaveLength(1);
    expect(run(web(3, { topologySpreadConstraints: [{ ...spread.topologySpreadConstraints[0], whenUnsatisfiable: 'ScheduleAnyway' }] }))[0].problem).toContain('ScheduleAnyway');
    expect(run(web(3, { topologySpreadConstraints: [{ ...spread.topologySpreadConstraints[0], labelSelector: { matchLabels: { app: 'other' } } }] }))).toHaveLength(1);
  });
});

describe('system pool', () => {
  const run = (o: RenderedObject) => checkSystemPool(readWorkloads([o]), PROD, REQ);
  it('accepts a nodeSelector or required node affinity on the system role, with the taint tolerated', () => {
    expect(run(web(3))).toEqual([]);
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'groundwork.dev/pool-role', operator: 'In', values: ['system'] }] }] } } };
    expect(run(web(3, { nodeSelector: {}, affinity }))).toEqual([]);
  });
  it('flags a pod that may land elsewhere, and one pinned without the toleration', () => {
    expect(run(web(3, { nodeSelector: { 'kubernetes.io/os': 'linux' } }))[0].problem).toContain('may run on spot');
    expect(run(web(3, { tolerations: [] }))[0].problem).toContain('does not tolerate');
    const oneTermOpen = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'groundwork.dev/pool-role', operator: 'In', values: ['system'] }] }, { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] } } };
    expect(run(web(3, { nodeSelector: {}, affinity: oneTermOpen }))).toHaveLength(1);
  });
  it('leaves DaemonSets alone (they run on every pool by design)', () => {
    const ds = { ...web(3, { nodeSelector: {} }), kind: 'DaemonSet' };
    expect(checkSystemPool(readWorkloads([ds]), PROD, REQ)).toEqual([]);
  });
  it('matches tolerations as the scheduler does', () => {
    const taint = { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' };
    expect(tolerates({ key: 'CriticalAddonsOnly', operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'CriticalAddonsOnly', value: 'true' }, taint)).toBe(true);
    expect(tolerates({ key: 'CriticalAddonsOnly', value: 'false' }, taint)).toBe(false);
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
  });
});
