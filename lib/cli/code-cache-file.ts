/**
 * The file that holds the CLI's V8 code cache (lib/cli/compile-cache.ts): one file for all
 * modules, because creating 1 100 small files at the end of a first run took over a second on
 * this machine, and one read is cheaper than 1 100. Layout: `GWCC0002`, the index's length
 * (uint32 LE), the index (JSON: file → source sha1, offset, length, CRC-32 of the code), then
 * the code. Reading never throws (a missing, truncated or foreign file is an empty cache);
 * writing is atomic (temporary file, rename) and never throws either.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** V8's cached code for one module, and what it was made from. */
export interface CachedCode {
  /** sha1 (hex) of the module source the code was compiled from. */
  sourceHash: string;
  /** What `script.createCachedData()` returned. */
  data: Buffer;
  /** CRC-32 of `data` when it was written; checked before use (`isIntact`). */
  crc: number;
}

const MAGIC = Buffer.from('GWCC0002', 'latin1');
const INDEX_AT = MAGIC.length + 4;

/**
 * A cache that grew past this (modules of older builds at other paths) is rewritten with the
 * current run's modules only; the CLI's own code is about 10 MB.
 */
export const MAX_CACHE_BYTES = 64 << 20;

type IndexEntry = [sourceHash: string, offset: number, length: number, crc: number];

/** An entry for code V8 just produced. */
export function cachedCode(sourceHash: string, data: Buffer): CachedCode {
  return { sourceHash, data, crc: crc32(data) };
}

/** The code was not damaged since it was written (V8 does not check this itself in release builds). */
export function isIntact(code: CachedCode): boolean {
  return crc32(code.data) === code.crc;
}

/** Every entry of the cache file; empty when it is missing, unreadable or not ours. */
export function readCodeCache(file: string): Map<string, CachedCode> {
  const entries = new Map<string, CachedCode>();
  try {
    const bytes = readFileSync(file);
    if (bytes.length < INDEX_AT || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return entries;
    const dataAt = INDEX_AT + bytes.readUInt32LE(MAGIC.length);
    const index = JSON.parse(bytes.subarray(INDEX_AT, dataAt).toString('utf8')) as Record<string, IndexEntry>;
    for (const [filename, [sourceHash, offset, length, crc]] of Object.entries(index)) {
      const start = dataAt + offset;
      if (start + length > bytes.length) return new Map(); // truncated: trust none of it
      entries.set(filename, { sourceHash, data: bytes.subarray(start, start + length), crc });
    }
  } catch {
    return new Map();
  }
  return entries;
}

/** Replace the cache file with `entries`; a failure (read-only, full disk) leaves the old one. */
export function writeCodeCache(file: string, entries: ReadonlyMap<string, CachedCode>): void {
  const index: Record<string, IndexEntry> = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [filename, { sourceHash, data, crc }] of entries) {
    index[filename] = [sourceHash, offset, data.length, crc];
    chunks.push(data);
    offset += data.length;
  }
  const indexBytes = Buffer.from(JSON.stringify(index), 'utf8');
  const header = Buffer.alloc(INDEX_AT);
  MAGIC.copy(header);
  header.writeUInt32LE(indexBytes.length, MAGIC.length);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([header, indexBytes, ...chunks]));
    renameSync(temporary, file); // atomic: a concurrent run reads the old cache or the new one
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing more to do: the next run writes it again
    }
  }
}
