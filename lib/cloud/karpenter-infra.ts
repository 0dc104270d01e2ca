/**
 * AWS side of Karpenter: the role its nodes assume (admitted to the cluster through an access
 * entry) and the interruption queue fed by EventBridge, so spot reclaims and AWS maintenance
 * drain nodes gracefully instead of killing pods. The controller's own IRSA policy is declared
 * by the karpenter add-on. No instance profile here: since v1 Karpenter creates (and tags, and
 * deletes) one per EC2NodeClass from the role named in its `role` field, which is this node role.
 * Matches upstream's v1.14 CloudFormation template (queue with 300 s retention and SSE,
 * EC2InterruptionPolicy, five EventBridge rules); the queue name is the chart's
 * `settings.interruptionQueue`.
 */
import * as pulumi from '@pulumi/pulumi';
import * as cloudwatch from '@pulumi/aws/cloudwatch';
import * as eks from '@pulumi/aws/eks';
import * as sqs from '@pulumi/aws/sqs';
import { clusterName, karpenterInterruptionQueueName, karpenterNodeRoleName } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { NODE_MANAGED_POLICIES, serviceRole } from './service-role';
import { cloudTags } from './tags';

/** Inputs of `KarpenterInfra`. */
export interface KarpenterInfraArgs {
  /** The validated environment (names, tags). */
  spec: ResolvedSpec;
  /** Name of the cluster. @default clusterName(spec) */
  clusterName?: pulumi.Input<string>;
}

/**
 * Events Karpenter reacts to, by rule suffix: the five rules of upstream's v1.14 CloudFormation
 * template (ScheduledChange, SpotInterruption, Rebalance, InstanceStateChange, CapacityReservationInterruption).
 */
export const INTERRUPTION_EVENTS: ReadonlyArray<{ suffix: string; pattern: { source: string[]; 'detail-type': string[] } }> = [
  // Scheduled maintenance / retirement: replace the node before AWS takes it.
  { suffix: 'health', pattern: { source: ['aws.health'], 'detail-type': ['AWS Health Event'] } },
  // Two-minute spot reclaim warning: cordon and drain now.
  { suffix: 'spot-interruption', pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] } },
  // Elevated reclaim risk: launch a replacement before the warning arrives.
  { suffix: 'rebalance', pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] } },
  // Instance stopped or terminated outside Karpenter: clean up the node object.
  { suffix: 'state-change', pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] } },
  // An interruptible capacity reservation is being reclaimed by its owner: drain before it goes (upstream since v1.10).
  { suffix: 'capacity-reservation', pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Capacity Reservation Instance Interruption Warning'] } },
];

/** Queue policy (upstream's EC2InterruptionPolicy): EventBridge (and SQS itself) may send; plain-HTTP access is denied. */
export function interruptionQueuePolicy(queueArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'EC2InterruptionPolicy',
    Statement: [
      {
        Sid: 'EventBridgeWrite',
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
      },
      {
        Sid: 'DenyHTTP',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: queueArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/** Node role, access entry and interruption queue of Karpenter. */
export class KarpenterInfra extends pulumi.ComponentResource {
  /** ARN of the role Karpenter nodes assume (EC2NodeClass `role`). */
  readonly nodeRoleArn: pulumi.Output<string>;
  /** Name of the node role. */
  readonly nodeRoleName: string;
  /** Name of the interruption queue (Helm value `settings.interruptionQueue`). */
  readonly queueName: string;
  /** ARN of the interruption queue. */
  readonly queueArn: pulumi.Output<string>;

  constructor(name: string, args: KarpenterInfraArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:KarpenterInfra', name, {}, opts);
    const { spec } = args;
    const cluster = args.clusterName ?? clusterName(spec);
    const tags = (extra: Record<string, string> = {}): Record<string, string> => cloudTags(spec, extra);
    const parent = { parent: this };
    this.nodeRoleName = karpenterNodeRoleName(spec);
    this.queueName = karpenterInterruptionQueueName(spec);

    const { role, attachments } = serviceRole(this, {
      name: `${name}-node`,
      roleName: this.nodeRoleName,
      service: 'ec2.amazonaws.com',
      managedPolicies: NODE_MANAGED_POLICIES,
      tags: tags(),
    });
    // API authentication mode: nodes join only if their role has an EC2_LINUX access entry.
    new eks.AccessEntry(
      `${name}-node`,
      { clusterName: cluster, principalArn: role.arn, type: 'EC2_LINUX', tags: tags() },
      { parent: this, dependsOn: attachments },
    );

    const queue = new sqs.Queue(
      `${name}-interruption`,
      {
        name: this.queueName,
        // Events older than 5 minutes describe nodes that are already gone.
        messageRetentionSeconds: 300,
        sqsManagedSseEnabled: true,
        tags: tags(),
      },
      parent,
    );
    new sqs.QueuePolicy(`${name}-interruption`, { queueUrl: queue.url, policy: queue.arn.apply(interruptionQueuePolicy) }, parent);

    for (const event of INTERRUPTION_EVENTS) {
      const rule = new cloudwatch.EventRule(
        `${name}-${event.suffix}`,
        {
          name: `${spec.name}-karpenter-${event.suffix}`,
          description: `Karpenter interruption handling (${event.pattern['detail-type'][0]})`,
          eventPattern: JSON.stringify(event.pattern),
          tags: tags(),
        },
        parent,
      );
      new cloudwatch.EventTarget(
        `${name}-${event.suffix}`,
        { rule: rule.name, targetId: 'KarpenterInterruptionQueueTarget', arn: queue.arn },
        parent,
      );
    }

    this.nodeRoleArn = role.arn;
    this.queueArn = queue.arn;
    this.registerOutputs({ nodeRoleArn: this.nodeRoleArn, queueName: this.queueName, queueArn: this.queueArn });
  }
}
