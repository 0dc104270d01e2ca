/**
 * The add-on catalogue: every add-on Groundwork knows. Order here is irrelevant — delivery order
 * comes from declared dependencies. Adding an add-on is one file plus one line here.
 */
import type { Addon } from './addon';
import { awsLoadBalancerController } from './aws-load-balancer-controller';
import { certManager } from './cert-manager';
import { clusterAutoscaler } from './cluster-autoscaler';
import { externalDns } from './external-dns';
import { ingressNginx } from './ingress-nginx';
import { metricsServer } from './metrics-server';

/** Every add-on, by id. */
export const CATALOGUE: readonly Addon[] = [
  awsLoadBalancerController,
  certManager,
  clusterAutoscaler,
  externalDns,
  ingressNginx,
  metricsServer,
] as readonly Addon[];
