/**
 * Rules for add-on choices and tenants (observability: rules/observability.ts).
 */
import { editorBindingName } from '../naming';
import { asArray, asNumber, asRecord, asString, DNS_LABEL, duplicates, type Rule } from './context';

/**
 * Namespaces a tenant may not take: Kubernetes' own and every namespace a platform add-on can
 * install into (test/stacks/governance-invariants.test.ts fails when a rendered platform
 * namespace is missing here). A tenant of the same name would get the tenant's quota, RBAC and
 * policies laid over the platform component, and its editors write access to it.
 */
export const RESERVED_NAMESPACES = [
  'argocd',
  'cert-manager',
  // Created by the Cilium chart for its TLS Secrets when the Cilium CNI is chosen.
  'cilium-secrets',
  'default',
  'external-dns',
  'external-secrets',
  'falco',
  'ingress-nginx',
  'istio-system',
  'karpenter',
  'kube-node-lease',
  'kube-public',
  'kube-system',
  'monitoring',
  'monitoring-agents',
  'trivy-system',
  'velero',
] as const;

/** Moved to rules/observability.ts; re-exported for existing imports. */
export { LOG_RETENTION_DAYS } from './observability';

export const addonRules: Rule = ({ input, report }) => {
  const addons = asRecord(input.addons) ?? {};
  const tls = asRecord(addons.tls) ?? {};
  const domain = asString(input.domain);
  const tlsEnabled = typeof tls.enabled === 'boolean' ? tls.enabled : domain !== undefined;
  if (tls.enabled === true && domain === undefined) {
    report('spec.domain', 'TLS is on but spec.domain is missing', 'set domain (e.g. prod.example.com) for the wildcard certificate, or set addons.tls.enabled: false');
  }
  const challenge = tls.challenge ?? 'dns01';
  if (tlsEnabled && domain !== undefined && challenge === 'dns01' && addons.hostedZoneId === undefined) {
    report('spec.addons.hostedZoneId', 'DNS01 challenges need a Route53 hosted zone', 'set addons.hostedZoneId to the Route53 zone of spec.domain, or set addons.tls.enabled: false');
  }
  // The environment certificate is always `*.<domain>` plus `<domain>`, and ACME CAs (Let's
  // Encrypt included) validate wildcard names only through DNS01: an HTTP01 order never completes.
  if (tlsEnabled && domain !== undefined && challenge === 'http01') {
    report(
      'spec.addons.tls.challenge',
      `the wildcard certificate *.${domain} can never be issued over HTTP01 (ACME validates wildcard names only through DNS01)`,
      "set addons.tls.challenge: 'dns01' with addons.hostedZoneId (the Route53 zone of spec.domain); the HTTP01 solver stays available to non-wildcard Certificates",
    );
  }
  const zone = asString(addons.hostedZoneId);
  if (zone !== undefined && !/^Z[A-Z0-9]{1,32}$/.test(zone)) {
    report('spec.addons.hostedZoneId', `"${zone}" is not a Route53 hosted zone id`, 'use the id from `aws route53 list-hosted-zones`, e.g. Z0123456789ABCDEFGHIJ');
  }
  if (zone !== undefined && domain === undefined) {
    report('spec.domain', 'a hosted zone is set but spec.domain is missing', 'set domain to the zone name (external-dns only manages records under it)');
  }
  const email = asString(tls.acmeEmail);
  if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    report('spec.addons.tls.acmeEmail', `"${email}" is not an e-mail address`, "use a team mailbox: Let's Encrypt sends expiry warnings there");
  }
  // Retired upstream in March 2026 (4.15.1 is the last release): nothing patches its CVEs any more.
  if (input.tier === 'production' && addons.ingress === 'ingress-nginx') {
    report(
      'spec.addons.ingress',
      'ingress-nginx is retired upstream (4.15.1 is its final release, with no further security fixes) and is not allowed in production',
      "use the Gateway API edge: set addons.ingress: 'gateway-api' (the default) or remove the field",
    );
  }
  // The Gateway API edge serves HTTPS only (HTTP just redirects), so it needs a certificate: the
  // cert-manager wildcard Secret for Istio's gateway, an ACM certificate for the ALB (an ALB
  // cannot read Kubernetes Secrets), validated through records in the hosted zone.
  const gatewayEdge = (addons.ingress ?? 'gateway-api') === 'gateway-api';
  if (gatewayEdge && domain !== undefined && addons.mesh !== false && !tlsEnabled) {
    report(
      'spec.addons.tls.enabled',
      "the Gateway API edge serves *.<domain> over HTTPS with the wildcard certificate, but TLS is off",
      'remove addons.tls.enabled: false (TLS is on by default with a domain), or remove spec.domain',
    );
  }
  if (gatewayEdge && domain !== undefined && addons.mesh === false && addons.hostedZoneId === undefined) {
    report(
      'spec.addons.hostedZoneId',
      "without the mesh the Gateway API edge is an ALB whose ACM certificate is validated through records in a Route53 hosted zone, and none is set",
      'set addons.hostedZoneId to the Route53 zone of spec.domain, or turn the mesh on (addons.mesh: true)',
    );
  }
  const gitops = asRecord(addons.gitops);
  if (addons.delivery === 'gitops' && !gitops) {
    report('spec.addons.gitops', 'GitOps delivery needs the Git repository Argo CD syncs from', 'set addons.gitops: { repoURL: "https://…/platform-manifests.git" }');
  }
  const repo = asString(gitops?.repoURL);
  if (repo !== undefined && !/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(repo)) {
    report('spec.addons.gitops.repoURL', `"${repo}" is not an https or ssh Git URL`, 'use e.g. https://github.com/acme/platform-manifests.git');
  }
  if (addons.delivery === 'gitops' && asArray(addons.disabled).includes('argo-cd')) {
    report('spec.addons.disabled', 'argo-cd is disabled but delivery is gitops', "remove argo-cd from disabled, or use delivery: 'pulumi'");
  }
  for (const dup of duplicates(asArray(addons.disabled).filter((d): d is string => typeof d === 'string'))) {
    report('spec.addons.disabled', `"${dup}" is listed more than once`, 'list each add-on once');
  }
};

