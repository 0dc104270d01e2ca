/**
 * Priority classes: platform add-ons preempt workloads under pressure, never the reverse, and
 * both stay below the built-in system-cluster-critical (2000000000) that EKS's own add-ons use.
 * Tenants' pods that name no class get `workload-default` (the one global default); batch work
 * opts into `batch-low`, which is preempted first and never preempts anything itself.
 */
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { Construct } from 'constructs';
import { emitModel } from './model-object';
import { groundworkLabels } from './object-labels';

/** Priority of platform controllers and node agents (ingress, mesh, cert-manager, autoscaler…). */
export const PLATFORM_CRITICAL = { name: 'platform-critical', value: 1_000_000 } as const;
/** Priority of tenant workloads: the cluster's global default, so a pod that names no class gets it. */
export const WORKLOAD_DEFAULT = { name: 'workload-default', value: 1_000 } as const;
/** Priority of batch work (jobs, reports, backfills) that opts in: below tenants, never preempting. */
export const BATCH_LOW = { name: 'batch-low', value: 100 } as const;

/**
 * Built-in classes the API server creates (scheduling/v1): higher than every class of ours. Only
 * node agents the node cannot run pods without (the CNI) belong there.
 */
export const BUILT_IN_PRIORITY_CLASSES = { systemNodeCritical: 'system-node-critical', systemClusterCritical: 'system-cluster-critical' } as const;

/** Props of {@link PriorityClasses}. */
export interface PriorityClassesProps {
  /** Environment name, recorded in `groundwork.dev/environment`. */
  readonly environment: string;
}

/** `platform-critical`, `workload-default` (global default) and `batch-low` PriorityClasses. */
export class PriorityClasses extends Construct {
  constructor(scope: Construct, id: string, props: PriorityClassesProps) {
    super(scope, id);
    const labels = groundworkLabels(props.environment);
    emitModel(
      this,
      PLATFORM_CRITICAL.name,
      new PriorityClass({
        metadata: { name: PLATFORM_CRITICAL.name, labels },
        value: PLATFORM_CRITICAL.value,
        globalDefault: false,
        description: 'Groundwork platform controllers and node agents: scheduled before, and may preempt, tenant workloads.',
      }),
    );
    emitModel(
      this,
      WORKLOAD_DEFAULT.name,
      new PriorityClass({
        metadata: { name: WORKLOAD_DEFAULT.name, labels },
        value: WORKLOAD_DEFAULT.value,
        // The only global default: tenants' pods without a class rank here, not at 0 beside batch work.
        globalDefault: true,
        description: 'Tenant workloads (the global default for pods that name no class); below platform-critical.',
      }),
    );
    emitModel(
      this,
      BATCH_LOW.name,
      new PriorityClass({
        metadata: { name: BATCH_LOW.name, labels },
        value: BATCH_LOW.value,
        globalDefault: false,
        // Never: a queued batch pod waits for free capacity instead of evicting a tenant's service.
        preemptionPolicy: 'Never',
        description: 'Batch work that opts in: preempted first under pressure, never preempts running pods.',
      }),
    );
  }
}
