/**
 * The `format`s of CRD schemas, as the API server treats them (apiextensions-apiserver
 * pkg/apiserver/validation/formats.go, kube-openapi strfmt): it validates a fixed set of string
 * formats and silently strips every other format. We validate the formats the CRDs we install
 * use, ignore the rest explicitly (`IGNORED_FORMATS`, each with the reason), and add one check
 * the API server does not make: int32/int64 ranges, because a value out of range is stored but
 * then fails to decode into the controller's Go field, so the object never takes effect.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';
import type { FormatDefinition } from 'ajv';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** strfmt ParseDateTime accepts RFC 3339 and the ISO 8601 variants without seconds or zone. */
function isDateTime(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.exec(value);
  return m !== null && isDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4] ?? 0) < 61;
}

/** Go time.ParseDuration ("1h30m", "250ms") or strfmt's "<n> <unit>" form ("3 days"). */
function isDuration(value: string): boolean {
  if (value === '0' || /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.test(value)) return true;
  return /^\d+\s*(?:ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)$/i.test(value);
}

function isCidr(value: string): boolean {
  const [ip, bits, extra] = value.split('/');
  if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const version = isIP(ip);
  return version !== 0 && Number(bits) <= (version === 4 ? 32 : 128);
}

/** kube-openapi's HostnamePattern plus its length limits (255 in all, 63 per label). */
const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z0-9\p{S}\p{L}])(-?[a-zA-Z0-9\p{S}\p{L}]){1,62})$/u;

function str(validate: (value: string) => boolean): FormatDefinition<string> {
  return { type: 'string', validate };
}

function intRange(min: bigint, max: bigint): FormatDefinition<number> {
  return { type: 'number', validate: (value: number) => !Number.isInteger(value) || (BigInt(value) >= min && BigInt(value) <= max) };
}

/** Formats we validate, by name as CRDs spell them. */
export const VALIDATED_FORMATS: Record<string, FormatDefinition<string> | FormatDefinition<number>> = {
  byte: str((v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(v)),
  date: str(isDate),
  'date-time': str(isDateTime),
  datetime: str(isDateTime),
  duration: str(isDuration),
  // Go net/url.ParseRequestURI: an absolute URI or an absolute path.
  uri: str((v) => /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+|\/[^\s]*)$/.test(v)),
  email: str((v) => /^[^\s@<>]+@[^\s@<>]+$/.test(v)),
  hostname: str((v) => v.length <= 255 && HOSTNAME.test(v) && v.split('.').every((label) => label.length <= 63)),
  ipv4: str((v) => isIPv4(v)),
  ipv6: str((v) => isIPv6(v)),
  cidr: str(isCidr),
  mac: str((v) => /^(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^(?:[0-9a-fA-F]{2}[:-]){7}[0-9a-fA-F]{2}$|^(?:[0-9a-fA-F]{2}[:-]){19}[0-9a-fA-F]{2}$/.test(v)),
  uuid: str((v) => UUID.test(v)),
  password: str(() => true),
  // Kubernetes ≥ 1.34: DNS-1123 label / subdomain.
  'k8s-short-name': str((v) => v.length <= 63 && DNS1123_LABEL.test(v)),
  'k8s-long-name': str((v) => v.length <= 253 && v.split('.').every((l) => DNS1123_LABEL.test(l))),
  // Not validated by the API server (see the file comment): a range check of our own.
  int32: intRange(-(2n ** 31n), 2n ** 31n - 1n),
  int64: intRange(-(2n ** 63n), 2n ** 63n - 1n),
};

/** Formats we deliberately do not validate, with the reason. */
export const IGNORED_FORMATS: Record<string, string> = {
  float: 'numeric hint; the API server strips it',
  double: 'numeric hint; the API server strips it',
  'int-or-string': 'a type hint some generators emit; the API server strips it (x-kubernetes-int-or-string is what counts)',
  string: 'a type hint (Istio); the API server strips it',
};
