/**
 * No credential in the spec: everything in it is written in clear (tags to every AWS resource and
 * cloud.json, overrides into Helm values in cloud.json or an Argo CD Application in Git, the
 * GitOps repo URL into the bootstrap manifest). Credentials enter only by reference: a Kubernetes
 * Secret name, an AWS Secrets Manager ARN, Argo CD repository credentials, Pulumi config secrets.
 */
import { isReferenceValue, isSecretDataKey, isSecretKeyName, maskCredential, redactCredentials, scanCredentials } from '../credentials';
import type { Rule } from './context';

const REPO_URL = 'spec.addons.gitops.repoURL';
const OVERRIDES = 'spec.addons.overrides';
const ARGOCD_SECRET = `${OVERRIDES}.argo-cd.configs.secret`;
const ARGOCD_ADMIN_PASSWORD = `${ARGOCD_SECRET}.argocdServerAdminPassword`;
const ARGOCD_CM = `${OVERRIDES}.argo-cd.configs.cm`;
const ARGOCD_REPOSITORIES = [`${OVERRIDES}.argo-cd.configs.repositories`, `${OVERRIDES}.argo-cd.configs.credentialTemplates`];

// The spec is usually in Git: a credential that was in it must be treated as leaked.
const REVOKE = 'revoke it (it has been in the spec) and ';
const REPO_SECRET_FIX =
  'create an Argo CD repository Secret in namespace argocd outside Groundwork (label argocd.argoproj.io/secret-type: repository for this URL, or repo-creds for every URL under a prefix; e.g. an ExternalSecret from AWS Secrets Manager) and';

/** The fix for a credential found at `path`: the reference that replaces it there. */
function fixFor(path: string): string {
  if (path === REPO_URL) return `${REVOKE}${REPO_SECRET_FIX} set repoURL to the plain URL (https://host/org/repo.git or git@host:org/repo.git)`;
  if (path === ARGOCD_ADMIN_PASSWORD) {
    return (
      `${REVOKE}remove it: Groundwork keeps the local admin off (configs.cm.admin.enabled: false), so operators use \`argocd admin dashboard\` or \`argocd --core\` with their IAM credentials; ` +
      'to have a login, add SSO (configs.cm.oidc.config with clientSecret: $oidc.clientSecret, a key of argocd-secret), or set configs.secret.createSecret: false and provide argocd-secret outside Groundwork (e.g. an ExternalSecret from AWS Secrets Manager with admin.password as a bcrypt hash and admin.passwordMtime)'
    );
  }
  if (path.startsWith(`${ARGOCD_SECRET}.`)) {
    return `${REVOKE}set configs.secret.createSecret: false and provide argocd-secret outside Groundwork (e.g. an ExternalSecret from AWS Secrets Manager holding webhook.github.secret, admin.password, …); in argocd-cm refer to its keys as $<key>`;
  }
  if (path.startsWith(`${ARGOCD_CM}.`)) {
    return `${REVOKE}set configs.secret.createSecret: false, provide argocd-secret outside Groundwork (e.g. an ExternalSecret from AWS Secrets Manager) and refer to its key here as $<key> (e.g. clientSecret: $oidc.clientSecret)`;
  }
  if (ARGOCD_REPOSITORIES.some((p) => path.startsWith(`${p}.`))) return `${REVOKE}${REPO_SECRET_FIX} keep only the URL in Groundwork`;
  if (path.startsWith(`${OVERRIDES}.`)) {
    return `${REVOKE}put it in a Kubernetes Secret created outside Groundwork (e.g. an ExternalSecret from AWS Secrets Manager) and set the chart's reference instead (existingSecret, …SecretName, …SecretRef or env valueFrom.secretKeyRef)`;
  }
  if (path.startsWith('spec.observability.alerting.')) {
    return `${REVOKE}put it in a Secret in namespace monitoring (e.g. an ExternalSecret from AWS Secrets Manager) and set the receiver's secret: { name, key } to that Secret; channel takes only a Slack "#channel"`;
  }
  if (path.startsWith('spec.tags')) return `${REVOKE}remove it: tags are copied in clear to every AWS resource, cloud.json and the manifests; keep the credential in AWS Secrets Manager (a tag may hold its ARN)`;
  return `${REVOKE}keep it out of the spec: store it in AWS Secrets Manager or a Kubernetes Secret and refer to it by ARN or Secret name (Pulumi config secrets for the deploy itself)`;
}

