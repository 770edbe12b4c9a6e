// Hostile input for fuzzing: injection payloads, traversal file names, deep and huge JSON, zip bombs and images
// whose headers lie. Built in memory, deterministic, no files from the internet.
import zlib from 'node:zlib';
import fc from 'fast-check';

/** Markup that must never come back unescaped in HTML or XML. Each carries a unique marker so that a hit is certain. */
export const SCRIPT_MARKER = 'wgXSS';
export const HOSTILE_STRINGS = [
  `<script>alert('${SCRIPT_MARKER}')</script>`,
  `"><img src=x onerror=alert('${SCRIPT_MARKER}')>`,
  `<svg/onload=alert('${SCRIPT_MARKER}')>`,
  `javascript:alert('${SCRIPT_MARKER}')`,
  `]]><${SCRIPT_MARKER}/><![CDATA[`,
  "'; drop table cases; --",
  "' or '1'='1",
  '1; select pg_sleep(5); --',
  "$$; select 1; $$",
  '\\x00\u0000nul',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '=cmd|\' /C calc\'!A0',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '\u202e\u200b\ufeff\ud800',
  '𠜎𠜱𠝹'.repeat(50),
  'A'.repeat(5000),
  '__proto__',
  'constructor',
];

/** Markup that would run if a response echoed it raw; checked for in text/html and XML answers. */
export const DANGEROUS_MARKUP = [/<script>alert\('wgXSS'\)/i, /<img src=x onerror=alert\('wgXSS'\)>/i, /<svg\/onload=alert\('wgXSS'\)>/i, /<wgXSS\/>/];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 8 })).map(([a, b]) => a + b) },
);

/** Path parameters: traversal, encoded separators, injection, huge, empty-looking. */
export const hostilePathParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e', '..', '%00', "1'%20or%20'1'='1", '%3Cscript%3E', 'a'.repeat(3000), '-1', '99999999999999999999', 'null', '%E2%80%AE', '%ff%fe'),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
);

/** Lone surrogates replaced, so that the text can be percent-encoded into a URL. */
export const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** Nested arrays `depth` deep, as JSON text (the parser, validators and anything recursive meet it). */
export function deepJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Nested objects `depth` deep under one key. */
export function deepObjectJson(key: string, depth: number): string {
  return `{"${key}":` + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}';
}

// ------------------------------------------------------------------ zip

function dosTime(): [number, number] {
  return [0, (2024 - 1980) << 9 | (1 << 5) | 1];
}

interface ZipEntry {
  name: string;
  /** What the entry really holds when inflated. */
  data: Buffer | { zeros: number };
  /** Lie about the uncompressed size in the headers (the classic way past a naive size check). */
  declaredSize?: number;
}

/** A zip file built by hand (deflate, no data descriptors), so that sizes in the headers can lie. */
export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const [time, date] = dosTime();
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : null;
    const size = raw ? raw.length : (e.data as { zeros: number }).zeros;
    const compressed = raw ? zlib.deflateRawSync(raw) : deflateZeros(size);
    const crc = raw ? zlib.crc32(raw) : crcOfZeros(size);
    const declared = e.declaredSize ?? size;
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(Math.min(declared, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(Math.min(declared, 0xffffffff), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const zeroCache = new Map<number, Buffer>();
/** Raw deflate of `size` zero bytes: 16 MiB blocks flushed with SYNC_FLUSH concatenate into one stream (every block
 * is the same, so it is compressed once), and an empty final block ("03 00") ends it. */
function deflateZeros(size: number): Buffer {
  let z = zeroCache.get(size);
  if (!z) {
    const block = 16 * 1024 * 1024;
    const full = Math.floor(size / block);
    const rest = size % block;
    const opts = { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    const one = full ? zlib.deflateRawSync(Buffer.alloc(block), opts) : Buffer.alloc(0);
    const parts: Buffer[] = Array.from({ length: full }, () => one);
    if (rest) parts.push(zlib.deflateRawSync(Buffer.alloc(rest), opts));
    z = Buffer.concat([...parts, Buffer.from([0x03, 0x00])]);
    zeroCache.set(size, z);
  }
  return z;
}

const crcCache = new Map<number, number>();
function crcOfZeros(size: number): number {
  const cached = crcCache.get(size);
  if (cached !== undefined) return cached;
  const chunk = Buffer.alloc(Math.min(size, 16 * 1024 * 1024));
  let crc = 0;
  let left = size;
  while (left > 0) {
    const n = Math.min(left, chunk.length);
    crc = zlib.crc32(chunk.subarray(0, n), crc);
    left -= n;
  }
  crcCache.set(size, crc);
  return crc;
}

/** A zip bomb: a few hundred kilobytes that inflate to `megabytes` of zeros, in entries named like the real thing. */
export function zipBomb(names: string[], megabytes: number, lie = false): Buffer {
  return buildZip(names.map((name) => ({ name, data: { zeros: megabytes * 1024 * 1024 }, declaredSize: lie ? 1024 : undefined })));
}

// ------------------------------------------------------------------ images

/** Images whose bytes do not match what they claim. */
export function badImages(): { name: string; type: string; data: Buffer }[] {
  const pngHeader = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // An IHDR that claims 100,000 × 100,000 pixels (a decompression bomb if anything believed it).
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'ascii');
  ihdr.writeUInt32BE(100_000, 8);
  ihdr.writeUInt32BE(100_000, 12);
  ihdr[16] = 8;
  ihdr[17] = 2;
  ihdr.writeUInt32BE(zlib.crc32(ihdr.subarray(4, 21)) >>> 0, 21);
  const idat = zlib.deflateSync(Buffer.alloc(1024));
  const idatChunk = Buffer.alloc(12 + idat.length);
  idatChunk.writeUInt32BE(idat.length, 0);
  idatChunk.write('IDAT', 4, 'ascii');
  idat.copy(idatChunk, 8);
  idatChunk.writeUInt32BE(zlib.crc32(idatChunk.subarray(4, 8 + idat.length)) >>> 0, 8 + idat.length);
  return [
    { name: 'photo.jpg', type: 'image/jpeg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('garbage after a JPEG signature'.repeat(20))]) },
    { name: 'huge.png', type: 'image/png', data: Buffer.concat([pngHeader, ihdr, idatChunk]) },
    { name: 'truncated.png', type: 'image/png', data: pngHeader },
    { name: 'script.jpg', type: 'image/jpeg', data: Buffer.from(`<html><script>alert('${SCRIPT_MARKER}')</script></html>`) },
    { name: 'image.svg', type: 'image/svg+xml', data: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert('${SCRIPT_MARKER}')"/>`) },
    { name: 'empty.jpg', type: 'image/jpeg', data: Buffer.alloc(0) },
    { name: 'gif.jpg', type: 'image/jpeg', data: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1') },
  ];
}

/** File names that try to climb out of the upload directory or break a header. */
export const HOSTILE_FILE_NAMES = ['../../../../tmp/wg-evil.jpg', '..\\..\\..\\evil.jpg', '/etc/passwd', 'a\u0000.jpg', `<img src=x onerror=alert('${SCRIPT_MARKER}')>.jpg`, '%2e%2e%2fevil.jpg', 'CON', 'x'.repeat(600) + '.jpg'];

/** A multipart/form-data body with one file (and optional text fields). */
export function multipartBody(field: string, file: { name: string; type: string; data: Buffer }, fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----wgfuzz' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name.replace(/"/g, '%22')}"\r\nContent-Type: ${file.type}\r\n\r\n`, 'utf8'), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
