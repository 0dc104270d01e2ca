/**
 * Velero: backups of the cluster's objects to the environment's S3 bucket (`bucketName(spec,
 * 'velero')`: versioned, KMS-encrypted, public access blocked, TLS-only, lifecycle expiry, and
 * replicated to `spec.backup.drRegion` where one is set — production requires it), with
 * persistent volumes snapshotted through the EBS CSI driver. Selected by `spec.backup.enabled`.
 *
 * Volumes: CSI snapshots (`EnableCSI`, built into Velero since 1.14) through the EKS
 * `snapshot-controller` add-on and the `ebs.csi.aws.com` driver, which calls EC2 with its own
 * IRSA role (lib/cloud/managed-addons.ts): Velero itself needs no EC2 permission and no
 * VolumeSnapshotLocation (that is the AWS plugin's own EC2 snapshotter). No node agent: it is a
 * root DaemonSet with hostPath mounts on every node, needed only for file-system backups or CSI
 * snapshot data movement — and EBS snapshots stay in the primary region (see docs/runbooks/restore.md).
 */
import type { Construct } from 'constructs';
import type { IamPolicyDocument } from '../spec/iam';
import { bucketName, workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS, VELERO_PLUGIN_FOR_AWS_VERSION } from '../spec/versions';
import { emitModel } from '../k8s/model-object';
import type { AcceptedFinding, Addon, AddonContext, MetricsEndpoint } from './addon';
import { bucketAccessPolicy } from './bucket-access';
import { scrapeNeed, type NetworkNeed } from './network';
import {
  containerResources,
  platformPriority,
  restrictedContainerSecurityContext,
  singletonFindings,
  systemPlacement,
  type ContainerResources,
  type Toleration,
} from './placement';
import { VeleroSchedule, VolumeSnapshotClass, type VeleroScheduleSpec } from './velero-resources';

const ID = 'velero';
/** Namespace of the Velero server, its Schedules, Backups and storage location. */
export const VELERO_NAMESPACE = 'velero';
/** Service account of the Velero server (the IRSA subject). */
export const VELERO_SERVICE_ACCOUNT = 'velero-server';
/** Bucket purpose: `<env>-velero-<account>-<region>`. */
export const VELERO_BUCKET_PURPOSE = 'velero';
/** The one BackupStorageLocation (the chart's `default`). */
export const VELERO_STORAGE_LOCATION = 'default';
/** Key prefix inside the bucket; Velero's own layout lies below it (`backups/backups/<backup>/…`). */
export const VELERO_BUCKET_PREFIX = 'backups';
/** Label that puts a resource into the hourly backup (production). */
export const STATEFUL_LABEL = 'groundwork.dev/stateful';
/** Label Velero uses to pick the VolumeSnapshotClass of a CSI driver. */
export const VELERO_SNAPSHOT_CLASS_LABEL = 'velero.io/csi-volumesnapshot-class';
/** CSI driver of the cluster's EBS volumes. */
export const EBS_CSI_DRIVER = 'ebs.csi.aws.com';
/** Name of the VolumeSnapshotClass for EBS. */
export const EBS_SNAPSHOT_CLASS = 'ebs-csi';
/** Cron of the daily cluster-wide backup (UTC, outside business hours in Europe). */
export const DAILY_SCHEDULE = '0 2 * * *';
/** Cron of the hourly backup of stateful resources. */
export const HOURLY_SCHEDULE = '15 * * * *';
/** Velero's metrics port name on its Service. */
const METRICS_PORT = 'http-monitoring';
/** Its container port (the chart's fixed 8085). */
const METRICS_PORT_NUMBER = 8085;
/** Numeric UID/GID of the server and the plugin copier: `runAsNonRoot` can only be verified against a numeric user. */
const RUN_AS = 65532;

/** Labels of the Velero server's pods and Service, as the chart renders them. */
const SERVER_LABELS = { 'app.kubernetes.io/name': 'velero', 'app.kubernetes.io/instance': ID } as const;

