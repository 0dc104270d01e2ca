/**
 * istiod: the mesh control plane (certificates, configuration, sidecar injection). HA with a
 * PDB and an HPA where the tier asks for it; mesh-wide defaults for access logs and retries;
 * sidecars without NET_ADMIN through the CNI agent.
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';
import { ISTIO_NAMESPACE } from './istio-common';
import { configureMeshPolicies } from './istio-mesh-policies';
import { controllerReplicas, systemPlacement, wantsDisruptionBudget, zoneSpread, type Toleration, type TopologySpreadConstraint } from './placement';

/** Chart values we set (istio/istiod 1.29). */
export interface IstiodValues {
  pilot: {
    replicaCount: number;
    autoscaleEnabled: boolean;
    autoscaleMin: number;
    autoscaleMax: number;
    nodeSelector: Record<string, string>;
    tolerations: Toleration[];
    topologySpreadConstraints: TopologySpreadConstraint[];
    resources: { requests: { cpu: string; memory: string } };
    /** Redirect traffic through the CNI agent instead of a privileged init container. */
    cni: { enabled: boolean };
  };
  global: {
    defaultPodDisruptionBudget: { enabled: boolean };
    proxy: { resources: { requests: { cpu: string; memory: string }; limits: { memory: string } } };
    logAsJson: boolean;
  };
  meshConfig: {
    accessLogFile: string;
    enablePrometheusMerge: boolean;
    /** What sidecars do with traffic to hosts outside the service registry. */
    outboundTrafficPolicy: { mode: 'ALLOW_ANY' | 'REGISTRY_ONLY' };
    /** Mesh-wide retry default for every route that does not set its own. */
    defaultHttpRetryPolicy: { attempts: number; retryOn: string };
    defaultConfig: { holdApplicationUntilProxyStarts: boolean };
  };
}

export const istiod: Addon<IstiodValues> = {
  id: 'istiod',
  description: 'Istio control plane; mesh-wide STRICT mTLS, deny-by-default tenant authorization, outlier detection',
  chart: CHART_VERSIONS.istiod,
  namespace: ISTIO_NAMESPACE,
  dependsOn: () => ['istio-base', 'istio-cni'],
  isSelected: (spec) => spec.addons.mesh,
  values: ({ spec }) => {
    const replicas = controllerReplicas(spec);
    return {
      pilot: {
        replicaCount: replicas,
        // The HPA never scales below the tier's HA floor.
        autoscaleEnabled: replicas >= 2,
        autoscaleMin: replicas,
        autoscaleMax: Math.max(replicas, 2 * replicas),
        ...systemPlacement(),
        topologySpreadConstraints: zoneSpread(spec, { app: 'istiod', istio: 'pilot' }),
        resources: { requests: { cpu: '250m', memory: '512Mi' } },
        cni: { enabled: true },
      },
      global: {
        defaultPodDisruptionBudget: { enabled: wantsDisruptionBudget(spec) },
        proxy: { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } } },
        logAsJson: true,
      },
      meshConfig: {
        accessLogFile: '/dev/stdout',
        enablePrometheusMerge: true,
        // ALLOW_ANY: tenants' egress is already default-deny through NetworkPolicies; REGISTRY_ONLY
        // on top would break every external dependency until a ServiceEntry exists for it.
        outboundTrafficPolicy: { mode: 'ALLOW_ANY' },
        defaultHttpRetryPolicy: { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503' },
        // Applications must not start before their sidecar can route their first request.
        defaultConfig: { holdApplicationUntilProxyStarts: true },
      },
    };
  },
  configure: configureMeshPolicies,
};
