/**
 * The parsed-YAML disk cache returns exactly what parsing returns, re-parses changed text, and
 * never depends on the cache being writable.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { gatewayApiCrdObjects, gatewayApiCrdPath } from '../../lib/addons/gateway-api-crds';
import { parseYamlDocumentsCached } from '../../lib/spec/parsed-yaml-cache';

describe('parsed YAML cache', () => {
  const saved = process.env.XDG_CACHE_HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });

  it('gives the Gateway API bundle exactly as the YAML parses, from the cache on the second read', () => {
    process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'groundwork-parsed-'));
    const text = readFileSync(gatewayApiCrdPath(), 'utf8');
    const direct = parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
    expect(parseYamlDocumentsCached(text, 'bundle')).toEqual(direct);
    expect(readdirSync(join(process.env.XDG_CACHE_HOME, 'groundwork', 'parsed'))).toHaveLength(1);
    expect(parseYamlDocumentsCached(text, 'bundle')).toEqual(direct);
    expect(gatewayApiCrdObjects()).toEqual(direct);
  });

  it('parses changed text again, reports parse errors with the label, and works without a writable cache', () => {
    const root = mkdtempSync(join(tmpdir(), 'groundwork-parsed-'));
    process.env.XDG_CACHE_HOME = root;
    expect(parseYamlDocumentsCached('a: 1\n---\nb: 2\n', 'x.yaml')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseYamlDocumentsCached('a: 3\n', 'x.yaml')).toEqual([{ a: 3 }]);
    expect(() => parseYamlDocumentsCached('a: [\n', 'broken.yaml')).toThrow(/^broken\.yaml: /);
    const blocked = join(root, 'file-not-folder');
    writeFileSync(blocked, '');
    chmodSync(blocked, 0o400);
    process.env.XDG_CACHE_HOME = blocked; // groundwork/parsed cannot be created under a file
    expect(parseYamlDocumentsCached('c: 4\n', 'y.yaml')).toEqual([{ c: 4 }]);
  });
});
