/**
 * Platform namespaces a policy does not bind, each with the component that needs it and why.
 * Tenant namespaces are never exempted. Host access (privileged, host namespaces, hostPath) is
 * exempted exactly where Pod Security is already `privileged` for a reviewed reason (the add-on's
 * `podSecurityReason`, which the pod-security guard rail requires) and in kube-system, where EKS
 * runs its own node agents. The README lists this table.
 */

/** Policy rules that can be exempted per platform namespace. */
export type ExemptableRule = 'no-privileged' | 'no-host-namespaces' | 'no-host-path' | 'resources' | 'image-registries' | 'readiness-probes';

/** One exempted namespace. */
export interface AdmissionExemption {
  /** Namespace name. */
  namespace: string;
  /** Why the component there needs it. */
  reason: string;
}

/** A platform namespace with the Pod Security level its add-ons declared. */
export interface NamespacePodSecurity {
  /** Namespace name. */
  name: string;
  /** Pod Security level. */
  podSecurity: 'restricted' | 'baseline' | 'privileged';
  /** The add-on's reason for a level looser than restricted. @default none */
  podSecurityReason?: string;
}

const KUBE_SYSTEM = 'kube-system';
const EKS_AGENTS = 'EKS managed add-ons (vpc-cni aws-node, kube-proxy, EBS CSI node, Pod Identity agent) and the CNI agents (istio-cni, cilium) configure the node';

/** Exemptions that do not depend on the add-ons' namespaces. */
const STATIC_EXEMPTIONS: Record<ExemptableRule, AdmissionExemption[]> = {
  'no-privileged': [{ namespace: KUBE_SYSTEM, reason: `${EKS_AGENTS}: kube-proxy and the EBS CSI node plugin run privileged` }],
  'no-host-namespaces': [{ namespace: KUBE_SYSTEM, reason: `${EKS_AGENTS}: aws-node, kube-proxy and the Pod Identity agent use the host network` }],
  'no-host-path': [{ namespace: KUBE_SYSTEM, reason: `${EKS_AGENTS}: CNI binaries and config, kubelet and device paths are on the host` }],
  resources: [{ namespace: KUBE_SYSTEM, reason: 'EKS managed add-ons (aws-node, kube-proxy) ship without memory limits and AWS owns their manifests' }],
  'image-registries': [
    {
      namespace: KUBE_SYSTEM,
      reason: "EKS managed add-ons pull from the EKS ECR account AWS chooses per region; the tag rules still apply there",
    },
  ],
  'readiness-probes': [
    { namespace: 'cert-manager', reason: 'the cert-manager chart ships no readiness probe for the controller and cainjector: leader-elected, they serve no traffic a probe would gate' },
    { namespace: 'istio-system', reason: 'the ingress gateway template has image "auto": istiod injects the proxy container, readiness probe included, when the pod is created' },
    { namespace: KUBE_SYSTEM, reason: 'EKS managed add-on Deployments (EBS CSI controller) are AWS-owned manifests' },
    { namespace: 'monitoring', reason: "Grafana's dashboard and datasource sidecars (k8s-sidecar) have no probe in the chart; Grafana's own container has one" },
  ],
};

const HOST_RULES: ExemptableRule[] = ['no-privileged', 'no-host-namespaces', 'no-host-path'];

const byNamespace = (a: AdmissionExemption, b: AdmissionExemption) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0);

/**
 * Exemptions per rule for an environment whose add-ons install into `namespaces`: the static
 * table, plus host access where an add-on's namespace is Pod Security `privileged`.
 */
export function admissionExemptions(namespaces: readonly NamespacePodSecurity[]): Map<ExemptableRule, AdmissionExemption[]> {
  const result = new Map<ExemptableRule, AdmissionExemption[]>();
  for (const [rule, entries] of Object.entries(STATIC_EXEMPTIONS) as Array<[ExemptableRule, AdmissionExemption[]]>) {
    result.set(rule, [...entries]);
  }
  for (const ns of namespaces) {
    if (ns.podSecurity !== 'privileged' || ns.name === KUBE_SYSTEM) continue;
    const reason = ns.podSecurityReason ?? 'the add-on installed here needs Pod Security privileged';
    for (const rule of HOST_RULES) result.get(rule)!.push({ namespace: ns.name, reason });
  }
  for (const entries of result.values()) entries.sort(byNamespace);
  return result;
}

/** `exemptions` restricted to namespaces in `present` (and kube-system, which always exists). */
export function presentOnly(exemptions: Map<ExemptableRule, AdmissionExemption[]>, present: ReadonlySet<string>): Map<ExemptableRule, AdmissionExemption[]> {
  return new Map([...exemptions].map(([rule, entries]) => [rule, entries.filter((e) => e.namespace === KUBE_SYSTEM || present.has(e.namespace))]));
}
