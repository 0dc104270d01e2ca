/**
 * Platform namespaces isolated like tenants: every namespace the add-ons install into gets a
 * default deny of ingress and egress, DNS to CoreDNS and the API server (VPC CIDR, 443) for its
 * pods, and exactly the connections the add-ons declare (`Addon.network`). A declaration names
 * both ends; each end that is a platform namespace gets its half (egress at the source, ingress at
 * the destination), so one line in an add-on opens both sides and nothing else does.
 *
 * Created in the foundation phase, before any add-on pod starts: a pod that starts before its
 * namespace's policies has connections a later default deny does not cut, and the first one it
 * makes under them would otherwise be refused only after a restart.
 * kube-system is EKS's own (CoreDNS, the VPC CNI, kube-proxy and the managed add-ons' pods,
 * updated by EKS with their own needs): it is left without policies, as the add-ons there are.
 */
import { Construct } from 'constructs';
import { NetworkPolicy, type INetworkPolicyPeer, type INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1';
import type { DeclaredNetworkNeed, NetworkPeer } from '../addons/network';
import type { ResolvedSpec } from '../spec/types';
import { emitModel } from './model-object';
import { groundworkLabels } from './object-labels';

/** Label every namespace carries with its own name (API server, since 1.21). */
const NAME_LABEL = 'kubernetes.io/metadata.name';
/** Label of tenant namespaces (lib/k8s/tenant.ts TENANT_NAMESPACE_LABEL; repeated to avoid an import cycle). */
const TENANT_LABEL = 'groundwork.dev/tenant';

/** Names of the policies every platform namespace gets. */
export const PLATFORM_NETWORK_POLICIES = {
  defaultDeny: 'default-deny-all',
  dns: 'allow-dns-egress',
  apiServer: 'allow-api-server-egress',
} as const;

/** Props of {@link PlatformNetworkPolicies}. */
export interface PlatformNetworkPoliciesProps {
  /** The environment (VPC CIDR for the API server). */
  readonly spec: Pick<ResolvedSpec, 'name' | 'vpcCidr'>;
  /** Platform namespaces to isolate (never kube-system). */
  readonly namespaces: readonly string[];
  /** Every enabled add-on's declared needs. */
  readonly needs: readonly DeclaredNetworkNeed[];
}

/** The NetworkPolicy peer of a declaration's end, seen from a policy in `policyNamespace`. */
function peerOf(p: NetworkPeer): INetworkPolicyPeer {
  if ('cidr' in p) return { ipBlock: { cidr: p.cidr, ...(p.except?.length ? { except: [...p.except] } : {}) } };
  if ('tenants' in p) return { namespaceSelector: { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] }, podSelector: {} };
  if ('anyPod' in p) return { namespaceSelector: {}, podSelector: p.podLabels ? { matchLabels: { ...p.podLabels } } : {} };
  return { namespaceSelector: { matchLabels: { [NAME_LABEL]: p.namespace } }, podSelector: p.podLabels ? { matchLabels: { ...p.podLabels } } : {} };
}

/** A DNS-label policy name from an add-on id and a purpose. */
function policyName(addon: string, direction: 'ingress' | 'egress', index: number): string {
  return `${addon}-${direction}-${index}`.slice(0, 63).replace(/-+$/, '');
}

/** Default deny, DNS, API server and the declared connections of every platform namespace. */
export class PlatformNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: PlatformNetworkPoliciesProps) {
    super(scope, id);
    const labels = groundworkLabels(props.spec.name);
    const isolated = new Set(props.namespaces.filter((n) => n !== 'kube-system'));
    const emit = (namespace: string, name: string, purpose: string, spec: NetworkPolicy['spec']) =>
      emitModel(this, `${namespace}-${name}`, new NetworkPolicy({ metadata: { name, namespace, labels, annotations: { 'groundwork.dev/purpose': purpose } }, spec }));

    for (const ns of [...isolated].sort()) {
      emit(ns, PLATFORM_NETWORK_POLICIES.defaultDeny, 'deny every connection not allowed by another policy', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      emit(ns, PLATFORM_NETWORK_POLICIES.dns, 'name resolution (CoreDNS)', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { [NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      });
      // The private endpoint's ENIs sit in the cluster subnets: the API server is reached at VPC addresses.
      emit(ns, PLATFORM_NETWORK_POLICIES.apiServer, 'Kubernetes API (controllers, leader election)', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: props.spec.vpcCidr } }], ports: [{ protocol: 'TCP', port: 443 }] }],
      });
    }

    // Numbered per add-on and direction in declaration order: stable names for stable declarations.
    const counters = new Map<string, number>();
    const next = (key: string) => {
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return n;
    };
    for (const need of props.needs) {
      const ports: INetworkPolicyPort[] = need.ports.map((p) => ({ protocol: p.protocol ?? 'TCP', port: p.port }));
      const from = need.from;
      const to = need.to;
      if ('namespace' in from && isolated.has(from.namespace)) {
        emit(from.namespace, policyName(need.addon, 'egress', next(`${need.addon}/${from.namespace}/egress`)), need.purpose, {
          podSelector: from.podLabels ? { matchLabels: { ...from.podLabels } } : {},
          policyTypes: ['Egress'],
          egress: [{ to: [peerOf(to)], ports }],
        });
      }
      if ('namespace' in to && isolated.has(to.namespace)) {
        emit(to.namespace, policyName(need.addon, 'ingress', next(`${need.addon}/${to.namespace}/ingress`)), need.purpose, {
          podSelector: to.podLabels ? { matchLabels: { ...to.podLabels } } : {},
          policyTypes: ['Ingress'],
          ingress: [{ from: [peerOf(from)], ports }],
        });
      }
    }
  }
}
