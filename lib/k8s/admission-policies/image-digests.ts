/**
 * Digests on tenant images in production: a tag can be pushed again, a digest cannot, so what
 * was scanned and approved is what runs. Platform images are exempt: they are pinned by tag in
 * the charts the version table pins and reviewed with each version bump, and the charts offer no
 * digest for most of them. The mesh sidecar istiod injects is allowed by its exact reference.
 */
import { celList, IMAGE_OF, NOT_BEING_DELETED, POD_AND_WORKLOAD_RULES, POD_VARIABLES } from './cel';
import { DIGESTED } from './image-tags';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** `groundwork-image-digests` (production only). */
export function imageDigestsPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  const image = IMAGE_OF('c');
  const digested = `(${image}.matches(${DIGESTED}) || ${celList(ctx.injectedImages)}.exists(i, i == ${image}))`;
  return {
    name: 'groundwork-image-digests',
    description: 'Production tenant images are referenced by digest (@sha256:…).',
    rules: POD_AND_WORKLOAD_RULES,
    matchConditions: [NOT_BEING_DELETED],
    variables: POD_VARIABLES,
    validations: [
      {
        expression: `variables.containers.all(c, ${digested})`,
        message: 'production images must be referenced by digest (image@sha256:…)',
        messageExpression: `'images without a digest: ' + variables.containers.filter(c, !${digested}).map(c, c.name + '=' + ${image}).join(', ')`,
        reason: 'Invalid',
      },
    ],
    scope: { tenants: true, platform: false },
    platformExemptReason: 'platform images are pinned by tag in the charts the version table pins, reviewed with every version bump',
  };
}
