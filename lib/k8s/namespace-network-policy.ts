/**
 * A NetworkPolicy over every pod of one namespace, as a plain ApiObject: what cdk8s-plus's
 * NetworkPolicy renders for the rules tenants get, without its selector constructs and lazy spec
 * (eight or more constructs per policy, six or more policies per tenant).
 */
import type { Construct } from 'constructs';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IIoK8sApiNetworkingV1NetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { PlainApiObject } from './plain-api-object';

/** Who a rule admits: pods of one namespace (with these labels, or all of them), or a CIDR. */
export type NetworkPeer =
  | {
      /** Namespace of the pods. */
      readonly namespace: string;
      /** Only pods with these labels. @default every pod of `namespace` */
      readonly podLabels?: Readonly<Record<string, string>>;
    }
  | {
      /** An IPv4 CIDR. */
      readonly cidr: string;
    };

/** One rule: traffic with `peer`, on `ports` (TCP or UDP) or every port. */
export interface NetworkRule {
  /** The other side of the traffic. */
  readonly peer: NetworkPeer;
  /** Allowed ports. @default every port */
  readonly ports?: ReadonlyArray<{ readonly port: number; readonly protocol: 'TCP' | 'UDP' }>;
}

/** Props of {@link addNamespaceNetworkPolicy}. */
export interface NamespaceNetworkPolicyProps {
  /** Policy name. */
  readonly name: string;
  /** Namespace whose pods (all of them) the policy selects. */
  readonly namespace: string;
  /** Labels of the policy. */
  readonly labels: Record<string, string>;
  /** Policy types in the order given (with no rules of a type, that direction is denied). */
  readonly policyTypes: ReadonlyArray<'Ingress' | 'Egress'>;
  /** Allowed incoming traffic. @default none */
  readonly ingress?: readonly NetworkRule[];
  /** Allowed outgoing traffic. @default none */
  readonly egress?: readonly NetworkRule[];
}

function peerOf(peer: NetworkPeer): IIoK8sApiNetworkingV1NetworkPolicyPeer {
  if ('cidr' in peer) return { ipBlock: { cidr: peer.cidr } };
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } },
    // No labels selects every pod: `{}`, as cdk8s-plus renders an empty label selector.
    podSelector: peer.podLabels && Object.keys(peer.podLabels).length > 0 ? { matchLabels: { ...peer.podLabels } } : {},
  };
}

const portsOf = (rule: NetworkRule) => (rule.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol }));

/** Add the NetworkPolicy to `scope` with construct id `id`. */
export function addNamespaceNetworkPolicy(scope: Construct, id: string, props: NamespaceNetworkPolicyProps): PlainApiObject {
  const policy: INetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    spec: {
      podSelector: {},
      ...(props.egress?.length ? { egress: props.egress.map((rule) => ({ ports: portsOf(rule), to: [peerOf(rule.peer)] })) } : {}),
      ...(props.ingress?.length ? { ingress: props.ingress.map((rule) => ({ ports: portsOf(rule), from: [peerOf(rule.peer)] })) } : {}),
      policyTypes: [...props.policyTypes],
    },
  };
  return new PlainApiObject(scope, id, policy);
}
