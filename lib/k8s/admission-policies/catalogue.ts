/** Every validating policy of an environment, built from its spec. */
import { imageDigestsPolicy } from './image-digests';
import { imageRegistriesPolicy } from './image-registries';
import { imageTagsPolicy } from './image-tags';
import { noHostNamespacesPolicy } from './no-host-namespaces';
import { noHostPathPolicy } from './no-host-path';
import { noPrivilegedPolicy } from './no-privileged';
import { platformObjectsPolicy } from './platform-objects';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';
import { readinessProbesPolicy } from './readiness-probes';
import { requiredLabelsPolicy } from './required-labels';
import { resourcesPolicy } from './resources';
import { tenantAuthorizationPolicyPolicy } from './tenant-authorization-policy';
import { tenantPeerAuthenticationPolicy } from './tenant-peer-authentication';

/** The policies, sorted by name; digests only in production; the tenant mesh policies only with the mesh (its CRDs). */
export function validatingPolicies(ctx: PolicyContext): AdmissionPolicyDefinition[] {
  return [
    ...(ctx.spec.tier === 'production' ? [imageDigestsPolicy(ctx)] : []),
    imageRegistriesPolicy(ctx),
    imageTagsPolicy(ctx),
    noHostNamespacesPolicy(ctx),
    noHostPathPolicy(ctx),
    noPrivilegedPolicy(ctx),
    platformObjectsPolicy(ctx),
    readinessProbesPolicy(ctx),
    requiredLabelsPolicy(ctx),
    resourcesPolicy(ctx),
    ...(ctx.spec.addons.mesh ? [tenantAuthorizationPolicyPolicy(ctx), tenantPeerAuthenticationPolicy(ctx)] : []),
  ];
}
