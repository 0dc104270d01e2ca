/**
 * The API of `ProductionService`: everything a team sets about one HTTP service. The platform
 * facts (tier, edge, mesh, metrics, registries, required labels) come from `platform`, the spec
 * the cluster was built from, so a service cannot drift from the platform it runs on.
 */
import type { AddonContext } from '../../addons/addon';
import type { EnvironmentSpec, ResolvedSpec } from '../../spec/types';

/** The environment the service runs in: its spec as written, resolved, or a team chart's context. */
export type ProductionServicePlatform = EnvironmentSpec | ResolvedSpec | AddonContext;

/** CPU and memory of each pod (the application container). */
export interface ProductionServiceResources {
  /** CPU request, a Kubernetes quantity. @default "250m" */
  readonly cpu?: string;
  /** Memory request, a Kubernetes quantity. @default "256Mi" */
  readonly memory?: string;
  /** Memory limit (no CPU limit: throttling hurts latency, requests already share CPU). @default the memory request */
  readonly memoryLimit?: string;
}

/** Health endpoints of the application, served on `port`. */
export interface ProductionServiceProbes {
  /** Path that answers 2xx when the pod can take traffic (readiness). @default "/readyz" */
  readonly readinessPath?: string;
  /** Path that answers 2xx while the process is healthy (liveness, and startup). @default "/livez" */
  readonly livenessPath?: string;
  /** Seconds a new pod may take to start before liveness applies (startup probe). @default 60 */
  readonly startupSeconds?: number;
}

/** Replica bounds of the horizontal autoscaler. */
export interface ProductionServiceReplicas {
  /** Minimum replicas; at least 2 in staging and production. @default the tier's (development 1, staging 2, production 3) */
  readonly min?: number;
  /** Maximum replicas. @default the larger of 10 and `min` */
  readonly max?: number;
  /** Average CPU utilisation (percent of the request) the autoscaler keeps. @default 70 */
  readonly cpuTargetPercent?: number;
}

/** A canary release: a second Deployment with its own image, taking a share of the edge traffic. */
export interface ProductionServiceCanary {
  /** Image of the canary (same rules as `image`). */
  readonly image: string;
  /** Percent of edge requests sent to the canary, 0–100; the stable Deployment gets the rest. */
  readonly weight: number;
  /** Canary replicas (not autoscaled). @default 1 */
  readonly replicas?: number;
}

/** Where the application serves Prometheus metrics. */
export interface ProductionServiceMetrics {
  /** Container port of the metrics endpoint: the one port the platform's Prometheus may reach in tenant namespaces. @default 9090 (TENANT_METRICS_PORT) */
  readonly port?: number;
  /** HTTP path. @default "/metrics" */
  readonly path?: string;
}

/** Props of `ProductionService`. */
export interface ProductionServiceProps {
  /** The environment the cluster was built from (spec, resolved spec, or a team chart's `ctx`). */
  readonly platform: ProductionServicePlatform;
  /** Tenant namespace the service runs in: one of the spec's tenants. */
  readonly namespace: string;
  /** Name of the Deployment, Service, ServiceAccount and policies (a DNS-1123 label, ≤ 50 characters). @default the construct id */
  readonly name?: string;
  /** Container image, `<registry>/<repo>:<tag>` and/or `@sha256:<digest>`; production needs the digest. */
  readonly image: string;
  /** Container port the application listens on (named `http`). @default 8080 */
  readonly port?: number;
  /** Pod labels, among them the spec's required labels (`groundwork.dev/cost-center`…). @default `groundwork.dev/team`: the namespace */
  readonly labels?: Readonly<Record<string, string>>;
  /** Environment variables of the container. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** CPU and memory. @default 250m CPU, 256Mi memory requested, 256Mi memory limit */
  readonly resources?: ProductionServiceResources;
  /** Health endpoints. @default readiness /readyz, liveness /livez, 60 s to start */
  readonly probes?: ProductionServiceProbes;
  /** Autoscaling bounds. @default min by tier, max 10, 70 % CPU */
  readonly replicas?: ProductionServiceReplicas;
  /** Services allowed to call this one, as `<namespace>/<service account>` (e.g. `team-b/checkout`). @default [] (only the edge) */
  readonly callers?: readonly string[];
  /** Route public traffic to it through the platform's edge (needs the spec's `domain`). @default true */
  readonly expose?: boolean;
  /** Public hostnames, each one label under the spec's domain. @default [`<name>-<namespace>.<domain>`] */
  readonly hostnames?: readonly string[];
  /** Path prefix routed to the service. @default "/" */
  readonly pathPrefix?: string;
  /** A canary release with weighted routes. @default none */
  readonly canary?: ProductionServiceCanary;
  /** Metrics endpoint to scrape (ignored when the platform runs no metrics stack). @default none: not scraped */
  readonly metrics?: ProductionServiceMetrics;
}

/** Defaults of the optional props. */
export const PRODUCTION_SERVICE_DEFAULTS = {
  port: 8080,
  servicePort: 80,
  cpu: '250m',
  memory: '256Mi',
  readinessPath: '/readyz',
  livenessPath: '/livez',
  startupSeconds: 60,
  maxReplicas: 10,
  cpuTargetPercent: 70,
  canaryReplicas: 1,
  metricsPath: '/metrics',
  pathPrefix: '/',
} as const;

/** Props with every default applied: what the parts of the construct build from. */
export interface ResolvedServiceProps {
  /** Name of the Deployment, Service, ServiceAccount and policies (`name` or the construct id). */
  readonly name: string;
  /** Tenant namespace the service runs in. */
  readonly namespace: string;
  /** Container image of the stable Deployment. */
  readonly image: string;
  /** Container port the application listens on. */
  readonly port: number;
  /** Pod labels: `groundwork.dev/team`, the team's labels, then `app.kubernetes.io/name`. */
  readonly labels: Record<string, string>;
  /** Environment variables of the container (empty when none). */
  readonly env: Record<string, string>;
  /** CPU and memory request and memory limit, defaults applied. */
  readonly resources: Required<ProductionServiceResources>;
  /** Readiness and liveness paths and startup seconds, defaults applied. */
  readonly probes: Required<ProductionServiceProbes>;
  /** Autoscaler bounds and CPU target, with the tier's minimum. */
  readonly replicas: Required<ProductionServiceReplicas>;
  /** Parsed callers allowed in by mesh and network policy. */
  readonly callers: ReadonlyArray<{ namespace: string; serviceAccount: string }>;
  /** Whether the edge routes public traffic to the service. */
  readonly expose: boolean;
  /** Public hostnames, sorted (empty when not exposed and none were given). */
  readonly hostnames: readonly string[];
  /** Path prefix routed to the service. */
  readonly pathPrefix: string;
  /** The canary with its replicas defaulted, or undefined without one. */
  readonly canary: Required<ProductionServiceCanary> | undefined;
  /** Metrics port and path defaulted, or undefined when the service is not scraped. */
  readonly metrics: Required<ProductionServiceMetrics> | undefined;
}