/** A spec string shown in a message (credentials already masked): escapes visible, long text cut. */
function shown(redacted: string): string {
  return JSON.stringify(redacted.length > 80 ? `${redacted.slice(0, 79)}…` : redacted);
}

/** Where a string sits and whether its key name makes any literal there a credential. */
interface Site {
  path: string;
  /** Under spec.addons.overrides, where key names count. */
  inOverrides: boolean;
  /** A literal here is a credential by its key name. */
  secretByKey: boolean;
  /** The key the value sits under, for patterns that need it (`secretAccessKey: …`). */
  key?: string;
}

/** One problem per path: the first reason found is the one reported. */
type Found = Map<string, string>;

/** Credentials recognised by their format (and by the key right before them). */
function checkPatterns(value: string, site: Site, found: Found): void {
  // The key is scanned with its value, so `secretAccessKey: <40 chars>` is seen as a pair.
  const prefix = site.key === undefined ? '' : `${site.key}: `;
  const text = prefix + value;
  // Keys holding a credential are reported (masked) where the key is walked.
  const inValue = scanCredentials(text).filter((m) => m.secretIndex >= prefix.length);
  if (inValue.length === 0 || found.has(site.path)) return;
  found.set(site.path, `${shown(redactCredentials(text).slice(prefix.length))} holds ${inValue[0].pattern.what}`);
}

/** Embedded configuration (argocd-cm's `oidc.config`, a `config.yaml` value): `key: value` lines. */
function checkEmbedded(value: string, path: string, found: Found): void {
  value.split('\n').forEach((line, i) => {
    const m = /^\s*-?\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s#]+)/.exec(line);
    if (!m || !isSecretKeyName(m[1]) || isReferenceValue(m[2]) || m[2] === '|' || m[2] === '>') return;
    if (!found.has(path)) found.set(path, `line ${i + 1} sets ${m[1]} to a literal (${maskCredential(m[2])})`);
  });
}

function checkString(value: string, site: Site, found: Found): void {
  checkPatterns(value, site, found);
  if (site.secretByKey) {
    if (!isReferenceValue(value) && !found.has(site.path)) found.set(site.path, `is a literal credential (${maskCredential(value)})`);
  } else if (site.inOverrides && value.includes('\n')) checkEmbedded(value, site.path, found);
}

/** What the walk knows about the ancestors of a value. */
interface WalkState {
  /** Under spec.addons.overrides: key names count. */
  inOverrides: boolean;
  /** Under a Secret's data (`secretConfiguration.data`, `configs.secret.extra`): every literal is a credential. */
  secretData: boolean;
}

/** Walk every string of the raw input (keys too); `key` is the key `value` sits under. */
function walk(value: unknown, path: string, state: WalkState, found: Found, seen: Set<object>, key?: string): void {
  if (typeof value === 'string') {
    const secretByKey = state.inOverrides && (state.secretData || (key !== undefined && isSecretKeyName(key)));
    checkString(value, { path, inOverrides: state.inOverrides, secretByKey, key }, found);
    return;
  }
  // `seen`: a spec module may hand over a cyclic object.
  if (!value || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, state, found, seen, key));
    return;
  }
  const record = value as Record<string, unknown>;
  const secretContainer = state.inOverrides && key !== undefined && isSecretKeyName(key);
  // `env: [{ name: GITHUB_TOKEN, value: … }]`: the name says what the literal value is.
  const envSecret = state.inOverrides && typeof record.name === 'string' && typeof record.value === 'string' && isSecretKeyName(record.name);
  for (const [childKey, child] of Object.entries(record)) {
    const inKey = scanCredentials(childKey);
    if (inKey.length > 0) {
      // The path names the key masked: printing it would print the credential.
      const keyPath = `${path}.${maskCredential(childKey)}`;
      if (!found.has(keyPath)) found.set(keyPath, `the key holds ${inKey[0].pattern.what}`);
      continue;
    }
    const childPath = `${path}.${childKey}`;
    const inOverrides = state.inOverrides || childPath.startsWith(`${OVERRIDES}.`);
    const secretData =
      state.secretData ||
      (envSecret && childKey === 'value') ||
      (secretContainer && isSecretDataKey(childKey)) ||
      (inOverrides && isSecretKeyName(childKey) && isSecretDataKey(childKey));
    walk(child, childPath, { inOverrides, secretData }, found, seen, childKey);
  }
}

export const credentialRules: Rule = ({ input, report }) => {
  const found: Found = new Map();
  walk(input, 'spec', { inOverrides: false, secretData: false }, found, new Set());
  for (const [path, problem] of found) report(path, problem, fixFor(path));
};
