/**
 * Rules for `spec.security`: allowed registries the admission policy can match as prefixes
 * without admitting more than meant, required labels that are label keys, and tenant editors that
 * are Kubernetes group names rather than IAM principals.
 */
import { qualifiedNameProblem } from '../kubernetes-keys';
import { asArray, asRecord, asString, duplicates, type Rule } from './context';

const SEC = 'spec.security';

/** A registry host: lowercase DNS name with an optional port (Docker's reference grammar, lowercased). */
const REGISTRY_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;
/** One repository path component (Docker's reference grammar). */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** What is wrong with `entry` as an allowed-registry prefix, with the fix, or undefined. */
export function registryProblem(entry: string): { problem: string; fix: string } | undefined {
  const example = 'write host[:port][/path]/, e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/" or "ghcr.io/acme/"';
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(entry);
  if (scheme) {
    return { problem: `"${entry}" has a scheme; image references never do, so it matches no image`, fix: `use "${ensureSlash(entry.slice(scheme[0].length))}"` };
  }
  if (/[*?[\]]/.test(entry)) {
    return {
      problem: `"${entry}" has a wildcard; entries are literal prefixes (a wildcard matches nothing, and a prefix widened to a whole registry or host suffix admits every image anyone pushes there)`,
      fix: 'list each registry or repository path you trust, e.g. "ghcr.io/acme/" for one organisation',
    };
  }
  if (/\s/.test(entry) || entry.length === 0) return { problem: `${JSON.stringify(entry)} is empty or contains whitespace`, fix: example };
  if (!entry.endsWith('/')) {
    return {
      problem: `"${entry}" does not end with "/", so as a prefix it also admits "${entry}.attacker.example/…" and "${entry}-other/…"`,
      fix: `use "${entry}/"`,
    };
  }
  const [host, ...path] = entry.slice(0, -1).split('/');
  if (host !== host.toLowerCase() || path.some((p) => p !== p.toLowerCase())) {
    return { problem: `"${entry}" has uppercase letters; image references are lowercase, so it matches no image`, fix: `use "${entry.toLowerCase()}"` };
  }
  // Docker reads a first component without "." or ":" (and not localhost) as a Docker Hub path.
  if (!host.includes('.') && !host.includes(':') && host !== 'localhost') {
    return {
      problem: `"${entry}" starts with "${host}", which is no registry host (an image named "${host}/…" is pulled from Docker Hub)`,
      fix: `write the registry host first, e.g. "docker.io/${entry}"`,
    };
  }
  if (!REGISTRY_HOST.test(host)) return { problem: `"${host}" in "${entry}" is not a registry host name`, fix: example };
  const bad = path.find((p) => !PATH_COMPONENT.test(p));
  if (bad !== undefined) return { problem: `"${entry}" has the path component ${JSON.stringify(bad)}, which no image repository can have`, fix: example };
  return undefined;
}

function ensureSlash(value: string): string {
  return value.endsWith('/') ? value : `${value}/`;
}

export const securityRules: Rule = ({ input, report }) => {
  const security = asRecord(input.security);
  if (!security) return;
  if (Array.isArray(security.allowedRegistries)) {
    const registries = security.allowedRegistries;
    if (registries.length === 0) {
      report(
        `${SEC}.allowedRegistries`,
        'is empty, so the admission policy refuses every tenant image',
        "list the registries tenant images come from, or remove the field for the default (the environment account's ECR in its region)",
      );
    }
    registries.forEach((value, i) => {
      const entry = asString(value);
      if (entry === undefined) return;
      const found = registryProblem(entry);
      if (found) report(`${SEC}.allowedRegistries[${i}]`, found.problem, found.fix);
    });
    for (const dup of duplicates(registries.filter((r): r is string => typeof r === 'string'))) {
      report(`${SEC}.allowedRegistries`, `"${dup}" is listed more than once`, 'list each registry once');
    }
  }
  if (Array.isArray(security.requiredLabels)) {
    security.requiredLabels.forEach((value, i) => {
      const key = asString(value);
      if (key === undefined) return;
      const problem = qualifiedNameProblem(key);
      if (problem) {
        report(`${SEC}.requiredLabels[${i}]`, `"${key}" is not a Kubernetes label key: it ${problem}`, 'use [prefix/]name, e.g. "groundwork.dev/team" or "app.kubernetes.io/name"');
      }
    });
    for (const dup of duplicates(security.requiredLabels.filter((k): k is string => typeof k === 'string'))) {
      report(`${SEC}.requiredLabels`, `"${dup}" is listed more than once`, 'list each label once');
    }
  }
};

/**
 * Tenant editors are Kubernetes group names (what another identity provider's group claim sends);
 * an IAM ARN there binds a group no request ever carries. IAM roles log in through
 * `tenants[].access` (EKS access entries), so the fix points there.
 */
export const editorPrincipalRules: Rule = ({ input, report }) => {
  asArray(input.tenants).forEach((tenant, i) => {
    asArray(asRecord(tenant)?.editors).forEach((value, j) => {
      const group = asString(value);
      if (group === undefined || !/^arn:aws[a-z-]*:(iam|sts)::/.test(group)) return;
      report(
        `spec.tenants[${i}].editors[${j}]`,
        `"${group}" is an IAM principal ARN, but editors are Kubernetes group names: the RoleBinding would name a group no request carries`,
        `put IAM roles in spec.tenants[${i}].access instead (developers: edit in the namespace, what editors get; admins or viewers for admin or view), which gives each an EKS access entry; editors are group names another identity provider sends, e.g. "team-a-developers"; cluster-wide admins go in spec.admins`,
      );
    });
  });
};
