/**
 * Syntax of Kubernetes label and taint keys and values, and the key domains a node pool may not
 * use. The API server, the EKS node group API and Karpenter's NodePool CRD all refuse these at
 * deploy time; validation says so up front.
 */

/** Name part of a qualified name (and a label value when non-empty). */
const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** DNS subdomain (RFC 1123), the optional prefix of a qualified name. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Longest name part of a key, and longest label value. */
export const MAX_NAME_PART = 63;
/** Longest key prefix (a DNS subdomain). */
export const MAX_KEY_PREFIX = 253;

/** What is wrong with `key` as a label or taint key (`[prefix/]name`), or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix.length === 0) return 'has an empty prefix before "/"';
    if (prefix.length > MAX_KEY_PREFIX) return `has a prefix of ${prefix.length} characters (at most ${MAX_KEY_PREFIX})`;
    if (!DNS_SUBDOMAIN.test(prefix)) return `has a prefix "${prefix}" that is not a lowercase DNS subdomain`;
  }
  if (name.length === 0) return 'has an empty name';
  if (name.length > MAX_NAME_PART) return `has a name part of ${name.length} characters (at most ${MAX_NAME_PART})`;
  if (!NAME_PART.test(name)) return 'has a name part that does not start and end with a letter or digit, or contains characters other than letters, digits, "-", "_" and "."';
  return undefined;
}

/** What is wrong with `value` as a label (or taint) value, or undefined. Empty is valid. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > MAX_NAME_PART) return `is ${value.length} characters (at most ${MAX_NAME_PART})`;
  if (value !== '' && !NAME_PART.test(value)) return 'must start and end with a letter or digit and contain only letters, digits, "-", "_" and "."';
  return undefined;
}

/** The prefix of a qualified name, or '' when it has none. */
export function keyPrefix(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

function inDomain(prefix: string, domain: string): boolean {
  return prefix === domain || prefix.endsWith(`.${domain}`);
}

/**
 * Why a node label key is reserved, or undefined. The kubelet's NodeRestriction admission (used
 * by EKS node groups) and Karpenter's NodePool validation accept only `*node.kubernetes.io/`
 * keys in the Kubernetes domains; `karpenter.sh`, `karpenter.k8s.aws` and `eks.amazonaws.com`
 * keys are set by Karpenter and EKS themselves.
 */
export function reservedNodeLabelProblem(key: string): string | undefined {
  const prefix = keyPrefix(key);
  if (inDomain(prefix, 'kubernetes.io') || inDomain(prefix, 'k8s.io')) {
    if (key === 'node.kubernetes.io/instance-type') return 'is set by the cloud provider on every node';
    if (inDomain(prefix, 'node.kubernetes.io')) return undefined;
    return 'is in a Kubernetes-reserved domain (kubernetes.io, k8s.io): the kubelet and Karpenter accept only node.kubernetes.io/* keys there';
  }
  for (const domain of ['karpenter.sh', 'karpenter.k8s.aws', 'eks.amazonaws.com']) {
    if (inDomain(prefix, domain)) return `is in the ${domain} domain, whose labels ${domain === 'eks.amazonaws.com' ? 'EKS' : 'Karpenter'} sets itself`;
  }
  return undefined;
}

/** Why a taint key is reserved, or undefined: Kubernetes and Karpenter add and remove these taints themselves. */
export function reservedTaintProblem(key: string): string | undefined {
  const prefix = keyPrefix(key);
  for (const domain of ['kubernetes.io', 'k8s.io', 'karpenter.sh']) {
    if (inDomain(prefix, domain)) return `is in the ${domain} domain, whose taints ${domain === 'karpenter.sh' ? 'Karpenter' : 'Kubernetes controllers'} add and remove themselves`;
  }
  return undefined;
}
