import type { EnvironmentSpec } from '../../lib/spec/types';

/**
 * Production: 3 AZs, NAT gateway per AZ, private-only API endpoint (reached over VPN / peering),
 * an on-demand system pool plus two diversified spot pools of different sizes.
 */
export const prod: EnvironmentSpec = {
  name: 'prod',
  tier: 'production',
  accountId: '333333333333',
  region: 'eu-west-1',
  availabilityZones: 3,
  vpcCidr: '10.30.0.0/16',
  endpoint: { public: false },
  admins: ['arn:aws:iam::333333333333:role/platform-admins', 'arn:aws:iam::333333333333:role/break-glass'],
  domain: 'prod.groundwork.example.com',
  nodePools: [
    { name: 'system', role: 'system', capacity: 'on-demand', instanceTypes: ['m6i.xlarge'], minSize: 3, desiredSize: 3, maxSize: 6, diskSizeGiB: 100 },
    {
      name: 'spot-general',
      role: 'general',
      capacity: 'spot',
      instanceTypes: ['m6i.xlarge', 'm5.xlarge', 'm6a.xlarge', 'm7i.xlarge'],
      minSize: 3,
      desiredSize: 3,
      maxSize: 30,
      diskSizeGiB: 100,
    },
    {
      name: 'spot-large',
      role: 'general',
      capacity: 'spot',
      instanceTypes: ['m6i.2xlarge', 'm5.2xlarge', 'm6a.2xlarge', 'm7i.2xlarge'],
      minSize: 0,
      desiredSize: 0,
      maxSize: 20,
      diskSizeGiB: 100,
      labels: { 'groundwork.dev/workload-size': 'large' },
    },
  ],
  addons: { hostedZoneId: 'Z0PROD0000000000000003' },
  tenants: [
    { name: 'team-a', editors: ['team-a-developers'] },
    { name: 'team-b', editors: ['team-b-developers'] },
    { name: 'payments', editors: ['payments-developers'], quota: { cpu: '32', memory: '64Gi', pods: 300 } },
  ],
  // Credentials by Secret reference only: both Secrets live in namespace monitoring (ExternalSecrets
  // from AWS Secrets Manager). Critical alerts page on-call; warnings go to Slack, as does anything
  // no route takes (the default receiver), so no alert is dropped.
  observability: {
    alerting: {
      receivers: [
        { name: 'platform-oncall', type: 'pagerduty', secret: { name: 'alertmanager-pagerduty', key: 'routing-key' } },
        { name: 'platform-alerts', type: 'slack', secret: { name: 'alertmanager-slack', key: 'webhook-url' }, channel: '#platform-alerts' },
        // A heartbeat service's ping URL: it pages when the Watchdog pings stop (monitoring itself is down).
        { name: 'platform-heartbeat', type: 'webhook', secret: { name: 'alertmanager-heartbeat', key: 'url' }, sendResolved: false },
      ],
      routes: [
        { receiver: 'platform-oncall', severity: 'critical' },
        { receiver: 'platform-alerts', severity: 'warning' },
      ],
      defaultReceiver: 'platform-alerts',
      heartbeatReceiver: 'platform-heartbeat',
    },
  },
  // Backups replicate to Frankfurt, the region production is rebuilt in (docs/runbooks/restore.md).
  backup: { drRegion: 'eu-central-1' },
  tags: { 'cost-center': 'platform-prod', 'data-classification': 'confidential' },
};
