/**
 * istiod: the mesh control plane (certificates, configuration, sidecar injection). HA with a
 * PDB and an HPA where the tier asks for it; mesh-wide defaults for access logs and retries;
 * sidecars without NET_ADMIN through the CNI agent.
 *
 * istio-system enforces Pod Security `restricted`, and so does every namespace with meshed pods
 * (tenants, ingress-nginx). The chart adds a seccomp profile to nothing unless told: istiod's own
 * container (`seccompProfile`), the injected `istio-proxy` and `istio-validation` containers
 * (`global.proxy.seccompProfile`, read by files/injection-template.yaml for both) and gateways
 * istiod deploys for Gateway API resources (`gateways.seccompProfile`, files/kube-gateway.yaml).
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext, MetricsEndpoint } from './addon';
import { ISTIO_NAMESPACE, ISTIO_WEBHOOK_RUNTIME_FIELDS } from './istio-common';
import { configureMeshPolicies } from './istio-mesh-policies';
import { configureMeshTracing, meshExtensionProviders, type OpenTelemetryExtensionProvider } from './mesh-tracing';
import { scrapeNeed, webhookNeed, type NetworkNeed } from './network';
import {
  containerResources,
  controllerReplicas,
  platformPriority,
  systemPlacement,
  wantsDisruptionBudget,
  zoneSpread,
  type ContainerResources,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

/** The seccomp profile Pod Security `restricted` accepts without a node-local profile file. */
export type RuntimeDefaultSeccomp = {
  /** The container runtime's default seccomp filter. */
  type: 'RuntimeDefault';
};

/**
 * Chart values we set (istio/istiod 1.30). The chart declares its top-level keys under
 * `_internal_defaults_do_not_set` in values.yaml and merges them with ours in zzz_profile.yaml;
 * the older `pilot.` prefix is only a legacy alias (zzy_descope_legacy.yaml), so we do not use it.
 */
export interface IstiodValues {
  /** Replicas while the HPA is off (development). */
  replicaCount: number;
  /** HPA on whenever the tier runs ≥ 2 replicas; the Deployment then has no fixed count. */
  autoscaleEnabled: boolean;
  /** HPA floor: the tier's HA replica count. */
  autoscaleMin: number;
  /** HPA ceiling. */
  autoscaleMax: number;
  /** On-demand system pool. */
  nodeSelector: Record<string, string>;
  /** The system pool's CriticalAddonsOnly taint (the chart adds the CNI not-ready taint itself). */
  tolerations: Toleration[];
  /** Zone spread of the pilot pods. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Requests plus a memory limit for the `discovery` container. */
  resources: ContainerResources;
  /** Seccomp profile of the `discovery` container; the chart sets none by default. */
  seccompProfile: RuntimeDefaultSeccomp;
  /** Redirect traffic through the CNI agent instead of a privileged init container. */
  cni: { enabled: boolean };
  /** Budget body; the chart renders it only with > 1 replica (or HPA floor), so 1 always allows an eviction. */
  pdb: { minAvailable: number };
  /** Chart-wide settings: the PDB switch, pod priority, and the injected sidecars' resources, seccomp and JSON logs. */
  global: {
    /** Whether the chart renders istiod's PodDisruptionBudget. */
    defaultPodDisruptionBudget: { enabled: boolean };
    /** Priority of the istiod pods (the chart reads only `global`): platformPriority(). */
    priorityClassName: string;
    /** Injected sidecars: resources and seccomp of `istio-proxy` and the `istio-validation` init container. */
    proxy: { resources: ContainerResources; seccompProfile: RuntimeDefaultSeccomp };
    logAsJson: boolean;
  };
  /** Pods of gateways istiod deploys for Gateway API `Gateway`s: pod-level seccomp next to the port sysctl. */
  gateways: { seccompProfile: RuntimeDefaultSeccomp };
  /** The mesh configuration istiod distributes to every proxy: access logs, metrics merge, outbound policy, retries, tracing. */
  meshConfig: {
    accessLogFile: string;
    enablePrometheusMerge: boolean;
    /** What sidecars do with traffic to hosts outside the service registry. */
    outboundTrafficPolicy: { mode: 'ALLOW_ANY' | 'REGISTRY_ONLY' };
    /** Mesh-wide retry default for every route that does not set its own. */
    defaultHttpRetryPolicy: { attempts: number; retryOn: string };
    defaultConfig: { holdApplicationUntilProxyStarts: boolean };
    /** Tracing providers the mesh-wide Telemetry names (the OpenTelemetry Collector gateway); absent when traces are off. */
    extensionProviders?: OpenTelemetryExtensionProvider[];
  };
}

