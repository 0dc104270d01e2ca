/**
 * Under GitOps, fields a controller owns at runtime (istiod's webhook CA bundles and
 * failurePolicy) are ignored by Argo CD's diff and never written back by a sync.
 */
import { Platform } from '../../lib/blueprint/platform';
import { prodGitops } from '../support/variants';
import { validateObjects } from '../support/schema';

const objects = Platform.fromSpec(prodGitops).manifests().charts.flatMap((c) => c.objects);
const app = (name: string) => objects.find((o) => o.kind === 'Application' && o.metadata.name === name) as unknown as {
  spec: { ignoreDifferences?: Array<{ kind: string; jqPathExpressions: string[] }>; syncPolicy: { syncOptions: string[] } };
};

describe('runtime-managed fields under Argo CD', () => {
  it.each(['istiod', 'istio-base'])('%s ignores the webhook fields istiod patches and respects that on sync', (name) => {
    const { spec } = app(name);
    const validating = spec.ignoreDifferences?.find((d) => d.kind === 'ValidatingWebhookConfiguration');
    expect(validating?.jqPathExpressions).toEqual(expect.arrayContaining(['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy']));
    expect(spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
  });

  it('ignores nothing for add-ons whose objects no controller rewrites', () => {
    expect(app('cert-manager').spec.ignoreDifferences).toBeUndefined();
    expect(app('cert-manager').spec.syncPolicy.syncOptions).not.toContain('RespectIgnoreDifferences=true');
  });

  it('still validates against the Argo CD schema', () => {
    expect(validateObjects(objects.filter((o) => o.kind === 'Application'))).toEqual([]);
  });
});
