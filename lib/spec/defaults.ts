/**
 * Tier defaults, applied in exactly one place. Tiers change size and cost; security settings
 * are not here because they never vary.
 */
import { defaultAmiType } from './ami';
import { SYSTEM_TAINT } from './labels';
import { compareText } from './order';
import type { EnvironmentSpec, ExistingVpcSpec, ResolvedExistingVpc, ResolvedNodePool, ResolvedObservability, ResolvedSpec, Tier, TierProfile } from './types';
import { DEFAULT_KUBERNETES_VERSION } from './versions';

const PROFILES: Record<Tier, TierProfile> = {
  development: {
    replicas: 1,
    podDisruptionBudget: false,
    zoneSpread: false,
    natGatewayPerAz: false,
    logRetentionDays: 30,
    protectResources: false,
    tenantQuota: { cpu: '4', memory: '8Gi', pods: 50 },
    telemetry: { metricsRetentionDays: 3, metricsStorageGiB: 20, logsRetentionDays: 7, tracesRetentionDays: 3, traceSamplingPercent: 100 },
    backupRetentionDays: 7,
  },
  staging: {
    replicas: 2,
    podDisruptionBudget: true,
    zoneSpread: false,
    natGatewayPerAz: false,
    logRetentionDays: 90,
    protectResources: false,
    tenantQuota: { cpu: '8', memory: '16Gi', pods: 100 },
    telemetry: { metricsRetentionDays: 15, metricsStorageGiB: 50, logsRetentionDays: 14, tracesRetentionDays: 7, traceSamplingPercent: 10 },
    backupRetentionDays: 14,
  },
  production: {
    replicas: 3,
    podDisruptionBudget: true,
    zoneSpread: true,
    natGatewayPerAz: true,
    logRetentionDays: 365,
    protectResources: true,
    tenantQuota: { cpu: '16', memory: '32Gi', pods: 200 },
    // Sampling 1 %: at production request rates that is still thousands of traces a minute.
    telemetry: { metricsRetentionDays: 30, metricsStorageGiB: 200, logsRetentionDays: 30, tracesRetentionDays: 14, traceSamplingPercent: 1 },
    backupRetentionDays: 30,
  },
};

/** Sizing profile of a tier. */
export function tierProfile(tier: Tier): TierProfile {
  const profile = PROFILES[tier];
  return { ...profile, tenantQuota: { ...profile.tenantQuota }, telemetry: { ...profile.telemetry } };
}

/** Default root volume size of node pools, GiB. */
export const DEFAULT_DISK_SIZE_GIB = 50;
/** Default VPC CIDR. */
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
/** Default Kubernetes Service CIDR (EKS's own default for 10.x VPCs). */
export const DEFAULT_SERVICE_CIDR = '172.20.0.0/16';
/** Default number of availability zones (production requires exactly this many or more). */
export const DEFAULT_AVAILABILITY_ZONES = 3;

function resolveNodePool(pool: EnvironmentSpec['nodePools'][number]): ResolvedNodePool {
  const taints = [...(pool.taints ?? [])].map((t) => ({ key: t.key, value: t.value ?? '', effect: t.effect }));
  // The system pool is for platform add-ons only: the taint is what keeps workloads off it.
  if (pool.role === 'system' && !taints.some((t) => t.key === SYSTEM_TAINT.key)) {
    taints.unshift({ ...SYSTEM_TAINT });
  }
  return {
    name: pool.name,
    role: pool.role,
    capacity: pool.capacity,
    instanceTypes: [...pool.instanceTypes],
    minSize: pool.minSize,
    desiredSize: pool.desiredSize,
    maxSize: pool.maxSize,
    labels: { ...(pool.labels ?? {}) },
    taints,
    diskSizeGiB: pool.diskSizeGiB ?? DEFAULT_DISK_SIZE_GIB,
    amiType: pool.amiType ?? defaultAmiType(pool.instanceTypes),
  };
}

/** Subnets in zone order (the spec's maps are keyed by zone), so plans never depend on key order. */
function resolveExistingVpc(vpc: ExistingVpcSpec): ResolvedExistingVpc {
  const zones = (map: Record<string, unknown>): string[] => Object.keys(map).sort(compareText);
  return {
    vpcId: vpc.vpcId,
    cidr: vpc.cidr,
    privateSubnets: zones(vpc.privateSubnetIds).map((availabilityZone) => ({ availabilityZone, id: vpc.privateSubnetIds[availabilityZone] })),
    publicSubnets: zones(vpc.publicSubnets).map((availabilityZone) => ({ availabilityZone, ...vpc.publicSubnets[availabilityZone] })),
    tagSubnets: vpc.tagSubnets ?? true,
  };
}

/** Labels every tenant workload carries: who owns it and who pays for it. */
export const DEFAULT_REQUIRED_LABELS = ['app.kubernetes.io/name', 'groundwork.dev/team', 'groundwork.dev/cost-center'] as const;

/** Hours hourly backups of stateful namespaces are kept by default (production). */
export const DEFAULT_HOURLY_BACKUP_RETENTION_HOURS = 48;

/** Default edge availability objective, percent of non-5xx requests. */
export const DEFAULT_EDGE_AVAILABILITY_PERCENT = 99.9;

