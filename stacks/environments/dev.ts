import type { EnvironmentSpec } from '../../lib/spec/types';

/**
 * Development: small and cheap (2 AZs, one NAT gateway, spot-heavy, single replicas) but as
 * secure as production: private API endpoint, encrypted everything, IMDSv2, STRICT mTLS.
 */
export const dev: EnvironmentSpec = {
  name: 'dev',
  tier: 'development',
  accountId: '111111111111',
  region: 'eu-west-1',
  availabilityZones: 2,
  vpcCidr: '10.10.0.0/16',
  endpoint: { public: true, publicAccessCidrs: ['203.0.113.0/24'] },
  admins: ['arn:aws:iam::111111111111:role/platform-admins'],
  domain: 'dev.groundwork.example.com',
  nodePools: [
    { name: 'system', role: 'system', capacity: 'on-demand', instanceTypes: ['m6i.large'], minSize: 2, desiredSize: 2, maxSize: 3 },
    {
      name: 'spot-general',
      role: 'general',
      capacity: 'spot',
      instanceTypes: ['m6i.large', 'm5.large', 'm6a.large'],
      minSize: 0,
      desiredSize: 1,
      maxSize: 5,
    },
  ],
  addons: { hostedZoneId: 'Z0DEV0000000000000001' },
  tenants: [{ name: 'team-a', editors: ['team-a-developers'] }],
  tags: { 'cost-center': 'platform-dev' },
};
