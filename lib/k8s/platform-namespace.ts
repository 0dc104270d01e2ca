/**
 * A namespace with Pod Security Admission labels. `enforce`, `audit` and `warn` are all set to
 * the same level so a violation is rejected, logged and shown to the user in one go; `latest`
 * keeps the policy moving with the cluster version instead of freezing an old definition.
 */
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { groundworkLabels } from './object-labels';

/** Pod Security Standards level. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** Label keys of Pod Security Admission. */
export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io';

/** Props of {@link PlatformNamespace}. */
export interface PlatformNamespaceProps {
  /** Namespace name (DNS label). */
  readonly name: string;
  /** Environment name, recorded in `groundwork.dev/environment`. */
  readonly environment: string;
  /** Pod Security Standards level enforced, audited and warned. @default 'restricted' */
  readonly podSecurity?: PodSecurityLevel;
  /** Extra labels, e.g. `istio-injection: enabled`; cannot override the PSA or groundwork labels. @default {} */
  readonly labels?: Record<string, string>;
}

/** The Pod Security Admission labels for `level`. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['audit', 'enforce', 'warn'] as const) {
    labels[`${PSA_LABEL_PREFIX}/${mode}`] = level;
    labels[`${PSA_LABEL_PREFIX}/${mode}-version`] = 'latest';
  }
  return labels;
}

/** A namespace with Pod Security Admission labels and groundwork's own labels. */
export class PlatformNamespace extends Construct {
  /** The cdk8s-plus namespace. */
  public readonly namespace: kplus.Namespace;
  /** The namespace name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = new kplus.Namespace(this, 'Resource', {
      metadata: {
        name: props.name,
        // Ours last: a caller's extra label must not weaken the Pod Security level.
        labels: { ...(props.labels ?? {}), ...groundworkLabels(props.environment), ...podSecurityLabels(props.podSecurity ?? 'restricted') },
      },
    });
  }
}