const RUNTIME_DEFAULT: RuntimeDefaultSeccomp = { type: 'RuntimeDefault' };

export const istiod: Addon<IstiodValues> = {
  network: istiodNetwork,
  id: 'istiod',
  description: 'Istio control plane; mesh-wide STRICT mTLS (auto-mTLS clients), deny-by-default tenant authorization, outlier detection',
  chart: CHART_VERSIONS.istiod,
  namespace: ISTIO_NAMESPACE,
  dependsOn: () => ['istio-base', 'istio-cni'],
  isSelected: (spec) => spec.addons.mesh,
  monitors: (): MetricsEndpoint[] => [
    // Control plane: Service `istiod`, port http-monitoring (15014).
    { name: 'control-plane', kind: 'service', selector: { app: 'istiod', istio: 'pilot' }, port: 'http-monitoring' },
    // Every injected sidecar, in every namespace: the sidecar template labels the pod
    // `security.istio.io/tlsMode: istio` and adds envoy's own stats port http-envoy-prom (15090),
    // which the iptables/CNI rules never redirect (not behind mTLS or authorization). Envoy stats
    // only, not the merged 15020 endpoint: application metrics are each team's own monitors.
    { name: 'sidecars', kind: 'pod', selector: { 'security.istio.io/tlsMode': 'istio' }, port: 'http-envoy-prom', path: '/stats/prometheus', namespaces: 'any' },
  ],
  values: (ctx) => {
    const { spec } = ctx;
    const replicas = controllerReplicas(spec);
    const extensionProviders = meshExtensionProviders(ctx);
    return {
      replicaCount: replicas,
      // The HPA never scales below the tier's HA floor.
      autoscaleEnabled: replicas >= 2,
      autoscaleMin: replicas,
      autoscaleMax: Math.max(replicas, 2 * replicas),
      ...systemPlacement(),
      topologySpreadConstraints: zoneSpread(spec, { app: 'istiod', istio: 'pilot' }),
      // Memory grows with the number of services and proxies; the limit stops a runaway push
      // from taking the system node down with it.
      resources: containerResources({ cpu: '250m', memory: '512Mi' }, '2Gi'),
      seccompProfile: { ...RUNTIME_DEFAULT },
      cni: { enabled: true },
      pdb: { minAvailable: 1 },
      global: {
        defaultPodDisruptionBudget: { enabled: wantsDisruptionBudget(spec) },
        ...platformPriority(),
        // The same block sizes `istio-validation` (the template has no separate init resources;
        // `global.proxy_init` only carries the image), so it needs a request and a limit too.
        proxy: { resources: containerResources({ cpu: '50m', memory: '128Mi' }, '512Mi'), seccompProfile: { ...RUNTIME_DEFAULT } },
        logAsJson: true,
      },
      gateways: { seccompProfile: { ...RUNTIME_DEFAULT } },
      meshConfig: {
        accessLogFile: '/dev/stdout',
        enablePrometheusMerge: true,
        // ALLOW_ANY: tenants' egress is already default-deny through NetworkPolicies; REGISTRY_ONLY
        // on top would break every external dependency until a ServiceEntry exists for it.
        outboundTrafficPolicy: { mode: 'ALLOW_ANY' },
        defaultHttpRetryPolicy: { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503' },
        // Applications must not start before their sidecar can route their first request.
        defaultConfig: { holdApplicationUntilProxyStarts: true },
        // Mesh spans go to the collector gateway (lib/addons/mesh-tracing.ts).
        ...(extensionProviders.length > 0 ? { extensionProviders } : {}),
      },
    };
  },
  configure: (scope, ctx) => {
    configureMeshPolicies(scope, ctx);
    configureMeshTracing(scope, ctx);
  },
  runtimeManagedFields: ISTIO_WEBHOOK_RUNTIME_FIELDS,
};

/** Connections of istiod: xDS and certificates from every meshed pod, the injection/validation webhooks, metrics. */
function istiodNetwork({ spec, enabled }: AddonContext): NetworkNeed[] {
  const pods = { namespace: ISTIO_NAMESPACE, podLabels: { app: 'istiod' } };
  return [
    // Meshed pods live in any namespace (tenants, gateways): xDS on 15012 is mTLS and token authenticated.
    { purpose: 'sidecar configuration (xDS) and workload certificates', from: { anyPod: true }, to: pods, ports: [{ port: 15012 }] },
    webhookNeed(spec, pods, 15017, 'sidecar injection and config validation'),
    ...(enabled.has('kube-prometheus-stack') ? [scrapeNeed(pods, [15014], 'istiod')] : []),
  ];
}