/** One BackupStorageLocation as the chart takes it. */
export interface VeleroStorageLocationValues {
  /** Name of the BackupStorageLocation object (`default`). */
  name: string;
  /** Object-store plugin serving the location: the AWS plugin (S3). */
  provider: 'aws';
  /** S3 bucket the backups are written to: the environment's velero bucket. */
  bucket: string;
  /** Key prefix inside the bucket under which Velero keeps its layout. */
  prefix: string;
  /** Whether Backups naming no location use this one. */
  default: boolean;
  /** ReadWrite to take backups; ReadOnly only lets restores read it (e.g. a DR copy). */
  accessMode: 'ReadWrite' | 'ReadOnly';
  /** AWS plugin settings: the bucket's region and optionally the S3 checksum algorithm. */
  config: { region: string; checksumAlgorithm?: string };
}

/** An init container copying a plugin binary into the shared `plugins` volume. */
export interface VeleroPluginContainer {
  /** Container name (the plugin it installs). */
  name: string;
  /** Plugin image, pinned to VELERO_PLUGIN_FOR_AWS_VERSION. */
  image: string;
  /** Pull only when the node lacks the pinned image. */
  imagePullPolicy: 'IfNotPresent';
  /** The `plugins` volume mounted at `/target`, where the image copies its binary for the server. */
  volumeMounts: Array<{ mountPath: string; name: string }>;
  /** Restricted container security context, running as the server's numeric uid/gid. */
  securityContext: Record<string, unknown>;
  /** Requests and memory limit of the copy step. */
  resources: ContainerResources;
}

/** The velero chart (12.1) values we set. */
export interface VeleroValues {
  /** Init containers of the server pod: the AWS plugin copier. */
  initContainers: VeleroPluginContainer[];
  /** Requests and memory limit of the Velero server (backups hold objects in memory while tarred). */
  resources: ContainerResources;
  /** Pod security context of the server: non-root numeric uid/gid, fsGroup so the IRSA token and plugins are readable. */
  podSecurityContext: Record<string, unknown>;
  /** Restricted security context of the server container. */
  containerSecurityContext: Record<string, unknown>;
  /** Node labels the server pod must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the server pod: platformPriority(). */
  priorityClassName?: string;
  /** No PodDisruptionBudget: a single replica would block every node drain. */
  podDisruptionBudget: { enabled: false };
  /** Whether a pre-upgrade hook Job re-applies the CRDs with kubectl (off: CRDs come from the chart's crds/ on install). */
  upgradeCRDs: boolean;
  /** Whether a pre-delete hook deletes the CRDs, and every backup object with them (off). */
  cleanUpCRDs: boolean;
  /** No static AWS key Secret: the AWS SDK uses the IRSA web identity token. */
  credentials: { useSecret: false };
  /** The server's service account, annotated with its IRSA role ARN. */
  serviceAccount: { server: { create: true; name: string; annotations: Record<string, string> } };
  /** Binds cluster-admin to the server's service account: backup reads and restore recreates every kind. */
  rbac: { create: true; clusterAdministrator: true };
  /** Renders the BackupStorageLocation from `configuration.backupStorageLocation`. */
  backupsEnabled: true;
  /** Whether VolumeSnapshotLocations are rendered (off: CSI snapshots need none). */
  snapshotsEnabled: boolean;
  /** Whether the node-agent DaemonSet (file-system backups, snapshot data movement) runs (off). */
  deployNodeAgent: boolean;
  /** Server configuration: storage location, CSI feature flag, default TTL, log format, uploader. */
  configuration: {
    backupStorageLocation: VeleroStorageLocationValues[];
    volumeSnapshotLocation: never[];
    features: string;
    defaultBackupStorageLocation: string;
    defaultBackupTTL: string;
    logFormat: 'json';
    uploaderType: 'kopia';
  };
  /** Metrics endpoint on; the chart's ServiceMonitor, PodMonitor and PrometheusRule off (the platform scrapes and alerts itself). */
  metrics: {
    enabled: true;
    serviceMonitor: { enabled: false };
    nodeAgentPodMonitor: { enabled: false };
    prometheusRule: { enabled: false };
  };
  /** No chart-rendered Schedules: they are emitted by `configure` (veleroSchedules). */
  schedules: Record<string, never>;
}

/** Bucket name Velero stores backups in. */
export function veleroBucket(spec: ResolvedSpec): string {
  return bucketName(spec, VELERO_BUCKET_PURPOSE);
}

/** A Go duration of whole hours, as Velero prints TTLs (`720h0m0s`). */
export function hoursDuration(hours: number): string {
  return `${hours}h0m0s`;
}

