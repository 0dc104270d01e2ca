/**
 * A small reader for gzipped tar archives (Helm charts are `.tgz`), in Node only: the values-key
 * check and the CRD-owner scan read chart files without `tar` on the machine or helm's help.
 * Handles ustar names with prefixes, GNU long names (`L`) and pax `path` records, which is what
 * `helm package` (Go's archive/tar) and `git archive` produce.
 */
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, offset: number, length: number): number {
  // Base-256 (GNU) encoding for sizes ≥ 8 GiB: high bit set. Charts never get there.
  if (header[offset] & 0x80) throw new Error('tar: base-256 sizes are not supported');
  const text = field(header, offset, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function paxPath(data: Buffer): string | undefined {
  // Records are "<len> key=value\n", len counting the whole record.
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = parseInt(data.subarray(offset, space).toString('utf8'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') return record.slice(eq + 1);
    offset += length;
  }
  return undefined;
}

/** Regular files of an uncompressed tar archive, by path. */
export function readTar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 0x30);
    const dataStart = offset + BLOCK;
    const data = archive.subarray(dataStart, dataStart + size);
    if (data.length < size) throw new Error('tar: archive is truncated');
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'g') continue; // global pax header: no per-file path
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if (type === '0' || type === '7') files.set(name.replace(/^\.\//, ''), Buffer.from(data));
  }
  return files;
}

/** Regular files of a gzipped tar archive (`.tgz`), by path. */
export function readTgz(archive: Buffer): Map<string, Buffer> {
  return readTar(gunzipSync(archive));
}
