import { App, Chart } from 'cdk8s';
import { karpenter } from '../../lib/addons/karpenter';
import { karpenterCrd } from '../../lib/addons/karpenter-crd';
import { awsPartition, karpenterControllerPolicy } from '../../lib/addons/karpenter-policy';
import { karpenterPoolLimits } from '../../lib/addons/karpenter-resources';
import type { IamPolicyStatement } from '../../lib/spec/iam';
import { applyDefaults } from '../../lib/spec/defaults';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod } from '../../stacks/environments';
import { ofKind, ofType, synthesize } from '../support/environment';
import { validateObjects } from '../support/schema';
import { prodGitops } from '../support/variants';

const ctx = (env: EnvironmentSpec) => ({ spec: applyDefaults(env), enabled: new Set(['karpenter' as const, 'karpenter-crd' as const]) });
type Obj = { kind: string; metadata: { name: string }; spec: any };
function synth(env: EnvironmentSpec): Obj[] {
  const chart = new Chart(new App(), 'x');
  karpenter.configure!(chart, ctx(env));
  return chart.toJson() as Obj[];
}
const nodePools = (env: EnvironmentSpec) => synth(env).filter((o) => o.kind === 'NodePool');
const requirement = (pool: Obj, key: string) => pool.spec.template.spec.requirements.find((r: { key: string }) => r.key === key);
const policy = (env: EnvironmentSpec = prod) => karpenterControllerPolicy(applyDefaults(env));
const statement = (sid: string, env: EnvironmentSpec = prod): IamPolicyStatement => policy(env).Statement.find((s) => s.Sid === sid)!;