/**
 * S3 on its own bucket only (objects: read, write, delete — Velero deletes expired backups; the
 * multipart actions for large backup tarballs), KMS only through S3 for that bucket. No EC2:
 * volume snapshots go through the EBS CSI driver, which has its own role.
 */
export function veleroIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  return bucketAccessPolicy(spec, VELERO_BUCKET_PURPOSE, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']);
}

/** Whether the environment takes hourly backups of its stateful resources (the production tier: BackupSpec). */
export function wantsHourlyBackups(spec: ResolvedSpec): boolean {
  return spec.tier === 'production';
}

/**
 * Days the bucket keeps objects: one more than the daily TTL, so S3 never expires a backup
 * Velero still lists (Velero's garbage collection deletes it on time; the lifecycle is the backstop).
 */
export function veleroBucketRetentionDays(spec: ResolvedSpec): number {
  return spec.backup.dailyRetentionDays + 1;
}

/** The Schedules of this environment, by name. */
export function veleroSchedules(spec: ResolvedSpec): Record<string, VeleroScheduleSpec> {
  const template = { includeClusterResources: true, snapshotVolumes: true, defaultVolumesToFsBackup: false, storageLocation: VELERO_STORAGE_LOCATION };
  const schedules: Record<string, VeleroScheduleSpec> = {
    daily: {
      schedule: DAILY_SCHEDULE,
      useOwnerReferencesInBackup: false,
      template: { ...template, ttl: hoursDuration(spec.backup.dailyRetentionDays * 24), includedNamespaces: ['*'] },
    },
  };
  if (wantsHourlyBackups(spec)) {
    // Velero selects resources by label, namespaces only by name (a namespace selector is not in
    // 1.18): the label goes on the resources to keep (StatefulSet, its PVC template, Secrets…);
    // Velero adds the PVCs and PVs of labelled pods itself.
    schedules.hourly = {
      schedule: HOURLY_SCHEDULE,
      useOwnerReferencesInBackup: false,
      template: { ...template, ttl: hoursDuration(spec.backup.hourlyRetentionHours), includedNamespaces: ['*'], labelSelector: { matchLabels: { [STATEFUL_LABEL]: 'true' } } },
    };
  }
  return schedules;
}

/** Schedules and the EBS VolumeSnapshotClass (its CRD comes from the EKS snapshot-controller add-on, phase 1). */
export function configureVelero(scope: Construct, { spec }: AddonContext): void {
  for (const [name, schedule] of Object.entries(veleroSchedules(spec))) {
    emitModel(scope, `velero-schedule-${name}`, new VeleroSchedule({ metadata: { name, namespace: VELERO_NAMESPACE }, spec: schedule }));
  }
  emitModel(
    scope,
    'velero-ebs-snapshot-class',
    new VolumeSnapshotClass({
      metadata: { name: EBS_SNAPSHOT_CLASS, labels: { [VELERO_SNAPSHOT_CLASS_LABEL]: 'true' } },
      driver: EBS_CSI_DRIVER,
      // Velero keeps the snapshot for the backup's lifetime and deletes its VolumeSnapshotContent
      // when the backup expires: Delete then removes the EBS snapshot too, instead of leaking it.
      deletionPolicy: 'Delete',
    }),
  );
}

/** The Velero server's metrics Service (the chart's, port `http-monitoring`). */
export function veleroMonitors(): MetricsEndpoint[] {
  return [{ name: 'velero', kind: 'service', selector: { ...SERVER_LABELS }, port: METRICS_PORT, path: '/metrics' }];
}

/**
 * Prometheus scraping the server, when the metrics stack runs. AWS egress (S3, STS) comes with the
 * IRSA role from the network mechanism itself.
 */
export function veleroNetwork({ enabled }: AddonContext): NetworkNeed[] {
  return enabled.has('kube-prometheus-stack') ? [scrapeNeed({ namespace: VELERO_NAMESPACE, podLabels: { ...SERVER_LABELS } }, [METRICS_PORT_NUMBER], 'the Velero server')] : [];
}

/**
 * Findings accepted on purpose, only those the tier raises (a stale exception would hide the next
 * regression): replicas and budget where the tier wants two or more, zone spread where it is required.
 */
