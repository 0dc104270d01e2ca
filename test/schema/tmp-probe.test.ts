import { readdirSync } from 'node:fs';
import { synthesize } from '../support/environment';
import { ALL_RENDER_TARGETS } from '../support/variants';
import { loadManifestFile, validateObjects } from '../support/schema';
import { celStatistics } from '../support/cel';
it('synth + chart crds', async () => {
  const crds = readdirSync('/tmp/rendered').filter((f) => f.endsWith('.yaml')).flatMap((f) => loadManifestFile(`/tmp/rendered/${f}`)).filter((o) => (o as { kind: string }).kind === 'CustomResourceDefinition');
  const gw = loadManifestFile('/work/shared/crds/gateway-api-v1.5.1-standard.yaml');
  for (const { name, spec } of ALL_RENDER_TARGETS) {
    let env;
    try { env = await synthesize(spec); } catch (e) { console.log(name, 'synth failed', (e as Error).message.slice(0, 300)); continue; }
    const t = Date.now();
    const errors = validateObjects(env.objects, { crds: [...crds, ...gw] });
    const kinds = [...new Set(env.objects.map((o) => `${o.apiVersion}/${o.kind}`))].filter((k) => k.includes('.') && !k.includes('k8s.io/'));
    console.log(`${name}: ${env.objects.length} objects, validate ${Date.now() - t} ms, ${errors.length} errors\n${kinds.join(' ')}\n${errors.slice(0, 40).join('\n')}`);
  }
  console.log(celStatistics.evaluated, [...celStatistics.skipped]);
}, 600000);
