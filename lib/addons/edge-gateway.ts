/**
 * The environment's edge as Gateway API objects: one `Gateway` named `<env>-edge` with an HTTPS
 * listener for `*.<domain>` that admits `HTTPRoute`s from tenant namespaces only, and an HTTP
 * listener that admits only the platform's own redirect route (plaintext never reaches a
 * tenant). Two implementations serve it:
 * - mesh on: Istio's gateway deployment (the istio/gateway chart release, so its Deployment,
 *   HPA, PDB and placement are ours), bound to the Gateway by Istio's "manual deployment" mode:
 *   `spec.addresses` names the release's Service. TLS terminates with cert-manager's wildcard Secret.
 * - mesh off: an ALB from the AWS Load Balancer Controller (GatewayClass `gateway.k8s.aws/alb`),
 *   internet-facing, IP targets, TLS 1.2+ with the ACM certificate for `*.<domain>` that the
 *   controller finds by the listener hostname (an ALB cannot read Kubernetes Secrets).
 */
import type { Construct } from 'constructs';
import type { IngressPeer } from '../k8s/tenant';
import { TENANT_NAMESPACE_LABEL } from '../k8s/tenant';
import { addTenantDeployRoles } from '../k8s/tenant-deploy-roles';
import { publicSubnetCidrs } from '../spec/subnets';
import type { ResolvedSpec } from '../spec/types';
import {
  AWS_GATEWAY_API_VERSION,
  emitEdgeObject,
  GATEWAY_API_GROUP,
  GATEWAY_API_VERSION_V1,
  type AllowedRoutes,
  type EdgeObject,
  type GatewayObject,
  type HTTPRouteObject,
  type Listener,
} from './gateway-api-model';
import { GATEWAY_POD_LABELS, GATEWAY_RELEASE, ISTIO_NAMESPACE } from './istio-common';
import { INGRESS_NGINX_NAMESPACE, wildcardSecretName } from './wildcard-certificate';

/** Who serves the Gateway API edge. */
export type EdgeImplementation = 'istio' | 'alb';

/** Listener names routes attach to (`parentRefs[].sectionName`). */
export const EDGE_LISTENERS = { https: 'https', http: 'http' } as const;

/** GatewayClass Istio's control plane creates and reconciles. */
export const ISTIO_GATEWAY_CLASS = 'istio';
/** GatewayClass of the ALB edge, and the controller that reconciles it. */
export const ALB_GATEWAY_CLASS = 'alb';
export const ALB_GATEWAY_CONTROLLER = 'gateway.k8s.aws/alb';
/** Namespace of the ALB edge: the controller's own, which only cluster admins can write. */
export const ALB_EDGE_NAMESPACE = 'kube-system';

/**
 * TLS 1.2 and 1.3 with forward-secret AEAD ciphers only: the ELB policy AWS recommends (the
 * controller's default, ELBSecurityPolicy-2016-08, still accepts TLS 1.0).
 */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

const LABELS = { 'app.kubernetes.io/managed-by': 'groundwork', 'app.kubernetes.io/component': 'edge' };

/** The edge implementation `spec` selects; undefined when the edge is ingress-nginx. */
export function edgeImplementation(spec: Pick<ResolvedSpec, 'addons'>): EdgeImplementation | undefined {
  if (spec.addons.ingress !== 'gateway-api') return undefined;
  return spec.addons.mesh ? 'istio' : 'alb';
}

/** Name of the edge Gateway, e.g. `prod-edge`: what a tenant's HTTPRoute names in `parentRefs`. */
export function edgeGatewayName(spec: Pick<ResolvedSpec, 'name'>): string {
  return `${spec.name}-edge`;
}

/** Namespace of the edge Gateway for `implementation`. */
export function edgeGatewayNamespace(implementation: EdgeImplementation): string {
  return implementation === 'istio' ? ISTIO_NAMESPACE : ALB_EDGE_NAMESPACE;
}

/** In-cluster address of the Istio gateway release's Service, which the Gateway binds to. */
export function istioGatewayServiceHostname(): string {
  return `${GATEWAY_RELEASE}.${ISTIO_NAMESPACE}.svc.cluster.local`;
}

/** Route admission of the HTTPS listener: HTTPRoutes from namespaces carrying the tenant label. */
export function tenantRoutes(): AllowedRoutes {
  return {
    namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: TENANT_NAMESPACE_LABEL, operator: 'Exists' }] } },
    kinds: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' }],
  };
}

