/**
 * Rules for add-on choices, tenants and observability.
 */
import { asArray, asNumber, asRecord, asString, DNS_LABEL, duplicates, type Rule } from './context';

/** Namespaces a tenant may not take: Kubernetes' own and the platform's. */
export const RESERVED_NAMESPACES = [
  'argocd',
  'cert-manager',
  'default',
  'external-dns',
  'ingress-nginx',
  'istio-system',
  'karpenter',
  'kube-node-lease',
  'kube-public',
  'kube-system',
  'monitoring',
] as const;

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

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
    for (const field of ['cpu', 'memory'] as const) {
      const q = asString(asRecord(tenant.quota)?.[field]);
      if (q !== undefined && !/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.test(q)) {
        report(`spec.tenants[${i}].quota.${field}`, `"${q}" is not a Kubernetes quantity`, field === 'cpu' ? 'use e.g. "8" or "500m"' : 'use e.g. "16Gi"');
      }
    }
  });
  for (const dup of duplicates(tenants.map((t) => asString(t.name)).filter((n): n is string => n !== undefined))) {
    report('spec.tenants', `tenant "${dup}" is defined more than once`, 'give every tenant a unique name');
  }
};

export const observabilityRules: Rule = ({ input, report }) => {
  const days = asNumber(asRecord(input.observability)?.logRetentionDays);
  if (days !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    report('spec.observability.logRetentionDays', `CloudWatch does not accept a retention of ${days} days`, `use one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
};
