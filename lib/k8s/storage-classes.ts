/**
 * The cluster's default StorageClass: encrypted gp3 through the EBS CSI driver. EKS no longer
 * marks gp2 as default (1.30+), so without this a PVC with no class stays Pending.
 */
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { Construct } from 'constructs';
import type { ResolvedSpec } from '../spec/types';
import { emitModel } from './model-object';
import { groundworkLabels } from './object-labels';

/** Annotation that makes a StorageClass the default. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** Name of the default StorageClass. */
export const DEFAULT_STORAGE_CLASS = 'gp3';

/** Props of {@link StorageClasses}. */
export interface StorageClassesProps {
  /** The environment; `profile.protectResources` decides the reclaim policy. */
  readonly spec: ResolvedSpec;
}

/** Default encrypted gp3 StorageClass. */
export class StorageClasses extends Construct {
  constructor(scope: Construct, id: string, props: StorageClassesProps) {
    super(scope, id);
    emitModel(
      this,
      DEFAULT_STORAGE_CLASS,
      new StorageClass({
        metadata: {
          name: DEFAULT_STORAGE_CLASS,
          labels: groundworkLabels(props.spec.name),
          annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' },
        },
        provisioner: 'ebs.csi.aws.com',
        parameters: { type: 'gp3', encrypted: 'true' },
        // Bind where the pod lands: an EBS volume is zonal, binding first can strand the pod.
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
        // Protected tiers keep the volume when a PVC is deleted by mistake.
        reclaimPolicy: props.spec.profile.protectResources ? 'Retain' : 'Delete',
      }),
    );
  }
}
