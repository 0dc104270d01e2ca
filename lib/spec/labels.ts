/**
 * Label and taint keys shared by node pools (cloud) and workload placement (Kubernetes).
 * Kubernetes objects also carry the standard `app.kubernetes.io/*` labels.
 */

/** Node label naming the node pool a node belongs to. */
export const POOL_LABEL = 'groundwork.dev/pool';
/** Node label carrying the pool's role (`system`, `general`, `custom`). */
export const POOL_ROLE_LABEL = 'groundwork.dev/pool-role';
/** Node label carrying the capacity type (`on-demand`, `spot`). */
export const CAPACITY_LABEL = 'groundwork.dev/capacity';
/** Label on every object we synthesize: the environment it belongs to. */
export const ENVIRONMENT_LABEL = 'groundwork.dev/environment';
/** Taint on the system pool: only platform add-ons that tolerate it land there. */
export const SYSTEM_TAINT = { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' } as const;
/** Zone topology key used for spread constraints. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
