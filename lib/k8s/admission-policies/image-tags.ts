/**
 * No moving images: a tag other than `latest`, or a digest. An untagged image is `latest`, and
 * `latest` means a node restart may run a program nobody reviewed. Even with a digest `:latest`
 * is refused: the reference then says two different things.
 */
import { IMAGE_OF, MESH_AUTO_IMAGE, NOT_BEING_DELETED, POD_AND_WORKLOAD_RULES, POD_VARIABLES } from './cel';
import type { AdmissionPolicyDefinition, PolicyContext } from './policy';

/** A tag after the last `/` (a colon before it is a registry port), optionally followed by a digest. */
export const TAGGED = "':[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?$'";
/** A digest. */
export const DIGESTED = "'@sha256:[a-f0-9]{64}$'";
const LATEST = "':latest(@sha256:[a-f0-9]{64})?$'";

/** `groundwork-image-tags`. */
export function imageTagsPolicy(ctx: PolicyContext): AdmissionPolicyDefinition {
  const image = IMAGE_OF('c');
  const pinnedTag = `((${image}.matches(${TAGGED}) || ${image}.matches(${DIGESTED})) && !${image}.matches(${LATEST}))`;
  const pinned = ctx.injectedImages.length > 0 ? `(${pinnedTag} || ${MESH_AUTO_IMAGE('c')})` : pinnedTag;
  return {
    name: 'groundwork-image-tags',
    description: 'Every image has a tag other than latest, or a digest.',
    rules: POD_AND_WORKLOAD_RULES,
    matchConditions: [NOT_BEING_DELETED],
    variables: POD_VARIABLES,
    validations: [
      {
        expression: `variables.containers.all(c, ${pinned})`,
        message: 'images need a tag other than latest (or a digest)',
        messageExpression: `'images untagged or tagged latest: ' + variables.containers.filter(c, !${pinned}).map(c, c.name + '=' + ${image}).join(', ')`,
        reason: 'Invalid',
      },
    ],
    scope: { tenants: true, platform: true },
  };
}