describe('karpenter controller values (chart 1.14.1)', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(karpenter.values(ctx(env))).toMatchSnapshot();
  });

  it('runs the controller on the system pool (never on nodes it manages), HA in production', () => {
    const v = karpenter.values(ctx(prod));
    expect(v.nodeSelector).toEqual({ 'groundwork.dev/pool-role': 'system' });
    expect(v.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly', operator: 'Exists' }));
    expect(v.replicas).toBeGreaterThanOrEqual(2);
    // maxUnavailable (never minAvailable = replicas): a node drain can always evict one replica.
    expect(v.podDisruptionBudget.maxUnavailable).toBeGreaterThanOrEqual(1);
    expect(v.topologySpreadConstraints).toEqual([
      expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'karpenter', 'app.kubernetes.io/instance': 'karpenter' } } }),
    ]);
  });

  it('requests resources, caps memory and keeps the pod restricted', () => {
    const v = karpenter.values(ctx(dev));
    expect(v.controller.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(v.controller.resources.limits.memory).toMatch(/^\d+(Mi|Gi)$/);
    expect(v.podSecurityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  it('wires IRSA and interruption handling to the cloud half by name', () => {
    const v = karpenter.values(ctx(prod));
    expect(v.serviceAccount).toEqual({ name: 'karpenter', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::333333333333:role/prod-karpenter' } });
    expect(karpenter.workloadIdentity!.serviceAccount).toBe(v.serviceAccount.name);
    expect(v.settings).toEqual({ clusterName: 'prod', interruptionQueue: 'prod-karpenter-interruption' });
  });
});

describe('karpenter CRDs', () => {
  it('come from the separate karpenter-crd release that the controller depends on', () => {
    expect(karpenter.dependsOn(ctx(prod))).toContain('karpenter-crd');
    expect(karpenter.skipCrds).toBe(true);
    expect(karpenterCrd.skipCrds ?? false).toBe(false);
    expect(karpenterCrd).toMatchObject({ namespace: karpenter.namespace, placement: 'none' });
    expect(karpenterCrd.chart).toMatchObject({ chart: 'karpenter-crd', version: karpenter.chart.version, repository: karpenter.chart.repository });
    expect(karpenterCrd.isSelected(applyDefaults(prod))).toBe(true);
    expect(karpenterCrd.isSelected(applyDefaults({ ...prod, addons: { autoscaler: 'cluster-autoscaler' } }))).toBe(false);
  });
});

describe('karpenter delivery', () => {
  it('installs the CRD release first, the controller without its crds/ folder, and the NodePools last (Pulumi)', async () => {
    const { plan } = await synthesize(prod);
    const releases = ofType(plan, 'kubernetes:helm.sh/v3:Release');
    const crd = releases.find((r) => r.inputs.name === 'karpenter-crd')!;
    const controller = releases.find((r) => r.inputs.name === 'karpenter')!;
    expect(crd.inputs).toMatchObject({ chart: 'oci://public.ecr.aws/karpenter/karpenter-crd', namespace: 'karpenter' });
    expect(crd.inputs.skipCrds).toBeUndefined();
    expect(controller.inputs.skipCrds).toBe(true);
    expect(controller.dependsOn).toContain(crd.name);
    // Every EC2NodeClass and NodePool waits for the controller release, which waits for the CRD release.
    const config = ofType(plan, 'kubernetes:yaml:ConfigGroup').find((g) => g.name === 'prod-karpenter-config')!;
    expect(config.dependsOn).toContain(controller.name);
    const children = plan.filter((r) => r.parent === config.name);
    expect(children.map((r) => r.type).sort()).toEqual(['kubernetes:karpenter.k8s.aws/v1:EC2NodeClass', 'kubernetes:karpenter.k8s.aws/v1:EC2NodeClass', 'kubernetes:karpenter.sh/v1:NodePool', 'kubernetes:karpenter.sh/v1:NodePool']);
    for (const child of children) expect(child.dependsOn).toContain(controller.name);
  });

  it('syncs the CRD Application in an earlier wave, the controller with helm.skipCrds, the NodePools after it (GitOps)', async () => {
    const { objects } = await synthesize(prodGitops);
    const wave = (o: { metadata: object }) => Number((o.metadata as { annotations?: Record<string, string> }).annotations?.['argocd.argoproj.io/sync-wave']);
    const apps = ofKind(objects, 'Application') as unknown as Array<{ metadata: { name: string; annotations?: Record<string, string> }; spec: any }>;
    const crd = apps.find((a) => a.metadata.name === 'karpenter-crd')!;
    const controller = apps.find((a) => a.metadata.name === 'karpenter')!;
    expect(crd.spec.source.helm.skipCrds).toBeUndefined();
    expect(controller.spec.source.helm.skipCrds).toBe(true);
    expect(wave(crd)).toBeLessThan(wave(controller));
    for (const pool of ofKind(objects, 'NodePool')) expect(wave(pool)).toBeGreaterThan(wave(controller));
  });
});

describe('karpenter NodePools', () => {
  it('turns every workload pool of the spec into one NodePool, and not the system pool', () => {
    expect(nodePools(prod).map((p) => p.metadata.name)).toEqual(['spot-general', 'spot-large']);
    expect(nodePools(dev).map((p) => p.metadata.name)).toEqual(['spot-general']);
  });

  it('pins each pool to its instance types, spot first with on-demand fallback', () => {
    for (const pool of nodePools(prod)) {
      const spec = prod.nodePools.find((p) => p.name === pool.metadata.name)!;
      expect(requirement(pool, 'node.kubernetes.io/instance-type')).toEqual({ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [...spec.instanceTypes].sort() });
      expect(requirement(pool, 'karpenter.sh/capacity-type').values).toEqual(['on-demand', 'spot']);
    }
  });

  it('buys only on-demand for an on-demand workload pool', () => {
    const env: EnvironmentSpec = { ...prod, nodePools: [prod.nodePools[0], { ...prod.nodePools[1], name: 'steady', capacity: 'on-demand' }] };
    expect(requirement(nodePools(env)[0], 'karpenter.sh/capacity-type').values).toEqual(['on-demand']);
  });

  it('caps each pool at maxSize nodes through its CPU limit', () => {
    const [general, large] = nodePools(prod);
    // spot-general: 30 × 4 vCPU (xlarge); spot-large: 20 × 8 vCPU (2xlarge).
    expect(general.spec.limits).toEqual({ cpu: '120' });
    expect(large.spec.limits).toEqual({ cpu: '160' });
    expect(nodePools(dev)[0].spec.limits).toEqual({ cpu: '10' });
    expect(() => karpenterPoolLimits({ name: 'x', instanceTypes: ['m5.metal'], maxSize: 2 })).toThrow(/unknown vCPU count of m5.metal/);
  });

  it('labels nodes like the node groups (ours win) and carries the pool taints', () => {
    const env: EnvironmentSpec = {
      ...prod,
      nodePools: [prod.nodePools[0], { ...prod.nodePools[2], labels: { 'groundwork.dev/workload-size': 'large', team: 'x' }, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] }],
    };
    const [pool] = nodePools(env);
    expect(pool.spec.template.metadata.labels).toEqual({
      'groundwork.dev/pool': 'spot-large',
      'groundwork.dev/pool-role': 'general',
      'groundwork.dev/workload-size': 'large',
      team: 'x',
    });
    expect(pool.spec.template.spec.taints).toEqual([{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }]);
    expect(nodePools(prod)[0].spec.template.spec.taints).toBeUndefined();
  });

  it('consolidates, expires nodes monthly and disrupts at most a tenth at once', () => {
    for (const pool of nodePools(prod)) {
      expect(pool.spec.template.spec.expireAfter).toBe('720h');
      expect(pool.spec.disruption).toEqual({ consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '5m', budgets: [{ nodes: '10%' }] });
    }
  });

  it('launches nodes with IMDSv2 only, one metadata hop, the pool disk size on encrypted gp3 and the Karpenter node role', () => {
    const classes = synth(prod).filter((o) => o.kind === 'EC2NodeClass');
    expect(classes.map((c) => c.metadata.name)).toEqual(['spot-general', 'spot-large']);
    for (const nodeClass of classes) {
      expect(nodeClass.spec.metadataOptions).toMatchObject({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
      expect(nodeClass.spec.blockDeviceMappings).toEqual([{ deviceName: '/dev/xvda', ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }]);
      expect(nodeClass.spec.role).toBe('prod-karpenter-node');
      expect(nodeClass.spec.subnetSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': 'prod' } }]);
    }
    // dev pools take the default disk size.
    expect(synth(dev).find((o) => o.kind === 'EC2NodeClass')!.spec.blockDeviceMappings[0].ebs.volumeSize).toBe('50Gi');
    for (const pool of nodePools(prod)) expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: pool.metadata.name });
  });

  it('synthesizes objects that validate against the Karpenter v1 CRD schemas', () => {
    expect(validateObjects(synth(prod))).toEqual([]);
    expect(synth(prod)).toMatchSnapshot();
  });
});

describe('karpenter controller IAM policy (upstream v1.14.1)', () => {
  it('has upstream v1.14 statements, in upstream order', () => {
    expect(policy().Statement.map((s) => s.Sid)).toEqual([
      'AllowScopedEC2InstanceAccessActions',
      'AllowScopedEC2LaunchTemplateAccessActions',
      'AllowScopedEC2InstanceActionsWithTags',
      'AllowScopedResourceCreationTagging',
      'AllowScopedResourceTagging',
      'AllowScopedDeletion',
      'AllowPassingInstanceRole',
      'AllowScopedInstanceProfileCreationActions',
      'AllowScopedInstanceProfileTagActions',
      'AllowScopedInstanceProfileActions',
      'AllowAPIServerEndpointDiscovery',
      'AllowInterruptionQueueActions',
      'AllowZonalShiftStatusReadOnly',
      'AllowRegionalReadActions',
      'AllowSSMReadActions',
      'AllowPricingReadActions',
      'AllowUnscopedInstanceProfileListAction',
      'AllowInstanceProfileReadActions',
    ]);
    expect(policy()).toMatchSnapshot();
  });

  it('lets the controller re-tag a running instance only with eks:eks-cluster-name, karpenter.sh/nodeclaim and Name', () => {
    expect(statement('AllowScopedResourceTagging').Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/prod': 'owned' },
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': 'prod' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
    });
  });

  it.each(['AllowScopedEC2InstanceActionsWithTags', 'AllowScopedResourceCreationTagging', 'AllowScopedInstanceProfileCreationActions', 'AllowScopedInstanceProfileTagActions'])(
    '%s creates only resources tagged for this cluster (kubernetes.io/cluster owned and eks:eks-cluster-name)',
    (sid) => {
      expect(statement(sid).Condition!.StringEquals).toMatchObject({
        'aws:RequestTag/kubernetes.io/cluster/prod': 'owned',
        'aws:RequestTag/eks:eks-cluster-name': 'prod',
      });
    },
  );

  it('manages only instance profiles it tagged for this cluster and region', () => {
    for (const sid of ['AllowScopedInstanceProfileTagActions', 'AllowScopedInstanceProfileActions']) {
      expect(statement(sid).Condition).toMatchObject({
        StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/prod': 'owned', 'aws:ResourceTag/topology.kubernetes.io/region': 'eu-west-1' },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      });
    }
    expect(statement('AllowScopedInstanceProfileCreationActions').Action).toEqual(['iam:CreateInstanceProfile']);
  });

  it('scopes iam:PassRole to the Karpenter node role, passed to EC2 only', () => {
    const pass = policy().Statement.filter((s) => [s.Action].flat().includes('iam:PassRole'));
    expect(pass).toHaveLength(1);
    expect(pass[0].Resource).toBe('arn:aws:iam::333333333333:role/prod-karpenter-node');
    expect(pass[0].Condition).toEqual({ StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } });
  });

  it('reads only its own interruption queue and this cluster', () => {
    expect(statement('AllowInterruptionQueueActions').Resource).toBe('arn:aws:sqs:eu-west-1:333333333333:prod-karpenter-interruption');
    expect(statement('AllowAPIServerEndpointDiscovery').Resource).toBe('arn:aws:eks:eu-west-1:333333333333:cluster/prod');
    expect(statement('AllowZonalShiftStatusReadOnly').Condition).toEqual({ StringEquals: { 'arc-zonal-shift:ResourceIdentifier': 'arn:aws:eks:eu-west-1:333333333333:cluster/prod' } });
    expect(statement('AllowRegionalReadActions').Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } });
  });

  it('puts every ARN in the partition of the region', () => {
    expect(awsPartition('eu-west-1')).toBe('aws');
    expect(awsPartition('cn-north-1')).toBe('aws-cn');
    expect(awsPartition('us-gov-west-1')).toBe('aws-us-gov');
    const arns = policy({ ...prod, region: 'cn-north-1' }).Statement.flatMap((s) => [s.Resource].flat()).filter((r) => r.startsWith('arn:'));
    expect(arns.length).toBeGreaterThan(10);
    for (const arn of arns) expect(arn).toMatch(/^arn:aws-cn:/);
  });

  it('fits the 10,240-character limit of a role inline policy', () => {
    expect(JSON.stringify(policy()).length).toBeLessThan(10_240);
  });
});
