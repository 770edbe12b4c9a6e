// Refuses zip archives (shapefile zips, xlsx workbooks) that would unpack to far more than any real upload: a zip
// bomb of a few hundred kilobytes can inflate to gigabytes and take the server's memory with it. Every entry is
// inflated once, streaming and counted, before the archive reaches a parser; what the headers declare is not trusted.
import zlib from 'node:zlib';
import { AppError } from './errors';

export interface ZipLimits {
  /** The most all entries may unpack to together. */
  maxUnpackedBytes: number;
  maxEntries: number;
}

/** Generous for real data: a district's 30,000 grids as a shapefile unpack to a few tens of megabytes. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUnpackedBytes: 256 * 1024 * 1024, maxEntries: 2000 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Throws ARCHIVE_TOO_LARGE (or ARCHIVE_INVALID) unless the zip unpacks within the limits and as its directory says. */
export async function assertZipWithinLimits(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<void> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const entries = centralDirectory(buf);
  if (entries.length > limits.maxEntries) throw new AppError('ARCHIVE_TOO_LARGE', `${entries.length} entries (at most ${limits.maxEntries})`);
  let budget = limits.maxUnpackedBytes;
  for (const e of entries) {
    if (e.method !== 0 && e.method !== 8) continue; // the parser will refuse what it cannot read; nothing to inflate here
    if (e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== LOCAL) throw new AppError('ARCHIVE_INVALID', `entry ${e.name}`);
    const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
    const body = buf.subarray(start, start + e.compressedSize);
    // Honest headers over the budget are refused at once; an entry that inflates past what it declares is lying.
    const declared = e.uncompressedSize === 0xffffffff ? Infinity : e.uncompressedSize; // ZIP64: sizes elsewhere
    if (declared > budget && declared !== Infinity) throw tooLarge(limits);
    const size = e.method === 0 ? body.length : await inflatedSize(body, Math.min(budget, declared));
    if (size === null) throw declared < budget ? new AppError('ARCHIVE_TOO_LARGE', `${e.name} unpacks to more than it declares`) : tooLarge(limits);
    budget -= size;
  }
}

const tooLarge = (limits: ZipLimits) => new AppError('ARCHIVE_TOO_LARGE', `unpacks to more than ${Math.round(limits.maxUnpackedBytes / 1024 / 1024)} MB`);

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function centralDirectory(buf: Buffer): Entry[] {
  // The end record is in the last 64 KiB + 22 bytes (its comment is at most 65,535 bytes).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new AppError('ARCHIVE_INVALID', 'no zip directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new AppError('ARCHIVE_INVALID', 'damaged zip directory');
    const nameLength = buf.readUInt16LE(p + 28);
    out.push({
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

/** The inflated size of a raw deflate stream, or null as soon as it passes `limit` (output is counted, not kept). */
function inflatedSize(body: Buffer, limit: number): Promise<number | null> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflateRaw();
    let total = 0;
    let done = false;
    const finish = (v: number | null) => {
      if (done) return;
      done = true;
      inflate.destroy();
      resolve(v);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) finish(null);
    });
    inflate.on('end', () => finish(total));
    // A damaged stream: leave the verdict to the parser, which reports it in its own words.
    inflate.on('error', () => finish(total));
    inflate.end(body);
  });
}
