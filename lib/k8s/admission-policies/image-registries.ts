/**
 * Images only from allowed registries: tenants from `spec.security.allowedRegistries`, platform
 * namespaces also from the registries the platform's charts use. One policy for both, the list
 * chosen by the namespace's tenant label, so a refusal always names this policy.
 */
import { TENANT_NAMESPACE_LABEL } from '../tenant';
import { celList, celString, IMAGE_OF, MESH_AUTO_IMAGE, normalizedImage, NOT_BEING_DELETED, POD_AND_WORKLOAD_RULES, POD_VARIABLES } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** `groundwork-image-registries`. */
export function imageRegistriesPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  const image = IMAGE_OF('c');
  const allowedImage = `(${celList(ctx.injectedImages)}.exists(i, i == ${image}) || variables.allowedRegistries.exists(r, ${normalizedImage(image)}.startsWith(r)))`;
  const allowed = ctx.injectedImages.length > 0 ? `(${allowedImage} || ${MESH_AUTO_IMAGE('c')})` : allowedImage;
  return {
    name: 'groundwork-image-registries',
    description: 'Images only from the registries the spec allows (tenants) and the platform charts use (platform namespaces).',
    rules: POD_AND_WORKLOAD_RULES,
    matchConditions: [NOT_BEING_DELETED],
    variables: [
      ...POD_VARIABLES,
      {
        name: 'allowedRegistries',
        expression: `namespaceObject.metadata.?labels.orValue({}).exists(k, k == ${celString(TENANT_NAMESPACE_LABEL)}) ? ${celList(ctx.tenantRegistries)} : ${celList(ctx.platformRegistries)}`,
      },
    ],
    validations: [
      {
        expression: `variables.containers.all(c, ${allowed})`,
        message: 'images must come from an allowed registry (spec.security.allowedRegistries)',
        messageExpression: `'images from registries not allowed here: ' + variables.containers.filter(c, !${allowed}).map(c, c.name + '=' + ${image}).join(', ') + '; allowed: ' + variables.allowedRegistries.join(', ')`,
        reason: 'Forbidden',
      },
    ],
    scope: { tenants: true, platform: true },
    exemptions: ctx.exemptions.get('image-registries'),
  };
}
