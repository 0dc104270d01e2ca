/**
 * The zod schema of `EnvironmentSpec`: the single source of truth for its shape. Every object
 * is strict, so a misspelt key is an error instead of a silently ignored setting. Cross-field
 * rules live in `rules/`; defaults in `defaults.ts`.
 */
import { z } from 'zod';
import { ADDON_IDS } from './addon-ids';
import { AMI_TYPES } from './ami';
import { GUARD_RAIL_IDS } from './guard-rail-ids';
import type { EnvironmentSpec } from './types';

export { ADDON_IDS };


// Any string here: which ids exist depends on the catalogue in use (stock ids plus a team's own),
// so validateSpec checks them against it (lib/spec/addon-ids.ts) with the closest id as the fix.
const addonId = z.string();
const stringMap = z.record(z.string(), z.string());

const taint = z.strictObject({
  key: z.string().min(1),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

const nodePool = z.strictObject({
  name: z.string(),
  role: z.enum(['system', 'general', 'custom']),
  capacity: z.enum(['on-demand', 'spot']),
  instanceTypes: z.array(z.string()),
  minSize: z.number().int().min(0),
  desiredSize: z.number().int().min(0),
  maxSize: z.number().int().min(0),
  labels: stringMap.optional(),
  taints: z.array(taint).optional(),
  diskSizeGiB: z.number().int().optional(),
  amiType: z.enum(AMI_TYPES).optional(),
});

const existingVpc = z.strictObject({
  vpcId: z.string(),
  cidr: z.string(),
  privateSubnetIds: stringMap,
  publicSubnets: z.record(z.string(), z.strictObject({ id: z.string(), cidr: z.string() })),
  tagSubnets: z.boolean().optional(),
});

const addons = z.strictObject({
  delivery: z.enum(['pulumi', 'gitops']).optional(),
  cni: z.enum(['vpc-cni', 'cilium']).optional(),
  ingress: z.enum(['gateway-api', 'ingress-nginx']).optional(),
  autoscaler: z.enum(['karpenter', 'cluster-autoscaler']).optional(),
  mesh: z.boolean().optional(),
  tls: z
    .strictObject({
      enabled: z.boolean().optional(),
      acmeEmail: z.string().optional(),
      challenge: z.enum(['dns01', 'http01']).optional(),
    })
    .optional(),
  hostedZoneId: z.string().optional(),
  gitops: z
    .strictObject({
      repoURL: z.string(),
      targetRevision: z.string().optional(),
      path: z.string().optional(),
    })
    .optional(),
  disabled: z.array(addonId).optional(),
  overrides: z.record(addonId, z.record(z.string(), z.unknown()).optional()).optional(),
});

const alertSeverity = z.enum(['critical', 'warning', 'info']);

const observability = z.strictObject({
  logRetentionDays: z.number().int().optional(),
  metrics: z
    .strictObject({ enabled: z.boolean().optional(), retentionDays: z.number().int().optional(), storageGiB: z.number().int().optional() })
    .optional(),
  logs: z
    .strictObject({ enabled: z.boolean().optional(), sink: z.enum(['loki', 'cloudwatch']).optional(), retentionDays: z.number().int().optional() })
    .optional(),
  traces: z
    .strictObject({ enabled: z.boolean().optional(), samplingPercent: z.number().optional(), retentionDays: z.number().int().optional() })
    .optional(),
  alerting: z
    .strictObject({
      receivers: z
        .array(
          z.strictObject({
            name: z.string(),
            type: z.enum(['pagerduty', 'slack', 'webhook', 'opsgenie']),
            secret: z.strictObject({ name: z.string(), key: z.string() }),
            channel: z.string().optional(),
            sendResolved: z.boolean().optional(),
          }),
        )
        .optional(),
      routes: z
        .array(
          z.strictObject({
            receiver: z.string(),
            severity: alertSeverity.optional(),
            team: z.string().optional(),
            continue: z.boolean().optional(),
          }),
        )
        .optional(),
      defaultReceiver: z.string().optional(),
      edgeAvailabilityPercent: z.number().optional(),
      heartbeatReceiver: z.string().optional(),
    })
    .optional(),
});

/** The schema of a user-written spec. */
export const environmentSpecSchema = z.strictObject({
  name: z.string(),
  tier: z.enum(['development', 'staging', 'production']),
  accountId: z.string(),
  region: z.string(),
  availabilityZones: z.number().int().optional(),
  vpcCidr: z.string().optional(),
  existingVpc: existingVpc.optional(),
  serviceCidr: z.string().optional(),
  kubernetesVersion: z.string().optional(),
  endpoint: z
    .strictObject({
      public: z.boolean().optional(),
      publicAccessCidrs: z.array(z.string()).optional(),
      privateAccess: z
        .strictObject({ cidrs: z.array(z.string()).optional(), securityGroupIds: z.array(z.string()).optional() })
        .optional(),
    })
    .optional(),
  admins: z.array(z.string()).optional(),
  nodePools: z.array(nodePool),
  domain: z.string().optional(),
  tags: stringMap.optional(),
  addons: addons.optional(),
  observability: observability.optional(),
  tenants: z
    .array(
      z.strictObject({
        name: z.string(),
        editors: z.array(z.string()).optional(),
        access: z
          .strictObject({ admins: z.array(z.string()).optional(), developers: z.array(z.string()).optional(), viewers: z.array(z.string()).optional() })
          .optional(),
        quota: z
          .strictObject({ cpu: z.string().optional(), memory: z.string().optional(), pods: z.number().int().optional() })
          .optional(),
      }),
    )
    .optional(),
  security: z
    .strictObject({
      allowedRegistries: z.array(z.string()).optional(),
      requiredLabels: z.array(z.string()).optional(),
      runtimeDetection: z.boolean().optional(),
      imageScanning: z.boolean().optional(),
      externalSecrets: z.boolean().optional(),
    })
    .optional(),
  backup: z
    .strictObject({
      enabled: z.boolean().optional(),
      drRegion: z.string().optional(),
      dailyRetentionDays: z.number().int().optional(),
      hourlyRetentionHours: z.number().int().optional(),
    })
    .optional(),
  exceptions: z
    .array(
      z.strictObject({
        guardRail: z.enum(GUARD_RAIL_IDS),
        target: z.string().optional(),
        reason: z.string(),
        approvedBy: z.string(),
        expires: z.string().optional(),
      }),
    )
    .optional(),
});

// The schema and the hand-written type must describe the same data.
type SchemaSpec = z.infer<typeof environmentSpecSchema>;
const schemaMatchesType: [SchemaSpec] extends [EnvironmentSpec] ? ([EnvironmentSpec] extends [SchemaSpec] ? true : false) : false = true;
void schemaMatchesType;

/** Known keys per object path (for "unknown key" fixes). */
export function knownKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).sort() : [];
}