/** The two listeners of the edge for `domain`. */
export function edgeListeners(spec: Pick<ResolvedSpec, 'name'>, domain: string, implementation: EdgeImplementation): Listener[] {
  const hostname = `*.${domain}`;
  return [
    {
      name: EDGE_LISTENERS.https,
      protocol: 'HTTPS',
      port: 443,
      hostname,
      // The ALB controller takes certificates from ACM only (discovered by this hostname).
      ...(implementation === 'istio'
        ? { tls: { mode: 'Terminate' as const, certificateRefs: [{ group: '' as const, kind: 'Secret' as const, name: wildcardSecretName(spec) }] } }
        : {}),
      allowedRoutes: tenantRoutes(),
    },
    {
      name: EDGE_LISTENERS.http,
      protocol: 'HTTP',
      port: 80,
      hostname,
      // Only the redirect route below, from the Gateway's own namespace: a tenant route here would
      // outrank the redirect for its hostname and serve plaintext.
      allowedRoutes: { namespaces: { from: 'Same' }, kinds: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' }] },
    },
  ];
}

/** The Gateway, its HTTP→HTTPS redirect and (ALB) the class and load balancer settings. */
export function edgeGatewayObjects(spec: ResolvedSpec, implementation: EdgeImplementation): EdgeObject[] {
  if (!spec.domain) return []; // no hostnames to serve
  const name = edgeGatewayName(spec);
  const namespace = edgeGatewayNamespace(implementation);
  const lbConfig = `${name}-alb`;
  const targets = `${name}-targets`;
  const gateway: GatewayObject = {
    apiVersion: GATEWAY_API_VERSION_V1,
    kind: 'Gateway',
    metadata: { name, namespace, labels: LABELS },
    spec: {
      gatewayClassName: implementation === 'istio' ? ISTIO_GATEWAY_CLASS : ALB_GATEWAY_CLASS,
      // Istio manual deployment: no generated Deployment, our chart release serves this Gateway.
      ...(implementation === 'istio' ? { addresses: [{ type: 'Hostname' as const, value: istioGatewayServiceHostname() }] } : {}),
      ...(implementation === 'alb' ? { infrastructure: { parametersRef: { group: 'gateway.k8s.aws', kind: 'LoadBalancerConfiguration', name: lbConfig } } } : {}),
      listeners: edgeListeners(spec, spec.domain, implementation),
    },
  };
  const redirect: HTTPRouteObject = {
    apiVersion: GATEWAY_API_VERSION_V1,
    kind: 'HTTPRoute',
    metadata: { name: `${name}-https-redirect`, namespace, labels: LABELS },
    spec: {
      parentRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name, namespace, sectionName: EDGE_LISTENERS.http }],
      hostnames: [`*.${spec.domain}`],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    },
  };
  if (implementation === 'istio') return [gateway, redirect];
  return [
    {
      apiVersion: GATEWAY_API_VERSION_V1,
      kind: 'GatewayClass',
      metadata: { name: ALB_GATEWAY_CLASS, labels: LABELS },
      spec: { controllerName: ALB_GATEWAY_CONTROLLER, description: 'Internet-facing ALBs of the AWS Load Balancer Controller' },
    },
    {
      apiVersion: AWS_GATEWAY_API_VERSION,
      kind: 'TargetGroupConfiguration',
      metadata: { name: targets, namespace, labels: LABELS },
      // IP targets: the ALB sends to pod IPs, so tenant NetworkPolicies see it and no NodePort is opened.
      spec: { defaultConfiguration: { targetType: 'ip' } },
    },
    {
      apiVersion: AWS_GATEWAY_API_VERSION,
      kind: 'LoadBalancerConfiguration',
      metadata: { name: lbConfig, namespace, labels: LABELS },
      spec: {
        // The controller's default is internal.
        scheme: 'internet-facing',
        ipAddressType: 'ipv4',
        listenerConfigurations: [{ protocolPort: 'HTTPS:443', sslPolicy: ALB_SSL_POLICY }],
        loadBalancerAttributes: [
          // Requests with malformed headers are dropped at the edge instead of reaching tenants (request smuggling).
          { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
          // Where the tier protects stateful resources, the edge's DNS name must not vanish by accident.
          { key: 'deletion_protection.enabled', value: String(spec.profile.protectResources) },
        ],
        defaultTargetGroupConfiguration: { name: targets },
      },
    },
    gateway,
    redirect,
  ];
}

/** Emit the edge objects of `implementation` into `scope`. */
export function configureEdgeGateway(scope: Construct, spec: ResolvedSpec, implementation: EdgeImplementation): void {
  // Teams attach their own HTTPRoutes to this Gateway (ProductionService): the rights to write them come with it.
  addTenantDeployRoles(scope, spec.name, 'gateway-api');
  for (const object of edgeGatewayObjects(spec, implementation)) {
    emitEdgeObject(scope, `edge-${object.kind.toLowerCase()}-${object.metadata.name}`, object);
  }
}

/**
 * Where north-south traffic reaches tenant pods from: Istio's gateway pods, ingress-nginx's
 * namespace, or, for the ALB (IP targets), the public subnets its nodes live in. Never the VPC
 * CIDR: with the VPC CNI every pod has a VPC address, so that would admit every pod.
 */
export function edgeIngressPeer(spec: Pick<ResolvedSpec, 'addons' | 'vpcCidr' | 'availabilityZones' | 'existingVpc'>): IngressPeer {
  const implementation = edgeImplementation(spec);
  if (implementation === 'istio') return { namespace: ISTIO_NAMESPACE, podLabels: { ...GATEWAY_POD_LABELS } };
  if (implementation === 'alb') return { cidrs: publicSubnetCidrs(spec) };
  return { namespace: INGRESS_NGINX_NAMESPACE };
}