/** Kubernetes' documented scalability limit: at most 150,000 pods per cluster. */
export const MAX_CLUSTER_PODS = 150_000;
/** Longest editor group whose RoleBinding name (`edit-` + group) fits Kubernetes' 253 characters uncut. */
export const MAX_EDITOR_GROUP = 248;

/**
 * Editor groups: real names, each bound once, each to its own RoleBinding (the construct in
 * lib/k8s/tenant.ts names them with the same editorBindingName and refuses what is refused here).
 */
function editorRules(editors: readonly unknown[], path: string, report: Parameters<Rule>[0]['report']): void {
  const bindings = new Map<string, { group: string; index: number }>();
  const groups = new Map<string, number>();
  editors.forEach((value, j) => {
    const group = asString(value);
    if (group === undefined) return;
    const at = `${path}[${j}]`;
    if (/[\u0000-\u001f\u007f-\u009f]/.test(group)) {
      report(at, `group ${JSON.stringify(group)} contains control characters`, 'write the group name exactly as the identity provider or EKS access entry sends it');
      return;
    }
    if (editorBindingName(group) === 'edit') {
      report(at, `group ${JSON.stringify(group)} has no letter or digit, so it names no group and no RoleBinding`, 'use the group name from the identity provider or EKS access entry, e.g. "team-a-developers"');
      return;
    }
    if (group !== group.trim()) {
      report(at, `group ${JSON.stringify(group)} starts or ends with whitespace, so it matches no group`, `use ${JSON.stringify(group.trim())}`);
      return;
    }
    if (group.length > MAX_EDITOR_GROUP) {
      report(at, `group name of ${group.length} characters; its RoleBinding name would pass Kubernetes' 253-character limit`, `use a group name of at most ${MAX_EDITOR_GROUP} characters`);
      return;
    }
    const binding = editorBindingName(group);
    const first = bindings.get(binding);
    const same = groups.get(group);
    if (same !== undefined) report(at, `group "${group}" is listed more than once (also editors[${same}])`, 'list each group once');
    else if (first === undefined) bindings.set(binding, { group, index: j });
    else {
      report(
        at,
        `groups "${first.group}" (editors[${first.index}]) and "${group}" both map to the RoleBinding "${binding}", so one would replace the other`,
        'list only one of them; RoleBinding names keep lowercase letters, digits and "-" of the group name',
      );
    }
    if (!groups.has(group)) groups.set(group, j);
  });
}

export const tenantRules: Rule = ({ input, report }) => {
  const tenants = asArray(input.tenants).map((t) => asRecord(t) ?? {});
  tenants.forEach((tenant, i) => {
    const name = asString(tenant.name);
    if (name === undefined) return;
    if (!DNS_LABEL.test(name) || name.length > 63) {
      report(`spec.tenants[${i}].name`, `"${name}" is not a namespace name (lowercase DNS label)`, 'use lowercase letters, digits and dashes, e.g. "team-a"');
    } else if ((RESERVED_NAMESPACES as readonly string[]).includes(name) || name.startsWith('kube-')) {
      report(`spec.tenants[${i}].name`, `"${name}" is a system or platform namespace`, 'pick a team name, e.g. "team-a"');
    }
    const pods = asNumber(asRecord(tenant.quota)?.pods);
    if (pods !== undefined && pods < 1) report(`spec.tenants[${i}].quota.pods`, `pods quota ${pods} is below 1`, 'set at least 1');
    if (pods !== undefined && pods > MAX_CLUSTER_PODS) {
      report(`spec.tenants[${i}].quota.pods`, `pods quota ${pods} is above the ${MAX_CLUSTER_PODS} pods a Kubernetes cluster is built for`, `set at most ${MAX_CLUSTER_PODS}`);
    }
    for (const field of ['cpu', 'memory'] as const) {
      const q = asString(asRecord(tenant.quota)?.[field]);
      if (q !== undefined && !/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.test(q)) {
        report(`spec.tenants[${i}].quota.${field}`, `"${q}" is not a Kubernetes quantity`, field === 'cpu' ? 'use e.g. "8" or "500m"' : 'use e.g. "16Gi"');
      } else if (q !== undefined && Number.parseFloat(q) === 0) {
        report(`spec.tenants[${i}].quota.${field}`, `a ${field} quota of "${q}" admits no pod (every container gets a ${field} request)`, field === 'cpu' ? 'use e.g. "8" or "500m"' : 'use e.g. "16Gi"');
      }
    }
    if (Array.isArray(tenant.editors)) editorRules(tenant.editors, `spec.tenants[${i}].editors`, report);
  });
  for (const dup of duplicates(tenants.map((t) => asString(t.name)).filter((n): n is string => n !== undefined))) {
    report('spec.tenants', `tenant "${dup}" is defined more than once`, 'give every tenant a unique name');
  }
};
