/**
 * Which releases can render differently from run to run (so helm renders them twice): a
 * nondeterministic function called in a template action of the chart, its subcharts or the
 * values, and nothing else.
 */
import { join } from 'node:path';
import { loadChartArchive } from '../../lib/render/chart-archive';
import { callsNondeterministicFunction, mayGenerateAtRenderTime, NONDETERMINISTIC_FUNCTIONS } from '../../lib/render/nondeterminism';
import { testChartCache } from '../support/rendered';

const chart = (archive: string) => loadChartArchive(join(testChartCache()!, archive));

describe('nondeterministic template functions', () => {
  it('finds every listed function called in an action, in pipelines, assignments and trimmed actions', () => {
    for (const fn of NONDETERMINISTIC_FUNCTIONS) expect([fn, callsNondeterministicFunction(`a: {{ ${fn} 16 }}`)]).toEqual([fn, true]);
    expect(callsNondeterministicFunction('{{- $ca := genCA "x" 365 -}}')).toBe(true);
    expect(callsNondeterministicFunction('t: {{ now | date "2006" }}')).toBe(true);
    expect(callsNondeterministicFunction('{{ include "x" (dict "p" (randAlphaNum 5)) }}')).toBe(true);
    expect(callsNondeterministicFunction('{{\n  uuidv4\n}}')).toBe(true);
  });

  it('ignores prose, comment actions, fields and variables of the same name, and longer names', () => {
    expect(callsNondeterministicFunction('# for now we use genCA elsewhere\nkind: ConfigMap')).toBe(false);
    expect(callsNondeterministicFunction('{{- /* now renders the cert with genCA */ -}}')).toBe(false);
    expect(callsNondeterministicFunction('{{ .Values.now }} {{ $now }} {{ .Values.shuffle.enabled }}')).toBe(false);
    expect(callsNondeterministicFunction('{{ include "nowhere" . }} {{ template "genCAs" . }}')).toBe(false);
  });

  it('reads the pinned charts: certificates and random strings found, deterministic charts left at one render', () => {
    expect(mayGenerateAtRenderTime(chart('metrics-server-3.13.1.tgz'), {})).toBe(true); // genSelfSignedCert
    expect(mayGenerateAtRenderTime(chart('kube-prometheus-stack-88.5.3.tgz'), {})).toBe(true); // randAlphaNum
    expect(mayGenerateAtRenderTime(chart('cluster-autoscaler-9.59.0.tgz'), {})).toBe(false);
    expect(mayGenerateAtRenderTime(chart('external-dns-1.21.1.tgz'), {})).toBe(false);
  });

  it('counts the values too: a string there may reach `tpl`', () => {
    expect(mayGenerateAtRenderTime(chart('cluster-autoscaler-9.59.0.tgz'), { extraEnv: { SEED: '{{ randInt 0 9 }}' } })).toBe(true);
    expect(mayGenerateAtRenderTime(chart('cluster-autoscaler-9.59.0.tgz'), { note: 'renew certificates now' })).toBe(false);
  });
});
