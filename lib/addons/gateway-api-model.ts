/**
 * Typed shapes of the Gateway API objects the platform writes (gateway.networking.k8s.io/v1 of
 * the vendored v1.5.1 standard bundle) and of the AWS Load Balancer Controller's gateway
 * extensions (gateway.k8s.aws/v1 of its 3.5 chart), limited to the fields we set. No model
 * package covers these versions, so the tests validate every emitted object against the CRD
 * schemas themselves (test/support/crd-schema.ts). Fields the API server would default are set
 * explicitly, so a server-side diff (Argo CD) never shows them as drift.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

/** API group of the Gateway API. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** API version of the standard-channel kinds we write. */
export const GATEWAY_API_VERSION_V1 = `${GATEWAY_API_GROUP}/v1` as const;
/** API version of the AWS Load Balancer Controller's gateway extensions. */
export const AWS_GATEWAY_API_VERSION = 'gateway.k8s.aws/v1' as const;

/** Object metadata we set. */
export interface ObjectMeta {
  /** Object name. */
  name: string;
  /** Namespace (omitted for cluster-scoped kinds). @default cluster-scoped */
  namespace?: string;
  /** Labels. @default none */
  labels?: Record<string, string>;
}

/** A Kubernetes label selector. */
export interface LabelSelector {
  /** Exact label matches. @default none */
  matchLabels?: Record<string, string>;
  /** Set-based requirements, ANDed. @default none */
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** Which routes may attach to a listener. */
export interface AllowedRoutes {
  /** Namespaces routes may come from. */
  namespaces: { from: 'Same' | 'Selector'; selector?: LabelSelector };
  /** Route kinds accepted. */
  kinds: Array<{ group: typeof GATEWAY_API_GROUP; kind: 'HTTPRoute' }>;
}

/** One listener of a Gateway. */
export interface Listener {
  /** Name routes refer to in `parentRefs[].sectionName`. */
  name: string;
  /** HTTP or HTTPS. */
  protocol: 'HTTP' | 'HTTPS';
  /** Port on the load balancer / proxy. */
  port: number;
  /** Hostnames served (a wildcard matches one or more labels). */
  hostname: string;
  /** TLS termination; omitted where the implementation finds the certificate itself (ALB + ACM). @default none */
  tls?: { mode: 'Terminate'; certificateRefs: Array<{ group: ''; kind: 'Secret'; name: string }> };
  /** Route admission. */
  allowedRoutes: AllowedRoutes;
}

/** gateway.networking.k8s.io/v1 Gateway. */
export interface GatewayObject {
  apiVersion: typeof GATEWAY_API_VERSION_V1;
  kind: 'Gateway';
  metadata: ObjectMeta;
  spec: {
    /** GatewayClass implementing this Gateway. */
    gatewayClassName: string;
    /** Bind to an existing deployment (Istio manual deployment). @default implementation-assigned */
    addresses?: Array<{ type: 'Hostname'; value: string }>;
    /** Implementation parameters (the ALB's LoadBalancerConfiguration). @default none */
    infrastructure?: { parametersRef: { group: string; kind: string; name: string } };
    /** Listeners. */
    listeners: Listener[];
  };
}

/** gateway.networking.k8s.io/v1 GatewayClass. */
export interface GatewayClassObject {
  apiVersion: typeof GATEWAY_API_VERSION_V1;
  kind: 'GatewayClass';
  metadata: ObjectMeta;
  spec: { controllerName: string; description: string };
}

/** A route's attachment to one listener of a Gateway. */
export interface ParentRef {
  group: typeof GATEWAY_API_GROUP;
  kind: 'Gateway';
  name: string;
  namespace: string;
  sectionName: string;
}

/** A path-prefix match of an HTTPRoute rule. */
export interface PathPrefixMatch {
  /** The request path prefix the rule applies to. */
  path: { type: 'PathPrefix'; value: string };
}

/** The platform's redirect rule: plain HTTP answered with a 301 to HTTPS. */
export interface RedirectRule {
  /** The paths redirected. */
  matches: PathPrefixMatch[];
  /** The redirect filter. */
  filters: Array<{ type: 'RequestRedirect'; requestRedirect: { scheme: 'https'; statusCode: 301 } }>;
}

/** gateway.networking.k8s.io/v1 HTTPRoute (the fields we set); the platform's own rules are redirects. */
export interface HTTPRouteObject<Rule = RedirectRule> {
  apiVersion: typeof GATEWAY_API_VERSION_V1;
  kind: 'HTTPRoute';
  metadata: ObjectMeta;
  spec: {
    parentRefs: ParentRef[];
    hostnames: string[];
    rules: Rule[];
  };
}

/** gateway.k8s.aws/v1 LoadBalancerConfiguration: what the Gateway API cannot say about the ALB. */
export interface LoadBalancerConfigurationObject {
  apiVersion: typeof AWS_GATEWAY_API_VERSION;
  kind: 'LoadBalancerConfiguration';
  metadata: ObjectMeta;
  spec: {
    scheme: 'internet-facing' | 'internal';
    ipAddressType: 'ipv4';
    listenerConfigurations: Array<{ protocolPort: string; sslPolicy: string }>;
    loadBalancerAttributes: Array<{ key: string; value: string }>;
    defaultTargetGroupConfiguration: { name: string };
  };
}

/** gateway.k8s.aws/v1 TargetGroupConfiguration without a target: defaults for every backend. */
export interface TargetGroupConfigurationObject {
  apiVersion: typeof AWS_GATEWAY_API_VERSION;
  kind: 'TargetGroupConfiguration';
  metadata: ObjectMeta;
  spec: { defaultConfiguration: { targetType: 'ip' | 'instance' } };
}

/** Every edge object the platform writes. */
export type EdgeObject = GatewayObject | GatewayClassObject | HTTPRouteObject | LoadBalancerConfigurationObject | TargetGroupConfigurationObject;

/** Add `object` to `scope` as a cdk8s ApiObject. */
export function emitEdgeObject(scope: Construct, id: string, object: EdgeObject): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = object;
  return new ApiObject(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...rest });
}
