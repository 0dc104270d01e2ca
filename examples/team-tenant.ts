/**
 * What a team repo writes to manage its own namespace with the platform's guard rails:
 * a Tenant construct (namespace with Pod Security `restricted`, quota, limit range, RBAC,
 * default-deny network policies) synthesized with cdk8s.
 */
import { App, Chart } from 'cdk8s';
import { edgeIngressPeer, Platform, Tenant } from '@groundwork/platform';
import { prod } from '@groundwork/platform/environments';

/** Synthesize the team's tenant namespace objects. */
export function synthTeamTenant(): object[] {
  // The environment the namespace lives in decides who may reach its pods from outside: the edge
  // Gateway's proxy pods (Istio), or the ALB subnets when the mesh is off.
  const environment = Platform.fromSpec(prod).spec;
  const app = new App();
  const chart = new Chart(app, 'team-search');
  new Tenant(chart, 'search', {
    environment: environment.name,
    tenant: { name: 'search', editors: ['search-developers'], quota: { cpu: '8', memory: '16Gi', pods: 80 } },
    meshInjection: environment.addons.mesh,
    ingressFrom: edgeIngressPeer(environment),
  });
  return chart.toJson();
}
