import type { EnvironmentSpec } from '../../lib/spec/types';
import { prod } from '../../stacks/environments';

/** Production delivered through Argo CD instead of Pulumi Helm releases. */
export const prodGitops: EnvironmentSpec = {
  ...prod,
  addons: { ...prod.addons, delivery: 'gitops', gitops: { repoURL: 'https://git.example.com/platform/manifests.git' } },
};

/** Production with the alternatives: Cilium chained CNI, cluster-autoscaler, the Istio ingress gateway. */
export const prodAlternatives: EnvironmentSpec = {
  ...prod,
  addons: { ...prod.addons, cni: 'cilium', autoscaler: 'cluster-autoscaler', ingress: 'istio-gateway' },
};
