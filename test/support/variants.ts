import type { EnvironmentSpec } from '../../lib/spec/types';
import { prod } from '../../stacks/environments';

/** Production delivered through Argo CD instead of Pulumi Helm releases. */
export const prodGitops: EnvironmentSpec = {
  ...prod,
  addons: { ...prod.addons, delivery: 'gitops', gitops: { repoURL: 'https://git.example.com/platform/manifests.git' } },
};
