import type { EnvironmentSpec } from '../../lib/spec/types';

/** Staging: production's shape (3 AZs, HA controllers) at a smaller size. */
export const staging: EnvironmentSpec = {
  name: 'staging',
  tier: 'staging',
  accountId: '222222222222',
  region: 'eu-west-1',
  availabilityZones: 3,
  vpcCidr: '10.20.0.0/16',
  endpoint: { public: true, publicAccessCidrs: ['203.0.113.0/24'] },
  admins: ['arn:aws:iam::222222222222:role/platform-admins'],
  domain: 'staging.groundwork.example.com',
  nodePools: [
    { name: 'system', role: 'system', capacity: 'on-demand', instanceTypes: ['m6i.large'], minSize: 3, desiredSize: 3, maxSize: 4 },
    {
      name: 'spot-general',
      role: 'general',
      capacity: 'spot',
      instanceTypes: ['m6i.xlarge', 'm5.xlarge', 'm6a.xlarge', 'm7i.xlarge'],
      minSize: 1,
      desiredSize: 2,
      maxSize: 10,
    },
  ],
  addons: { hostedZoneId: 'Z0STAGING00000000000002' },
  tenants: [
    { name: 'team-a', editors: ['team-a-developers'] },
    { name: 'team-b', editors: ['team-b-developers'] },
  ],
  // One Slack channel for every staging alert (critical included): the routing is exercised before
  // production, without paging anyone at night for staging.
  observability: {
    alerting: {
      receivers: [{ name: 'staging-alerts', type: 'slack', secret: { name: 'alertmanager-slack', key: 'webhook-url' }, channel: '#platform-alerts-staging' }],
    },
  },
  tags: { 'cost-center': 'platform-staging' },
};
