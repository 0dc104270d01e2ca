/**
 * Argo CD for GitOps delivery: the only Helm release in that mode; it then syncs every other
 * add-on (as Applications) and their configuration from Git. In tiers with disruption budgets:
 * every component replicated with a budget that allows an eviction, Redis HA (Sentinel behind
 * HAProxy), zone spread, all on the system pool. No Dex, no notifications controller, no local
 * admin: operators reach Argo CD through `argocd --core` / `argocd admin dashboard` with their
 * cluster (IAM) credentials.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { ResolvedSpec } from '../spec/types';
import type { Addon, AddonContext } from './addon';
import { scrapeNeed, type NetworkNeed } from './network';

import {
  containerResources,
  controllerReplicas,
  disruptionBudget,
  disruptionBudgetBody,
  restrictedPodSecurityContext,
  platformPriority,
  systemPlacement,
  wantsDisruptionBudget,
  zoneSpread,
  type ContainerResources,
  type DisruptionBudget,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

const RELEASE = 'argo-cd';

/** Pod selector labels the chart gives a component (`argocd-<component name>`). */
function componentLabels(component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': `argocd-${component}`, 'app.kubernetes.io/instance': RELEASE };
}

/** Component label and `app.kubernetes.io/name` of each metrics Service of the chart (argo-cd 10.1). */
const ARGO_METRICS_SERVICES: ReadonlyArray<readonly [string, string]> = [
  ['application-controller', 'argocd-metrics'],
  ['applicationset-controller', 'argocd-metrics'],
  ['repo-server', 'argocd-repo-server-metrics'],
  ['server', 'argocd-server-metrics'],
];

/** Per-component values of the argo-cd chart (placement comes from `global`). */
export interface ArgoComponentValues {
  /** Pod count (ignored by the chart while `autoscaling.enabled`). */
  replicas: number;
  /** Disruption budget; `maxUnavailable` so an eviction is always possible. */
  pdb: DisruptionBudget;
  /** Zone spread over the component's own pods. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Requests and memory limit of the component's containers. */
  resources: ContainerResources;
  /** The `-metrics` Service (with the metrics stack); the chart's ServiceMonitor stays off (lib/addons/monitors.ts). */
  metrics: { enabled: boolean };
}

/** An Argo CD component the chart can scale with an HPA. */
export interface ArgoScaledComponentValues extends ArgoComponentValues {
  /** HPA bounds; `minReplicas` is the tier's replica count. */
  autoscaling: { enabled: boolean; minReplicas: number; maxReplicas: number };
}

/** Values of the vendored redis-ha subchart (its own keys: it does not read the parent's `global`). */
export interface RedisHaValues {
  /** Sentinel-managed Redis with HAProxy in front, instead of the single `redis` Deployment. */
  enabled: boolean;
  /** System pool, for both the Redis StatefulSet and the HAProxy Deployment. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the Redis and HAProxy pods (and the chart's test pods). */
  tolerations: Toleration[];
  /** Priority of the Redis StatefulSet (the subchart reads no `global`): platformPriority(). */
  priorityClassName: string;
  /** The subchart's own spread switch, applied to both Redis and HAProxy. */
  topologySpreadConstraints: { enabled: boolean; maxSkew: number; topologyKey: string; whenUnsatisfiable: string };
  /** Budget of the Redis StatefulSet (rendered when non-empty). */
  podDisruptionBudget: { maxUnavailable?: number };
  /** Requests and memory limits of the Redis pod's containers. */
  redis: { resources: ContainerResources };
  /** Requests and memory limit of the Sentinel container (leader election among the Redis replicas). */
  sentinel: { resources: ContainerResources };
  /** Requests and memory limit of the split-brain check sidecar (re-syncs a replica that sees a second master). */
  splitBrainDetection: { resources: ContainerResources };
  /** Requests and memory limit of the Redis pod's init container (writes the Redis and Sentinel config). */
  init: { resources: ContainerResources };
  /** Requests and memory limit of the chart's config test pod (`helm test`). */
  configmapTest: { resources: ContainerResources };
  /** The HAProxy Deployment in front of Redis: routes clients to the current Sentinel master. */
  haproxy: {
    /** Budget of the HAProxy Deployment (rendered when non-empty). */
    podDisruptionBudget: { maxUnavailable?: number };
    /** Priority of the HAProxy Deployment: platformPriority(). */
    priorityClassName: string;
    resources: ContainerResources;
    init: { resources: ContainerResources };
    tests: { resources: ContainerResources };
    /** Bind IPv4 only: the cluster is IPv4 (control-plane ipFamily) and `[::]` fails where IPv6 is off. */
    IPv6: { enabled: boolean };
    /** Host anti-affinity as a preference only (see redisHa). */
    hardAntiAffinity: boolean;
  };
}

