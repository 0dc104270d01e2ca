import { useMocks, ofType, plan, resolved, snapshotView } from './harness';
void useMocks();
import { KarpenterInfra } from '../../lib/cloud/karpenter-infra';
import { karpenterInterruptionQueueName, karpenterNodeRoleName } from '../../lib/spec/naming';
import { dev } from '../../stacks/environments';

const build = () => plan(() => new KarpenterInfra('dev-karpenter', { spec: resolved(dev) }));

describe('KarpenterInfra', () => {
  it('creates the node role with worker policies and admits it as EC2_LINUX', async () => {
    const resources = await build();
    const [role] = ofType(resources, 'aws:iam/role:Role');
    expect(role.inputs.name).toBe(karpenterNodeRoleName(resolved(dev)));
    const policies = ofType(resources, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').map((a) => String(a.inputs.policyArn).split('/').pop()).sort();
    expect(policies).toEqual(['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSWorkerNodePolicy', 'AmazonSSMManagedInstanceCore']);
    const [entry] = ofType(resources, 'aws:eks/accessEntry:AccessEntry');
    expect(entry.inputs).toMatchObject({ type: 'EC2_LINUX', clusterName: 'dev', principalArn: 'arn:aws:iam::000000000000:role/dev-karpenter-node' });
  });

  it('creates an encrypted, short-retention interruption queue writable by EventBridge', async () => {
    const resources = await build();
    const [queue] = ofType(resources, 'aws:sqs/queue:Queue');
    expect(queue.inputs).toMatchObject({ name: karpenterInterruptionQueueName(resolved(dev)), sqsManagedSseEnabled: true, messageRetentionSeconds: 300 });
    const [policy] = ofType(resources, 'aws:sqs/queuePolicy:QueuePolicy');
    const allow = JSON.parse(String(policy.inputs.policy)).Statement.find((s: { Effect: string }) => s.Effect === 'Allow');
    expect(allow.Principal.Service).toEqual(['events.amazonaws.com', 'sqs.amazonaws.com']);
  });

  it('routes the five event types of upstream v1.14 (health, spot interruption, rebalance, state change, capacity reservation) to the queue', async () => {
    const resources = await build();
    const patterns = ofType(resources, 'aws:cloudwatch/eventRule:EventRule').map((r) => JSON.parse(String(r.inputs.eventPattern)));
    expect(patterns.map((p) => `${p.source[0]}:${p['detail-type'][0]}`).sort()).toEqual([
      'aws.ec2:EC2 Capacity Reservation Instance Interruption Warning',
      'aws.ec2:EC2 Instance Rebalance Recommendation',
      'aws.ec2:EC2 Instance State-change Notification',
      'aws.ec2:EC2 Spot Instance Interruption Warning',
      'aws.health:AWS Health Event',
    ]);
    const targets = ofType(resources, 'aws:cloudwatch/eventTarget:EventTarget');
    expect(targets).toHaveLength(5);
    for (const t of targets) expect(t.inputs).toMatchObject({ arn: 'arn:aws:sqs:eu-west-1:000000000000:dev-karpenter-interruption', targetId: 'KarpenterInterruptionQueueTarget' });
  });

  it('denies plain-HTTP access to the queue', async () => {
    const [policy] = ofType(await build(), 'aws:sqs/queuePolicy:QueuePolicy');
    const deny = JSON.parse(String(policy.inputs.policy)).Statement.find((s: { Effect: string }) => s.Effect === 'Deny');
    expect(deny).toMatchObject({ Sid: 'DenyHTTP', Principal: '*', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('creates no instance profile: Karpenter derives one from the node role named in each EC2NodeClass', async () => {
    expect(ofType(await build(), 'aws:iam/instanceProfile:InstanceProfile')).toHaveLength(0);
  });

  it('matches the dev snapshot', async () => {
    expect(snapshotView(await build())).toMatchSnapshot();
  });
});
