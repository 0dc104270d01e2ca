/**
 * `ProductionService`: one HTTP service the way the platform expects it to run — autoscaled,
 * disruption-budgeted and spread pods under the restricted security context, with probes and
 * requests/limits the admission policies require, reachable from the edge and named callers
 * only, routed through the platform's edge, scraped where Prometheus runs, with an optional
 * weighted canary. Platform facts come from the environment spec; props are checked here.
 */
import { Construct } from 'constructs';
import { platformFacts, type PlatformFacts } from './platform';
import type { ProductionServiceProps, ResolvedServiceProps } from './props';
import { addRouting } from './routing';
import { addScraping } from './scraping';
import { addTrafficPolicy } from './traffic-policy';
import { resolveServiceProps } from './validate';
import { addWorkload } from './workload';

/** A team's production-ready HTTP service on a Groundwork platform. */
export class ProductionService extends Construct {
  /** Name of the Deployment, Service, ServiceAccount and policies. */
  public readonly serviceName: string;
  /** Tenant namespace the service runs in. */
  public readonly namespace: string;
  /** In-cluster DNS name of the (stable) Service. */
  public readonly host: string;
  /** Public hostnames routed to it (empty when not exposed). */
  public readonly hostnames: readonly string[];
  /** Mesh identity other services list in their `callers`: `<namespace>/<service account>`. */
  public readonly callerId: string;
  /** The props with every default applied. */
  public readonly resolved: ResolvedServiceProps;
  /** The platform facts it was built for. */
  public readonly facts: PlatformFacts;

  constructor(scope: Construct, id: string, props: ProductionServiceProps) {
    super(scope, id);
    this.facts = platformFacts(props.platform);
    this.resolved = resolveServiceProps(id, props, this.facts);
    const p = this.resolved;
    this.serviceName = p.name;
    this.namespace = p.namespace;
    this.host = `${p.name}.${p.namespace}.svc.cluster.local`;
    this.hostnames = p.hostnames;
    this.callerId = `${p.namespace}/${p.name}`;
    addWorkload(this, this.facts, p);
    addTrafficPolicy(this, this.facts, p);
    addRouting(this, this.facts, p);
    addScraping(this, this.facts, p);
  }
}
