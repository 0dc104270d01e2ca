/**
 * What a team repo writes to run its own environment on Groundwork: start from a stock
 * environment's spec (`groundwork spec --env staging > my-env.json` gives the same data as
 * JSON), change what differs, and let the blueprint do the rest. Used as a Pulumi program:
 * `export = deployTeamEnvironment()` in the team's index.ts.
 */
import { METRICS_SERVER_ARGS, Platform, typedOverrides, type EnvironmentSpec } from '@groundwork/platform';
import { staging } from '@groundwork/platform/environments';

/** The team's environment: staging's shape in another account, region and domain. */
export const teamEnvironment: EnvironmentSpec = {
  ...staging,
  name: 'payments-stg',
  accountId: '444444444444',
  region: 'eu-central-1',
  vpcCidr: '10.40.0.0/16',
  domain: 'payments-stg.example.com',
  admins: ['arn:aws:iam::444444444444:role/payments-platform'],
  addons: {
    ...staging.addons,
    hostedZoneId: 'Z0PAYMENTS0000000000001',
    // Typed overrides are deep-merged last and recorded on the Helm release.
    overrides: typedOverrides({ 'metrics-server': { defaultArgs: [...METRICS_SERVER_ARGS, '--metric-resolution=30s'] } }),
  },
  tenants: [{ name: 'payments', editors: ['payments-developers'] }],
};

/** The validated platform (throws one error listing every problem of the spec). */
export function teamPlatform(): Platform {
  return Platform.fromSpec(teamEnvironment);
}

/** Pulumi program body: deploys the cluster, add-ons and manifests; returns stack outputs. */
export function deployTeamEnvironment(): { clusterName: unknown; kubeconfig: unknown } {
  const deployed = teamPlatform().deploy();
  return { clusterName: deployed.cluster.clusterName, kubeconfig: deployed.cluster.kubeconfig };
}