/** Chart values we set (argo-cd 10.1). */
export interface ArgoCdValues {
  /** Placement, priority and pod security context that every Argo CD component inherits. */
  global: {
    nodeSelector: Record<string, string>;
    tolerations: Toleration[];
    /** Priority of every Argo CD component: platformPriority(). */
    priorityClassName: string;
    securityContext: ReturnType<typeof restrictedPodSecurityContext>;
  };
  /** Argo CD's own ConfigMaps (`argocd-cm`), rendered by the chart from these keys. */
  configs: {
    /** argocd-cm: local admin off, so no password exists to leak or rotate. */
    cm: { 'admin.enabled': boolean };
  };
  /** The bundled Dex SSO broker: off, SSO goes through the cluster's identity provider. */
  dex: { enabled: boolean };
  /** The notifications controller: off, no notifier is configured. */
  notifications: { enabled: boolean };
  /** The single-replica Redis cache (on when `redis-ha` is off): spread and size. */
  redis: { enabled: boolean; topologySpreadConstraints: TopologySpreadConstraint[]; resources: ContainerResources };
  /** Sentinel-managed Redis with HAProxy, for tiers whose cache must survive a node loss. */
  'redis-ha': RedisHaValues;
  /** Size of the pre-install Job that generates the Redis password Secret. */
  redisSecretInit: { resources: ContainerResources };
  /** The application controller StatefulSet: reconciles Applications against the cluster. */
  controller: ArgoComponentValues;
  /** argocd-server: the API and UI, scaled by an HPA. */
  server: ArgoScaledComponentValues;
  /** The repo server: clones Git and renders manifests; `copyutil` sizes its init container. */
  repoServer: ArgoScaledComponentValues & { copyutil: { resources: ContainerResources } };
  /** The chart ships the readiness probe off; the admission policy requires one on every Deployment. */
  applicationSet: ArgoComponentValues & { readinessProbe: { enabled: boolean } };
}

// Sized for one cluster and a few dozen Applications; the controller caches the whole cluster's
// state, so its limit leaves headroom for large clusters (override through addons.overrides).
const SIZE = {
  controller: containerResources({ cpu: '250m', memory: '512Mi' }, '2Gi'),
  server: containerResources({ cpu: '50m', memory: '128Mi' }, '512Mi'),
  repoServer: containerResources({ cpu: '100m', memory: '256Mi' }, '1Gi'),
  copyutil: containerResources({ cpu: '10m', memory: '64Mi' }, '128Mi'),
  applicationSet: containerResources({ cpu: '50m', memory: '128Mi' }, '512Mi'),
  redis: containerResources({ cpu: '100m', memory: '128Mi' }, '512Mi'),
  sentinel: containerResources({ cpu: '20m', memory: '32Mi' }, '128Mi'),
  haproxy: containerResources({ cpu: '50m', memory: '64Mi' }, '256Mi'),
  // Shell and redis-cli helpers: init scripts, split-brain check, the chart's test pods.
  small: containerResources({ cpu: '10m', memory: '32Mi' }, '64Mi'),
  // The argocd binary generating the Redis password Secret (pre-install hook).
  secretInit: containerResources({ cpu: '10m', memory: '64Mi' }, '128Mi'),
} as const;

/** redis-ha values: placement, spread, budgets and sizes for every container it renders. */
function redisHa(spec: ResolvedSpec, enabled: boolean): RedisHaValues {
  const placement = systemPlacement();
  const [zone] = zoneSpread(spec, {});
  const budget = disruptionBudgetBody(spec);
  return {
    enabled,
    ...placement,
    ...platformPriority(),
    topologySpreadConstraints: { enabled: true, maxSkew: zone.maxSkew, topologyKey: zone.topologyKey, whenUnsatisfiable: zone.whenUnsatisfiable },
    // Sentinel quorum is 2 of 3: one Redis may go at a time, never two.
    podDisruptionBudget: budget,
    redis: { resources: SIZE.redis },
    sentinel: { resources: SIZE.sentinel },
    splitBrainDetection: { resources: SIZE.small },
    init: { resources: SIZE.small },
    configmapTest: { resources: SIZE.small },
    haproxy: {
      podDisruptionBudget: budget,
      ...platformPriority(),
      resources: SIZE.haproxy,
      init: { resources: SIZE.small },
      tests: { resources: SIZE.small },
      IPv6: { enabled: false },
      // The chart's hard host anti-affinity leaves a rolling update's surge pod no node on a 3-node
      // system pool (the rollout hangs); the zone spread above already keeps the 3 pods apart.
      hardAntiAffinity: false,
    },
  };
}

