/**
 * Credential detection, shared by the spec rule (lib/spec/rules/credentials.ts) and the last
 * gate on every output file: one pattern table, so what the spec rejects and what the writer
 * refuses to write are the same thing. Patterns recognise credentials by their own format (a
 * vendor prefix, a PEM header, a password in a URL) or by a key name right next to them; there
 * is deliberately no generic entropy rule, which would flag ARNs, zone ids and image digests.
 */
import type { SpecIssue } from './errors';

/** One kind of credential the table recognises. */
export interface CredentialPattern {
  /** Stable id, e.g. `github-token`. */
  id: string;
  /** What was found, for messages: `a GitHub token`. */
  what: string;
  /** Matches the credential; a named group `secret` is the part to mask (else the whole match). */
  regex: RegExp;
  /** Second look at a match, for formats a regex alone cannot tell from prose. */
  confirm?: (secret: string) => boolean;
}

/** `user:password` base64-encoded, as a Basic authorization header carries it. */
function isBasicCredential(secret: string): boolean {
  const decoded = Buffer.from(secret, 'base64').toString('latin1');
  return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
}

// Every regex starts with a literal where it can, so V8 skips ahead instead of trying each offset:
// the gate runs over megabytes of YAML and JSON per synth.
const TABLE: readonly CredentialPattern[] = [
  { id: 'url-password', what: 'a password or token in the URL', regex: /:\/\/[^\s/?#@:"'<>]+:(?<secret>[^\s/?#@"'<>]+)@/g },
  {
    id: 'url-query-secret',
    what: 'a credential in the URL query',
    regex: /:\/\/[^\s"'<>?#]*\?(?:[^\s"'<>#]*&)?(?:access_token|id_token|refresh_token|private_token|token|password|passwd|pwd|secret|client_secret|api_key|apikey|x-amz-signature|x-amz-credential|sig)=(?<secret>[^&\s"'<>#]+)/gi,
  },
  { id: 'slack-webhook', what: 'a Slack webhook URL', regex: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9/_-]{20,})/g },
  { id: 'aws-access-key-id', what: 'an AWS access key id', regex: /\b(?<secret>(?:AKIA|ASIA)[A-Z0-9]{16})\b/g },
  {
    id: 'aws-secret-access-key',
    what: 'an AWS secret access key',
    regex: /(?:aws_?)?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
  },
  // The body is the secret, not the header: the match runs to the END line so all of it is masked.
  // A key has a base64 body (after optional `Proc-Type:`-style headers; newlines may be JSON-escaped);
  // documentation placeholders such as `-----BEGIN PRIVATE KEY-----\n<private-key>\n…` (CRD
  // descriptions of external-secrets) are not keys.
  {
    id: 'private-key',
    what: 'a PEM private key',
    regex: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\s|\\[nr])*(?:[A-Za-z-]+: [^\n\\]*(?:\n|\\n)(?:\s|\\[nr])*)*(?:[A-Za-z0-9+/=]|\s|\\[nr]){16,}[\s\S]*?(?:-----END [A-Z0-9 ]*-----|$)/g,
  },
  { id: 'github-token', what: 'a GitHub token', regex: /\b(?<secret>gh[opsur]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { id: 'gitlab-token', what: 'a GitLab token', regex: /\b(?<secret>glpat-[A-Za-z0-9_-]{20,})/g },
  { id: 'slack-token', what: 'a Slack token', regex: /\b(?<secret>xox[abprs]-[A-Za-z0-9-]{10,})/g },
  { id: 'stripe-key', what: 'a Stripe live key', regex: /\b(?<secret>[rs]k_live_[A-Za-z0-9]{16,})/g },
  { id: 'google-api-key', what: 'a Google API key', regex: /\b(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/g },
  { id: 'jwt', what: 'a JSON Web Token', regex: /\b(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g },
  { id: 'bcrypt-hash', what: 'a bcrypt password hash', regex: /(?<secret>\$2[aby]\$\d\d\$[./A-Za-z0-9]{53})/g },
  {
    id: 'authorization-header',
    what: 'an Authorization header',
    regex: /authorization["']?\s*[:=]\s*["']?(?:basic|bearer|token)\s+(?<secret>[A-Za-z0-9+/._~-]{8,}=*)/gi,
  },
  { id: 'basic-auth', what: 'Basic authorization credentials', regex: /\bBasic\s+(?<secret>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/g, confirm: isBasicCredential },
];

/** Every credential pattern; read-only. */
export const CREDENTIAL_PATTERNS: readonly CredentialPattern[] = TABLE;

/** A credential found in a text. */
export interface CredentialFinding {
  /** Id of the pattern that matched (see CREDENTIAL_PATTERNS). */
  pattern: string;
  /** What was found, for messages. */
  what: string;
  /** 1-based line of the match. */
  line: number;
  /** The credential masked (first characters and `…`), safe to print. */
  masked: string;
}

/** A match with its offset, before line numbers are worked out. */
export interface CredentialMatch {
  pattern: CredentialPattern;
  /** Offset of the whole match in the text. */
  index: number;
  /** Length of the whole match. */
  length: number;
  /** The credential itself (never print it: use `masked`). */
  secret: string;
  /** Offset of `secret` in the text. */
  secretIndex: number;
  /** `secret` masked, safe to print. */
  masked: string;
}

/**
 * `secret` safe to print: its first 4 characters when it is long enough that they say little,
 * then `…`. Characters outside printable ASCII become `?` so a message cannot carry escapes.
 */
export function maskCredential(secret: string): string {
  // Idempotent: a message masked once (by its rule) is masked again as a whole before printing.
  if (/^[\x20-\x7e]{0,4}…$/.test(secret)) return secret;
  const head = secret.length >= 12 ? secret.slice(0, 4) : '';
  return `${head.replace(/[^\x20-\x7e]/g, '?')}…`;
}

/** Every credential in `text`, in order of position (overlapping matches of two patterns both kept). */
export function scanCredentials(text: string): CredentialMatch[] {
  const found: CredentialMatch[] = [];
  for (const pattern of TABLE) {
    // `d`: offsets of the `secret` group, to mask exactly that part.
    const regex = new RegExp(pattern.regex.source, `${pattern.regex.flags}d`);
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      const secret = m.groups?.secret ?? m[0];
      if (pattern.confirm && !pattern.confirm(secret)) continue;
      const secretIndex = m.indices?.groups?.secret?.[0] ?? m.index;
      found.push({ pattern, index: m.index, length: m[0].length, secret, secretIndex, masked: maskCredential(secret) });
    }
  }
  // Stable sort: matches at one offset keep the table's order.
  return found.sort((a, b) => a.index - b.index);
}

/** 1-based line of each offset in `offsets` (sorted ascending). */
function linesOf(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const offset of offsets) {
    for (let nl = text.indexOf('\n', from); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) line++;
    from = offset;
    lines.push(line);
  }
  return lines;
}

/**
 * Credentials in an output file's text. The writer's last gate: anything found here must not be
 * written. Fast on clean text (one pass per pattern, line numbers only worked out for findings).
 */
export function findCredentials(text: string): CredentialFinding[] {
  const matches = scanCredentials(text);
  if (matches.length === 0) return [];
  const lines = linesOf(text, matches.map((m) => m.index));
  return matches.map((m, i) => ({ pattern: m.pattern.id, what: m.pattern.what, line: lines[i], masked: m.masked }));
}

/** `text` with every credential in it replaced by its masked form, so it can be echoed. */
export function redactCredentials(text: string): string {
  const matches = scanCredentials(text);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of [...matches].sort((a, b) => a.secretIndex - b.secretIndex)) {
    if (m.secretIndex < at) continue; // overlaps a credential already masked
    out += text.slice(at, m.secretIndex) + m.masked;
    at = m.secretIndex + m.secret.length;
  }
  return out + text.slice(at);
}

/** Lowercase letters and digits only: `client_secret`, `clientSecret` and `client-secret` compare equal. */
function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// Key names that say the value is a credential (normalized).
const SECRET_KEY = /passw(?:or)?d|passphrase|secret|token|apikey|credential|privatekey|accesskey|sshkey|bindpw|webhookurl|slackurl|slackapiurl|connectionstring|^pwd$|^auth$/;
// Key names that only look like it: references to a Secret (`existingSecret`, `passwordSecretName`,
// `secretKeyRef`, `passwordSecret`, `usernameKey`), switches (`createSecret`,
// `automountServiceAccountToken`) and metadata about a credential (`argocdServerAdminPasswordMtime`,
// `tokenAudience`, `bearerTokenFile`, `imagePullSecrets`).
const REFERENCE_KEY_PREFIX = /^(?:existing|create|use|automount|enable|disable|generate|mount|skip|rotate|include|exclude)/;
const REFERENCE_KEY_SUFFIX =
  /(?:name|names|ref|refs|from|file|files|path|paths|dir|namespace|mtime|time|ttl|expiry|expiration|seconds|duration|period|interval|uri|endpoint|issuer|audience|audiences|enabled|annotations|labels|type|mode|size|length|format|policy|version|selector|provider|secrets|(?:password|token|username|user|secret)key|(?:password|token|credentials?|apikey|key)secret)$/;

/** True when a key named `key` holds a credential, so a literal value under it is one. */
export function isSecretKeyName(key: string): boolean {
  const k = normalizeKey(key);
  if (!SECRET_KEY.test(k) || REFERENCE_KEY_PREFIX.test(k) || REFERENCE_KEY_SUFFIX.test(k)) return false;
  // A URL is an address, except a webhook's, which carries its token in the path.
  return !/(?:url|urls)$/.test(k) || /webhook|slack/.test(k);
}

/** Keys whose children are a Secret's data, inside a credential key (`secretConfiguration.data`, `configs.secret.extra`). */
export function isSecretDataKey(key: string): boolean {
  return /^(?:data|stringdata|extra|contents|secretcontents|secretdata)$/.test(normalizeKey(key));
}

/**
 * True when `value` is no credential itself but points at one: empty, an Argo CD reference to a
 * key of argocd-secret or another Secret (`$oidc.clientSecret`, `$my-secret:key`), an environment
 * placeholder (`${GITHUB_TOKEN}`), an AWS Secrets Manager or SSM Parameter ARN, a boolean.
 */
export function isReferenceValue(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    /^\$[A-Za-z_][\w.-]*(?::[\w.-]+)?$/.test(v) ||
    /^\$\{[A-Za-z_][\w.]*\}$/.test(v) ||
    /^arn:aws[a-z-]*:(?:secretsmanager|ssm):/.test(v) ||
    /^(?:true|false)$/i.test(v)
  );
}

/** `issue` with every credential in its path, problem and fix masked: no rule may echo one. */
export function redactIssue(issue: SpecIssue): SpecIssue {
  return { path: redactCredentials(issue.path), problem: redactCredentials(issue.problem), fix: redactCredentials(issue.fix) };
}
