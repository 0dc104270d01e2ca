/**
 * Priority classes: platform add-ons preempt workloads under pressure, never the reverse, and
 * both stay below the built-in system-cluster-critical (2000000000) that EKS's own add-ons use.
 */
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { Construct } from 'constructs';
import { emitModel } from './model-object';
import { groundworkLabels } from './object-labels';

/** Priority of platform add-ons (ingress, mesh, cert-manager, autoscaler…). */
export const PLATFORM_CRITICAL = { name: 'platform-critical', value: 1_000_000 } as const;
/** Priority of tenant workloads that opt in; not the global default. */
export const WORKLOAD_DEFAULT = { name: 'workload-default', value: 1_000 } as const;

/** Props of {@link PriorityClasses}. */
export interface PriorityClassesProps {
  /** Environment name, recorded in `groundwork.dev/environment`. */
  readonly environment: string;
}

/** `platform-critical` and `workload-default` PriorityClasses. */
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
        description: 'Groundwork platform add-ons: scheduled before, and may preempt, tenant workloads.',
      }),
    );
    emitModel(
      this,
      WORKLOAD_DEFAULT.name,
      new PriorityClass({
        metadata: { name: WORKLOAD_DEFAULT.name, labels },
        value: WORKLOAD_DEFAULT.value,
        globalDefault: false,
        description: 'Tenant workloads that opt in; below platform-critical.',
      }),
    );
  }
}
