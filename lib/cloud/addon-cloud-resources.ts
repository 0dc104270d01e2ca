/**
 * The cloud half of one add-on's `cloud` needs (lib/addons/addon.ts `CloudNeeds`): its S3 buckets
 * (each an `ObjectStore`) and its CloudWatch Logs log groups, created next to its IRSA role and
 * before its release, so the workload never starts against a bucket or group that is not there.
 */
import * as pulumi from '@pulumi/pulumi';
import * as cloudwatch from '@pulumi/aws/cloudwatch';
import type { CloudNeeds } from '../addons/addon';
import type { ResolvedSpec } from '../spec/types';
import { ObjectStore } from './object-store';
import { cloudTags } from './tags';

/** Inputs of `AddonCloudResources`. */
export interface AddonCloudResourcesArgs {
  /** The validated environment. */
  spec: ResolvedSpec;
  /** What the add-on declared. */
  needs: CloudNeeds;
  /** KMS key encrypting the log groups (the environment's logs key, as for the control-plane group). @default CloudWatch's own encryption */
  logsKeyArn?: pulumi.Input<string>;
}

/** Readable logical-name suffix of a log group: `/groundwork/prod/containers` → `groundwork-prod-containers`. */
function logGroupSuffix(name: string): string {
  return name.replace(/^\/+/, '').replace(/[^a-zA-Z0-9-]+/g, '-');
}

/** One add-on's buckets and log groups. */
export class AddonCloudResources extends pulumi.ComponentResource {
  /** Buckets by purpose. */
  readonly buckets: ReadonlyMap<string, ObjectStore>;
  /** Log groups by name. */
  readonly logGroups: ReadonlyMap<string, cloudwatch.LogGroup>;
  /** What the add-on's release waits for. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: AddonCloudResourcesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('groundwork:cloud:AddonCloudResources', name, {}, opts);
    const { spec, needs } = args;
    const buckets = new Map<string, ObjectStore>();
    const groups = new Map<string, cloudwatch.LogGroup>();
    const ready: pulumi.Resource[] = [];
    for (const need of [...(needs.buckets ?? [])].sort((a, b) => (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0))) {
      if (buckets.has(need.purpose)) throw new Error(`${name}: bucket purpose "${need.purpose}" declared twice`);
      const store = new ObjectStore(`${name}-${need.purpose}`, { spec, need }, { parent: this });
      buckets.set(need.purpose, store);
      ready.push(...store.ready);
    }
    for (const need of [...(needs.logGroups ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (groups.has(need.name)) throw new Error(`${name}: log group "${need.name}" declared twice`);
      // Created by us, not by the first writer: a writer-created group is unmanaged and keeps logs forever.
      const group = new cloudwatch.LogGroup(
        `${name}-${logGroupSuffix(need.name)}`,
        {
          name: need.name,
          retentionInDays: need.retentionDays,
          ...(args.logsKeyArn ? { kmsKeyId: args.logsKeyArn } : {}),
          tags: cloudTags(spec),
        },
        // Kept in AWS when the add-on goes away (its retention still expires the events); not
        // `protect`: switching the log sink must not fail the deploy.
        { parent: this, retainOnDelete: spec.profile.protectResources },
      );
      groups.set(need.name, group);
      ready.push(group);
    }
    this.buckets = buckets;
    this.logGroups = groups;
    this.ready = ready;
    this.registerOutputs({});
  }
}
