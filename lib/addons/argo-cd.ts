/**
 * Argo CD for GitOps delivery: the only Helm release in that mode; it then syncs every other
 * add-on (as Applications) and their configuration from Git. HA in production (Redis HA,
 * replicated server and repo server with PDBs), everything on the system pool, no Dex
 * (SSO goes through the cluster's identity provider configuration).
 */
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';
import { controllerReplicas, systemPlacement, wantsDisruptionBudget, type Toleration } from './placement';

/** Per-component values of the argo-cd chart. */
export interface ArgoComponentValues {
  replicas: number;
  pdb: { enabled: boolean; minAvailable?: number };
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  resources: { requests: { cpu: string; memory: string } };
}

/** Chart values we set (argo-cd 9.x). */
export interface ArgoCdValues {
  global: { nodeSelector: Record<string, string>; tolerations: Toleration[]; securityContext: Record<string, unknown> };
  configs: { params: { 'server.insecure': boolean } };
  dex: { enabled: boolean };
  'redis-ha': { enabled: boolean };
  redis: { enabled: boolean };
  controller: ArgoComponentValues;
  server: ArgoComponentValues & { autoscaling: { enabled: boolean; minReplicas: number } };
  repoServer: ArgoComponentValues & { autoscaling: { enabled: boolean; minReplicas: number } };
  applicationSet: ArgoComponentValues;
}

export const argoCd: Addon<ArgoCdValues> = {
  id: 'argo-cd',
  description: 'Argo CD (GitOps delivery only): syncs the add-ons and their configuration from Git',
  chart: CHART_VERSIONS['argo-cd'],
  namespace: 'argocd',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.delivery === 'gitops',
  values: ({ spec }) => {
    const ha = wantsDisruptionBudget(spec);
    const replicas = controllerReplicas(spec);
    const placement = systemPlacement();
    const component = (count: number): ArgoComponentValues => ({
      replicas: count,
      pdb: ha ? { enabled: true, minAvailable: 1 } : { enabled: false },
      ...placement,
      resources: { requests: { cpu: '100m', memory: '256Mi' } },
    });
    return {
      global: { ...placement, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } },
      // TLS terminates at argocd-server itself, never plaintext inside the cluster.
      configs: { params: { 'server.insecure': false } },
      dex: { enabled: false },
      // Redis HA (Sentinel) needs 3 nodes; single Redis is fine where a restart is acceptable.
      'redis-ha': { enabled: ha },
      redis: { enabled: !ha },
      // The application controller shards by replica; one is enough for the platform's apps.
      controller: component(1),
      server: { ...component(replicas), autoscaling: { enabled: ha, minReplicas: replicas } },
      repoServer: { ...component(replicas), autoscaling: { enabled: ha, minReplicas: replicas } },
      applicationSet: component(ha ? 2 : 1),
    };
  },
};