export function veleroAcceptedFindings(spec: ResolvedSpec): AcceptedFinding[] {
  const reason =
    'Velero runs one server by design (no leader election; its chart renders replicas: 1 with a Recreate strategy): a second server would run every schedule twice. A restart only delays the next backup; VeleroBackupMissing fires when one is missed.';
  const object = `Deployment/${VELERO_NAMESPACE}/velero`;
  return singletonFindings(spec, object, reason);
}

export const velero: Addon<VeleroValues> = {
  id: ID,
  description: 'Velero backups to a versioned, KMS-encrypted S3 bucket replicated to the DR region (IRSA scoped to it), EBS volumes by CSI snapshot; daily cluster-wide and, in production, hourly for resources labelled groundwork.dev/stateful=true',
  chart: CHART_VERSIONS[ID],
  namespace: VELERO_NAMESPACE,
  dependsOn: () => [],
  isSelected: (spec) => spec.backup.enabled,
  workloadIdentity: { serviceAccount: VELERO_SERVICE_ACCOUNT, policy: veleroIamPolicy },
  cloud: (spec) => ({
    buckets: [{ purpose: VELERO_BUCKET_PURPOSE, retentionDays: veleroBucketRetentionDays(spec), versioned: true, replicateToRegion: spec.backup.drRegion }],
  }),
  monitors: () => veleroMonitors(),
  network: veleroNetwork,
  configure: configureVelero,
  acceptedFindings: ({ spec }) => veleroAcceptedFindings(spec),
  values: ({ spec }) => {
    const restricted = restrictedContainerSecurityContext();
    return {
      initContainers: [
        {
          name: 'velero-plugin-for-aws',
          image: `docker.io/velero/velero-plugin-for-aws:${VELERO_PLUGIN_FOR_AWS_VERSION.version}`,
          imagePullPolicy: 'IfNotPresent',
          volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
          securityContext: { ...restricted, runAsUser: RUN_AS, runAsGroup: RUN_AS },
          resources: containerResources({ cpu: '10m', memory: '32Mi' }, '64Mi'),
        },
      ],
      // Backups of a large cluster hold every object in memory while they are tarred.
      resources: containerResources({ cpu: '100m', memory: '256Mi' }, '1Gi'),
      // fsGroup: the IRSA web identity token and the plugin binaries must be readable by RUN_AS.
      podSecurityContext: { runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS, seccompProfile: { type: 'RuntimeDefault' } },
      containerSecurityContext: restricted,
      ...systemPlacement(),
      ...platformPriority(),
      podDisruptionBudget: { enabled: false },
      // Helm installs the chart's crds/ on first install; the upgrade hook Job would run kubectl from
      // an image tagged by the cluster version. A chart bump re-applies the CRDs (runbooks/restore.md).
      upgradeCRDs: false,
      cleanUpCRDs: false,
      // No static keys: the AWS SDK takes the IRSA web identity token.
      credentials: { useSecret: false },
      serviceAccount: { server: { create: true, name: VELERO_SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } } },
      // Velero reads every object (Secrets included) and recreates any kind on restore: it needs
      // cluster-admin; the chart binds exactly its own service account.
      rbac: { create: true, clusterAdministrator: true },
      backupsEnabled: true,
      // No VolumeSnapshotLocation: CSI snapshots need none, and the AWS plugin's EC2 snapshotter would need EC2 rights.
      snapshotsEnabled: false,
      deployNodeAgent: false,
      configuration: {
        backupStorageLocation: [
          {
            name: VELERO_STORAGE_LOCATION,
            provider: 'aws',
            bucket: veleroBucket(spec),
            prefix: VELERO_BUCKET_PREFIX,
            default: true,
            accessMode: 'ReadWrite',
            config: { region: spec.region },
          },
        ],
        volumeSnapshotLocation: [],
        features: 'EnableCSI',
        defaultBackupStorageLocation: VELERO_STORAGE_LOCATION,
        defaultBackupTTL: hoursDuration(spec.backup.dailyRetentionDays * 24),
        logFormat: 'json',
        uploaderType: 'kopia',
      },
      // Scraped through `monitors`; the alert rules are the platform's own (alerts/backup.ts).
      metrics: { enabled: true, serviceMonitor: { enabled: false }, nodeAgentPodMonitor: { enabled: false }, prometheusRule: { enabled: false } },
      // Schedules are typed objects of `configure`, not chart values.
      schedules: {},
    };
  },
};
