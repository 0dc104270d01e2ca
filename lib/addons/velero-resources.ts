/**
 * Typed models of the custom resources the Velero add-on configures: Velero `Schedule`s
 * (velero.io/v1, CRD from the velero chart) and the CSI `VolumeSnapshotClass`
 * (snapshot.storage.k8s.io/v1, CRD from the EKS `snapshot-controller` add-on). No maintained
 * @kubernetes-models package covers either, so each class checks the fields the CRDs require
 * (and the formats the controllers parse) before it is emitted; the tests also validate the
 * emitted objects against the chart's own Schedule CRD.
 */
import type { KubernetesModel } from '../k8s/model-object';
import { cloneData } from '../spec/defaults';

/** Object metadata of the models below. */
export interface ModelMetadata {
  /** Object name (a DNS subdomain). */
  name: string;
  /** Namespace (Schedules only; VolumeSnapshotClass is cluster-scoped). @default none */
  namespace?: string;
  /** Labels. @default none */
  labels?: Record<string, string>;
  /** Annotations. @default none */
  annotations?: Record<string, string>;
}

/** A Kubernetes label selector. */
export interface LabelSelector {
  /** Labels every selected object carries. */
  matchLabels: Record<string, string>;
}

/** The backup a Schedule creates each time (velero.io/v1 BackupSpec, the fields we set). */
export interface VeleroBackupTemplate {
  /** How long each backup is kept before Velero garbage-collects it, a Go duration (`720h0m0s`). */
  ttl: string;
  /** Namespaces to back up (`*` for all). */
  includedNamespaces: string[];
  /** Namespaces never backed up. @default none */
  excludedNamespaces?: string[];
  /** Back up cluster-scoped resources (CRDs, PVs, ClusterRoles…) too. */
  includeClusterResources: boolean;
  /** Only resources carrying these labels. @default every resource */
  labelSelector?: LabelSelector;
  /** Take snapshots of persistent volumes (CSI snapshots with `EnableCSI`). */
  snapshotVolumes: boolean;
  /** Copy pod volumes with the node agent instead of snapshotting them. */
  defaultVolumesToFsBackup: boolean;
  /** BackupStorageLocation name. */
  storageLocation: string;
}

/** velero.io/v1 Schedule spec. */
export interface VeleroScheduleSpec {
  /** Cron expression (five fields, UTC). */
  schedule: string;
  /** Backups outlive their schedule: no owner references, so deleting a Schedule keeps its backups. */
  useOwnerReferencesInBackup: boolean;
  /** The backup each run creates. */
  template: VeleroBackupTemplate;
}

const GO_DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;
const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function checkName(kind: string, metadata: ModelMetadata): void {
  if (!DNS_SUBDOMAIN.test(metadata.name)) throw new Error(`${kind} ${metadata.name}: metadata.name must be a DNS subdomain`);
}

/** A Velero Schedule: the backup it runs, when, and how long each backup is kept. */
export class VeleroSchedule implements KubernetesModel {
  readonly apiVersion = 'velero.io/v1';
  readonly kind = 'Schedule';

  constructor(
    readonly props: { metadata: ModelMetadata & { namespace: string }; spec: VeleroScheduleSpec },
  ) {}

  get metadata(): ModelMetadata {
    return this.props.metadata;
  }

  validate(): void {
    const { metadata, spec } = this.props;
    checkName(this.kind, metadata);
    const fields = spec.schedule.trim().split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) throw new Error(`Schedule ${metadata.name}: spec.schedule "${spec.schedule}" is not a five-field cron expression`);
    if (!GO_DURATION.test(spec.template.ttl) || spec.template.ttl === '') throw new Error(`Schedule ${metadata.name}: spec.template.ttl "${spec.template.ttl}" is not a duration like 720h0m0s`);
    if (spec.template.includedNamespaces.length === 0) throw new Error(`Schedule ${metadata.name}: spec.template.includedNamespaces is empty (use ["*"] for all)`);
    if (spec.template.storageLocation === '') throw new Error(`Schedule ${metadata.name}: spec.template.storageLocation is empty`);
  }

  toJSON(): Record<string, unknown> {
    return { apiVersion: this.apiVersion, kind: this.kind, metadata: { ...this.props.metadata }, spec: cloneData(this.props.spec) };
  }
}

/** snapshot.storage.k8s.io/v1 VolumeSnapshotClass: how a CSI driver takes snapshots. */
export class VolumeSnapshotClass implements KubernetesModel {
  readonly apiVersion = 'snapshot.storage.k8s.io/v1';
  readonly kind = 'VolumeSnapshotClass';

  constructor(
    readonly props: {
      metadata: ModelMetadata;
      /** CSI driver name, e.g. `ebs.csi.aws.com`. */
      driver: string;
      /** What happens to the storage snapshot when its VolumeSnapshotContent is deleted. */
      deletionPolicy: 'Delete' | 'Retain';
      /** Driver-specific parameters. @default none */
      parameters?: Record<string, string>;
    },
  ) {}

  get metadata(): ModelMetadata {
    return this.props.metadata;
  }

  validate(): void {
    const { metadata, driver } = this.props;
    checkName(this.kind, metadata);
    if (metadata.namespace !== undefined) throw new Error(`VolumeSnapshotClass ${metadata.name}: cluster-scoped, must not have a namespace`);
    if (!/^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/.test(driver)) throw new Error(`VolumeSnapshotClass ${metadata.name}: driver "${driver}" is not a CSI driver name`);
  }

  toJSON(): Record<string, unknown> {
    const { metadata, driver, deletionPolicy, parameters } = this.props;
    return { apiVersion: this.apiVersion, kind: this.kind, metadata: { ...metadata }, driver, deletionPolicy, ...(parameters ? { parameters: { ...parameters } } : {}) };
  }
}
