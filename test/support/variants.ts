import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';

/** Production delivered through Argo CD instead of Pulumi Helm releases. */
export const prodGitops: EnvironmentSpec = {
  ...prod,
  addons: { ...prod.addons, delivery: 'gitops', gitops: { repoURL: 'https://git.example.com/platform/manifests.git' } },
};

/** Production with the alternatives: Cilium chained on the VPC CNI and cluster-autoscaler (managed spot node groups). */
export const prodAlternatives: EnvironmentSpec = {
  ...prod,
  addons: { ...prod.addons, cni: 'cilium', autoscaler: 'cluster-autoscaler', ingress: 'gateway-api' },
};

/** Production without the service mesh: no Istio, the edge and mTLS-free paths must still hold. */
export const prodMeshOff: EnvironmentSpec = {
  ...prod,
  addons: { ...prod.addons, mesh: false },
  // Turning the mesh off weakens the mesh-mtls guard rail: only with an exception.
  exceptions: [
    {
      guardRail: 'mesh-mtls',
      target: 'spec.addons.mesh',
      reason: 'test variant: the edge and every mTLS-free path must still hold without the mesh',
      approvedBy: 'groundwork tests',
    },
  ],
};

/** Development on the retired ingress-nginx edge (refused in production), meshed: its pods get sidecars. */
export const devIngressNginx: EnvironmentSpec = {
  ...dev,
  addons: { ...dev.addons, ingress: 'ingress-nginx' },
};

/**
 * Every environment the rendered-output checks cover: the stock environments and each add-on
 * choice away from the defaults (delivery, cni + autoscaler, mesh off, the ingress-nginx edge).
 */
export const ALL_RENDER_TARGETS: ReadonlyArray<{ name: string; spec: EnvironmentSpec }> = [
  { name: 'dev', spec: dev },
  { name: 'staging', spec: staging },
  { name: 'prod', spec: prod },
  { name: 'prod-gitops', spec: prodGitops },
  { name: 'prod-alternatives', spec: prodAlternatives },
  { name: 'prod-mesh-off', spec: prodMeshOff },
  { name: 'dev-ingress-nginx', spec: devIngressNginx },
];
