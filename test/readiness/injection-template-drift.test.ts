/**
 * lib/readiness/sidecar-template.ts and gateway-template.ts model istiod's injection templates by
 * hand. This test reads the templates of the pinned istiod chart from the chart cache and fails
 * when a line the models rely on changes, so a version bump cannot silently outdate them.
 */
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { gunzipSync } from 'zlib';
import { CHART_VERSIONS } from '../../lib/spec/versions';

/** The chart cache (read-only, shared by the render tests). */
const CACHE = resolve(__dirname, '../../../shared/charts');

/** One file out of a .tgz (ustar: 512-byte headers, name at 0, size in octal at 124, prefix at 345). */
function fileFromTgz(archive: string, path: string): string {
  const tar = gunzipSync(readFileSync(archive));
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const text = (a: number, b: number) => header.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
    const name = [text(345, 500), text(0, 100)].filter(Boolean).join('/');
    const size = parseInt(text(124, 136).trim() || '0', 8);
    if (name === path) return tar.subarray(off + 512, off + 512 + size).toString('utf8');
    off += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${path} not found in ${archive}`);
}

function template(file: string): string {
  const archive = join(CACHE, `istiod-${CHART_VERSIONS.istiod.version}.tgz`);
  if (!existsSync(archive)) {
    throw new Error(`chart istiod ${CHART_VERSIONS.istiod.version} is not in the cache ${CACHE}; run: helm pull istiod --repo ${CHART_VERSIONS.istiod.repository} --version ${CHART_VERSIONS.istiod.version} -d ${CACHE}`);
  }
  return fileFromTgz(archive, `istiod/files/${file}`);
}

describe(`the injection templates modelled in lib/readiness (istiod ${CHART_VERSIONS.istiod.version})`, () => {
  const sidecar = template('injection-template.yaml');
  const gateway = template('gateway-injection-template.yaml');

  it.each([
    ['init container name by CNI', '{{ if .Values.pilot.cni.enabled -}}\n  - name: istio-validation\n  {{ else -}}\n  - name: istio-init'],
    ['init container privilege and capabilities', '    securityContext:\n      allowPrivilegeEscalation: {{ .Values.global.proxy.privileged }}\n      privileged: {{ .Values.global.proxy.privileged }}\n      capabilities:\n    {{- if not .Values.pilot.cni.enabled }}\n        add:\n        - NET_ADMIN\n        - NET_RAW\n    {{- end }}\n        drop:\n        - ALL'],
    ['istio-init runs as root without the CNI', '      readOnlyRootFilesystem: false\n      runAsGroup: 0\n      runAsNonRoot: false\n      runAsUser: 0\n    {{- else }}\n      readOnlyRootFilesystem: true'],
    ['init container seccomp from values', '      runAsNonRoot: true\n    {{- end }}\n    {{- if .Values.global.proxy.seccompProfile }}\n      seccompProfile:\n    {{- toYaml .Values.global.proxy.seccompProfile | nindent 8 }}'],
    ['resources from global.proxy.resources', '    {{- if .Values.global.proxy.resources }}\n      {{ toYaml (omitNil .Values.global.proxy.resources) | indent 6 }}'],
    ['init container resources and proxy privilege', '    resources:\n  {{ template "resources" . }}\n    securityContext:\n      allowPrivilegeEscalation: {{ .Values.global.proxy.privileged }}'],
    ['tlsMode label on injected pods', 'metadata:\n  labels:\n    security.istio.io/tlsMode: {{ index .ObjectMeta.Labels `security.istio.io/tlsMode` | default "istio"  | quote }}'],
    ['envoy stats and status ports never redirected inbound', '    - "15090,15021,{{ excludeInboundPort'],
    ['native sidecar switch', '{{ $nativeSidecar := ne (index .ObjectMeta.Annotations `sidecar.istio.io/nativeSidecar` | default (printf "%t" .NativeSidecars)) "false" }}'],
    ['istio-proxy placement', '  {{ if not $nativeSidecar }}\n  containers:\n  {{ end }}\n  - name: istio-proxy'],
    ['native sidecar restartPolicy', '    {{ if $nativeSidecar }}restartPolicy: Always{{end}}'],
    ['proxy capabilities (TPROXY, NET_BIND_SERVICE)', '      allowPrivilegeEscalation: {{ .Values.global.proxy.privileged }}\n      capabilities:\n        {{ if or $tproxy $capNetBindService -}}\n        add:\n        {{ if $tproxy -}}\n        - NET_ADMIN'],
    ['proxy user', '      privileged: {{ .Values.global.proxy.privileged }}\n      readOnlyRootFilesystem: true\n      {{ if or $tproxy $capNetBindService -}}\n      runAsNonRoot: false\n      runAsUser: 0\n      runAsGroup: 1337\n      {{- else -}}\n      runAsNonRoot: true\n      runAsUser: {{ .ProxyUID | default "1337" }}'],
    ['proxy seccomp from values', '    {{- if .Values.global.proxy.seccompProfile }}\n      seccompProfile:\n    {{- toYaml .Values.global.proxy.seccompProfile | nindent 8 }}\n    {{- end }}\n    resources:'],
  ])('sidecar template: %s', (_label, fragment) => {
    expect(sidecar).toContain(fragment);
  });

  it.each([
    ['gateway pod securityContext', 'spec:\n  securityContext:\n  {{- if .Values.gateways.securityContext }}\n    {{- toYaml .Values.gateways.securityContext | nindent 4 }}\n  {{- else }}\n    sysctls:\n    - name: net.ipv4.ip_unprivileged_port_start\n      value: "0"'],
    ['gateway proxy user', '    securityContext:\n      runAsUser: {{ .ProxyUID | default "1337" }}\n      runAsGroup: {{ .ProxyGID | default "1337" }}\n    env:'],
  ])('gateway template: %s', (_label, fragment) => {
    expect(gateway).toContain(fragment);
  });

  it('the gateway template still sets no seccomp profile (the gateway chart must)', () => {
    expect(gateway).not.toContain('seccompProfile');
  });
});