export const argoCd: Addon<ArgoCdValues> = {
  network: argoCdNetwork,
  id: RELEASE,
  description: 'Argo CD (GitOps delivery only): syncs the add-ons and their configuration from Git; HA with Redis HA where the tier has PDBs, no local admin',
  chart: CHART_VERSIONS['argo-cd'],
  namespace: 'argocd',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.delivery === 'gitops',
  monitors: ({ spec }) => [
    // The `<component>-metrics` Services the chart renders with `<component>.metrics.enabled`, all on port http-metrics.
    ...ARGO_METRICS_SERVICES.map(([component, name]) => ({
      name: component,
      kind: 'service' as const,
      selector: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': RELEASE, 'app.kubernetes.io/component': component },
      port: 'http-metrics',
    })),
    // Redis HA's HAProxy exporter (Service `argo-cd-redis-ha-haproxy`, port http-exporter-port): the
    // only Redis metrics the chart renders without an extra exporter sidecar.
    ...(wantsDisruptionBudget(spec)
      ? [{ name: 'redis-ha-haproxy', kind: 'service' as const, selector: { app: 'redis-ha', component: 'haproxy', release: RELEASE }, port: 'http-exporter-port' }]
      : []),
  ],
  values: ({ spec, enabled }) => {
    const ha = wantsDisruptionBudget(spec);
    const replicas = controllerReplicas(spec);
    const component = (name: string, count: number, resources: ContainerResources): ArgoComponentValues => ({
      replicas: count,
      pdb: disruptionBudget(spec),
      topologySpreadConstraints: zoneSpread(spec, componentLabels(name)),
      resources,
      metrics: { enabled: enabled.has('kube-prometheus-stack') },
    });
    const scaled = (name: string, resources: ContainerResources): ArgoScaledComponentValues => ({
      ...component(name, replicas, resources),
      autoscaling: { enabled: ha, minReplicas: replicas, maxReplicas: Math.max(5, replicas) },
    });
    return {
      // Every Argo CD Deployment/StatefulSet reads placement and the pod security context from here.
      global: { ...systemPlacement(), ...platformPriority(), securityContext: restrictedPodSecurityContext() },
      configs: {
        // No local admin: no initial password Secret, no shared credential. `argocd --core` and
        // `argocd admin dashboard` (the UI, served locally) use the caller's Kubernetes RBAC
        // (EKS access entries) instead.
        // (`server.insecure` stays unset: argocd-server terminates TLS itself, Argo CD's default.)
        cm: { 'admin.enabled': false },
      },
      // SSO goes through the cluster's identity provider configuration, not a Dex in between.
      dex: { enabled: false },
      // No notifiers are configured, and the controller cannot run more than one replica.
      notifications: { enabled: false },
      // Redis HA (Sentinel) needs 3 nodes; a single Redis is fine where a restart is acceptable.
      redis: { enabled: !ha, topologySpreadConstraints: zoneSpread(spec, componentLabels('redis')), resources: SIZE.redis },
      'redis-ha': redisHa(spec, ha),
      redisSecretInit: { resources: SIZE.secretInit },
      // Replicas shard the managed clusters: the chart sets ARGOCD_CONTROLLER_REPLICAS from this
      // count (the stable hash sharding; round-robin and dynamic distribution are alpha). With only
      // this cluster one replica holds the shard and the other waits idle; a drain evicts one at a
      // time and the StatefulSet recreates it, so reconciliation pauses for one restart at most.
      controller: component('application-controller', Math.min(replicas, 2), SIZE.controller),
      server: scaled('server', SIZE.server),
      repoServer: { ...scaled('repo-server', SIZE.repoServer), copyutil: { resources: SIZE.copyutil } },
      // More than one replica turns on the chart's leader election preset.
      applicationSet: { ...component('applicationset-controller', Math.min(replicas, 2), SIZE.applicationSet), readinessProbe: { enabled: true } },
    };
  },
};

/** Connections of Argo CD: its components to each other (repo-server, Redis/HA), Git over the internet, metrics. */
function argoCdNetwork({ spec, enabled }: AddonContext): NetworkNeed[] {
  const all = { namespace: 'argocd' };
  return [
    { purpose: 'Argo CD internal: repo-server, Redis (HA proxy, sentinel), server and ApplicationSet APIs', from: all, to: all, ports: [{ port: 8081 }, { port: 6379 }, { port: 26379 }, { port: 8080 }, { port: 7000 }] },
    { purpose: 'Git repositories and Helm registries (HTTPS, SSH)', from: all, to: { cidr: '0.0.0.0/0', except: [spec.vpcCidr, spec.serviceCidr], description: 'Git hosts on the internet' }, ports: [{ port: 443 }, { port: 22 }] },
    ...(enabled.has('kube-prometheus-stack') ? [scrapeNeed(all, [8080, 8082, 8083, 8084, 9101], 'Argo CD components')] : []),
  ];
}
