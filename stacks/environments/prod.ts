import type { EnvironmentSpec } from '../../lib/spec/types';

/**
 * Production: 3 AZs, NAT gateway per AZ, private-only API endpoint (reached over VPN / peering),
 * an on-demand system pool plus two diversified spot pools of different sizes.
 */
/** An IAM Identity Center permission-set role of the production account (Identity Center in eu-west-1). */
const sso = (role: string): string => `arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_${role}`;
/** The security account's read-only auditor role (a STANDARD access entry may name another account's role). */
const AUDITOR = 'arn:aws:iam::444444444444:role/security-auditors';

/** The stock production environment: three zones, private-only API endpoint (see the header above). */
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
  // People log in through IAM Identity Center permission-set roles (full ARN, path included: EKS
  // access entries need it); one read-only auditor role of the security account sees every tenant.
  tenants: [
    { name: 'team-a', editors: ['team-a-developers'], access: { developers: [sso('TeamADevelopers_3f1c9a0b7d2e4f68')], viewers: [AUDITOR] } },
    { name: 'team-b', editors: ['team-b-developers'], access: { developers: [sso('TeamBDevelopers_8a4e2c6b0f1d3e59')], viewers: [AUDITOR] } },
    {
      name: 'payments',
      editors: ['payments-developers'],
      access: { admins: [sso('PaymentsLeads_5b7d9f1a3c5e7092')], developers: [sso('PaymentsDevelopers_c2e4a6b8d0f21436')], viewers: [AUDITOR] },
      quota: { cpu: '32', memory: '64Gi', pods: 300 },
    },
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