function resolveObservability(spec: EnvironmentSpec, profile: TierProfile): ResolvedObservability {
  const o = spec.observability ?? {};
  const t = profile.telemetry;
  const receivers = (o.alerting?.receivers ?? []).map((r) => ({
    name: r.name,
    type: r.type,
    secret: { name: r.secret.name, key: r.secret.key },
    channel: r.channel,
    sendResolved: r.sendResolved ?? true,
  }));
  return {
    logRetentionDays: o.logRetentionDays ?? profile.logRetentionDays,
    metrics: {
      enabled: o.metrics?.enabled ?? true,
      retentionDays: o.metrics?.retentionDays ?? t.metricsRetentionDays,
      storageGiB: o.metrics?.storageGiB ?? t.metricsStorageGiB,
    },
    logs: {
      enabled: o.logs?.enabled ?? true,
      sink: o.logs?.sink ?? 'loki',
      retentionDays: o.logs?.retentionDays ?? t.logsRetentionDays,
    },
    traces: {
      enabled: o.traces?.enabled ?? true,
      samplingPercent: o.traces?.samplingPercent ?? t.traceSamplingPercent,
      retentionDays: o.traces?.retentionDays ?? t.tracesRetentionDays,
    },
    alerting: {
      receivers,
      routes: (o.alerting?.routes ?? []).map((r) => ({ ...r, continue: r.continue ?? false })),
      defaultReceiver: o.alerting?.defaultReceiver ?? receivers[0]?.name,
      edgeAvailabilityPercent: o.alerting?.edgeAvailabilityPercent ?? DEFAULT_EDGE_AVAILABILITY_PERCENT,
      heartbeatReceiver: o.alerting?.heartbeatReceiver,
    },
  };
}

/**
 * Apply tier defaults to a spec that has passed validation. Does not validate: call
 * `resolveSpec` (validate.ts) with untrusted input.
 */
export function applyDefaults(spec: EnvironmentSpec): ResolvedSpec {
  const profile = tierProfile(spec.tier);
  const addons = spec.addons ?? {};
  const tlsEnabled = addons.tls?.enabled ?? spec.domain !== undefined;
  const existingVpc = spec.existingVpc && resolveExistingVpc(spec.existingVpc);
  return {
    name: spec.name,
    tier: spec.tier,
    accountId: spec.accountId,
    region: spec.region,
    availabilityZones: existingVpc ? existingVpc.privateSubnets.length : (spec.availabilityZones ?? DEFAULT_AVAILABILITY_ZONES),
    vpcCidr: existingVpc ? existingVpc.cidr : (spec.vpcCidr ?? DEFAULT_VPC_CIDR),
    existingVpc,
    serviceCidr: spec.serviceCidr ?? DEFAULT_SERVICE_CIDR,
    kubernetesVersion: spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    endpoint: {
      public: spec.endpoint?.public ?? false,
      publicAccessCidrs: [...(spec.endpoint?.publicAccessCidrs ?? [])],
      privateAccess: {
        cidrs: [...(spec.endpoint?.privateAccess?.cidrs ?? [])],
        securityGroupIds: [...(spec.endpoint?.privateAccess?.securityGroupIds ?? [])],
      },
    },
    admins: [...(spec.admins ?? [])],
    nodePools: spec.nodePools.map(resolveNodePool),
    domain: spec.domain,
    tags: { ...(spec.tags ?? {}) },
    addons: {
      delivery: addons.delivery ?? 'pulumi',
      cni: addons.cni ?? 'vpc-cni',
      ingress: addons.ingress ?? 'gateway-api',
      autoscaler: addons.autoscaler ?? 'karpenter',
      mesh: addons.mesh ?? true,
      tls: {
        enabled: tlsEnabled,
        acmeEmail: addons.tls?.acmeEmail ?? (spec.domain ? `platform@${spec.domain}` : undefined),
        challenge: addons.tls?.challenge ?? 'dns01',
      },
      hostedZoneId: addons.hostedZoneId,
      gitops: addons.gitops && {
        repoURL: addons.gitops.repoURL,
        targetRevision: addons.gitops.targetRevision ?? 'main',
        path: addons.gitops.path ?? `dist/${spec.name}/manifests`,
      },
      disabled: [...(addons.disabled ?? [])],
      overrides: cloneData(addons.overrides ?? {}),
    },
    observability: resolveObservability(spec, profile),
    tenants: (spec.tenants ?? []).map((t) => ({
      name: t.name,
      editors: [...(t.editors ?? [])],
      access: { admins: [...(t.access?.admins ?? [])], developers: [...(t.access?.developers ?? [])], viewers: [...(t.access?.viewers ?? [])] },
      quota: {
        cpu: t.quota?.cpu ?? profile.tenantQuota.cpu,
        memory: t.quota?.memory ?? profile.tenantQuota.memory,
        pods: t.quota?.pods ?? profile.tenantQuota.pods,
      },
    })),
    exceptions: (spec.exceptions ?? []).map((e) => ({ ...e })),
    security: {
      allowedRegistries: [...(spec.security?.allowedRegistries ?? [`${spec.accountId}.dkr.ecr.${spec.region}.amazonaws.com/`])],
      requiredLabels: [...(spec.security?.requiredLabels ?? DEFAULT_REQUIRED_LABELS)],
      runtimeDetection: spec.security?.runtimeDetection ?? spec.tier === 'production',
      imageScanning: spec.security?.imageScanning ?? spec.tier === 'production',
      externalSecrets: spec.security?.externalSecrets ?? true,
    },
    backup: {
      enabled: spec.backup?.enabled ?? true,
      drRegion: spec.backup?.drRegion,
      dailyRetentionDays: spec.backup?.dailyRetentionDays ?? profile.backupRetentionDays,
      hourlyRetentionHours: spec.backup?.hourlyRetentionHours ?? DEFAULT_HOURLY_BACKUP_RETENTION_HOURS,
    },
    profile,
  };
}

/**
 * Deep copy of JSON-compatible data. Not `structuredClone`: under jest (a vm realm) it returns
 * arrays of the outer realm, which Pulumi's serializer no longer recognises as arrays.
 */
export function cloneData<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
