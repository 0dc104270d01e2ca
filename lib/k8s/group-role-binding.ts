/**
 * A RoleBinding granting a built-in ClusterRole to one group in one namespace, as a plain
 * ApiObject: what cdk8s-plus's RoleBinding + Group render, without its extra constructs (a
 * referenced role, a group, a lazy `subjects`) per binding — a tenant has one or more, so a
 * thousand tenants paid for thousands of them.
 */
import type { Construct } from 'constructs';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { PlainApiObject } from './plain-api-object';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Props of {@link addGroupRoleBinding}. */
export interface GroupRoleBindingProps {
  /** RoleBinding name. */
  readonly name: string;
  /** Namespace the role is granted in. */
  readonly namespace: string;
  /** Labels of the RoleBinding. */
  readonly labels: Record<string, string>;
  /** The ClusterRole granted, e.g. `edit`. */
  readonly clusterRole: string;
  /** The Kubernetes group it is granted to. */
  readonly group: string;
}

/** Add the RoleBinding to `scope` with construct id `id`. */
export function addGroupRoleBinding(scope: Construct, id: string, props: GroupRoleBindingProps): PlainApiObject {
  const binding: IRoleBinding = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: props.clusterRole },
    subjects: [{ apiGroup: RBAC_GROUP, kind: 'Group', name: props.group }],
  };
  return new PlainApiObject(scope, id, binding);
}
