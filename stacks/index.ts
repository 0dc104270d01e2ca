/**
 * Pulumi program (Pulumi.yaml `main`): `pulumi up --stack <dev|staging|prod>` deploys the
 * stock environment named like the stack, with that stack's config. The offline planner runs
 * this same code path (`Platform.deploy`) under mocks.
 */
import * as pulumi from '@pulumi/pulumi';
import { Platform } from '../lib/blueprint/platform';
import { specForStack } from './stack-config';

const aws = new pulumi.Config('aws');
const groundwork = new pulumi.Config('groundwork');

const platform = Platform.fromSpec(
  specForStack(pulumi.getStack(), {
    region: aws.get('region'),
    accountId: groundwork.get('accountId'),
    adminRoleArns: groundwork.getObject<string[]>('adminRoleArns'),
    publicAccessCidrs: groundwork.getObject<string[]>('publicAccessCidrs'),
    privateAccessCidrs: groundwork.getObject<string[]>('privateAccessCidrs'),
    privateAccessSecurityGroupIds: groundwork.getObject<string[]>('privateAccessSecurityGroupIds'),
  }),
);
// End of life and untested combinations deploy, but the person running `pulumi up` must see them.
for (const warning of platform.warnings) pulumi.log.warn(warning);
const deployed = platform.deploy();

/** EKS cluster name. */
export const clusterName = deployed.cluster.clusterName;
/** Kubeconfig using `aws eks get-token` (secret). */
export const kubeconfig = deployed.cluster.kubeconfig;
