// ESRI Shapefile in a zip: reading (shpjs parses .shp/.dbf; we unzip and handle .prj ourselves) and a small
// polygon writer (.shp/.shx/.dbf/.prj/.cpg, UTF-8 attributes) for exports.
import JSZip from 'jszip';
import shp from 'shpjs';
import { assertZipWithinLimits } from '../zip-guard';
import type { Ring } from '../../domain/geo';
import { signedRingArea } from '../../domain/geo';

export interface ShapefileLayer {
  /** The .shp file's base name inside the zip. */
  name: string;
  features: { properties: Record<string, unknown>; geometry: unknown }[];
  /** The .prj text (WKT), when the zip has one. */
  prj: string | null;
}

/** Whether the bytes start like a zip archive. */
export const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Reads every shapefile in a zip, coordinates as stored (no reprojection). */
export async function readShapefileZip(data: Uint8Array): Promise<ShapefileLayer[]> {
  await assertZipWithinLimits(data);
  const zip = await JSZip.loadAsync(data);
  const byBase = new Map<string, Record<string, JSZip.JSZipObject>>();
  zip.forEach((path, file) => {
    if (file.dir || path.includes('__MACOSX')) return;
    const m = /^(.*)\.(shp|dbf|prj|cpg)$/i.exec(path);
    if (!m) return;
    const parts = byBase.get(m[1]) ?? {};
    parts[m[2].toLowerCase()] = file;
    byBase.set(m[1], parts);
  });
  const out: ShapefileLayer[] = [];
  for (const [base, parts] of [...byBase].sort(([a], [b]) => a.localeCompare(b))) {
    if (!parts.shp) continue;
    const shpBytes = await parts.shp.async('uint8array');
    const dbfBytes = parts.dbf ? await parts.dbf.async('uint8array') : undefined;
    const cpg = parts.cpg ? (await parts.cpg.async('string')).trim() : undefined;
    const prj = parts.prj ? (await parts.prj.async('string')).trim() : null;
    // Chinese shapefiles without a .cpg are usually GBK (the Windows code page of ArcGIS in China).
    const fc = (await shp({ shp: shpBytes, dbf: dbfBytes, cpg: cpg ?? (dbfBytes && !isUtf8(dbfBytes) ? 'GBK' : 'UTF-8') })) as {
      features: { properties: Record<string, unknown>; geometry: unknown }[];
    };
    out.push({ name: base.split('/').pop()!, features: fc.features, prj });
  }
  return out;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- writer

export interface DbfField {
  name: string; // ≤ 10 ASCII characters
  type: 'C' | 'N';
  length: number;
  decimals?: number;
}

export interface PolygonRecord {
  /** Parts, each a list of closed rings (outer first, then holes), [lng, lat]. Null writes a null shape. */
  parts: Ring[][] | null;
  values: (string | number | null)[];
}

/** WGS 84 / CGCS2000 geographic coordinates (the two agree to well under a metre in China). */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

function bboxOfRings(rings: Ring[]): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rings) for (const [x, y] of r) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/** Shapefile rings: outer rings clockwise, holes counter-clockwise (the reverse of GeoJSON). */
function shapeRings(parts: Ring[][]): Ring[] {
  const out: Ring[] = [];
  for (const rings of parts) {
    rings.forEach((ring, i) => {
      const cw = signedRingArea(ring) < 0;
      const wantCw = i === 0;
      out.push(cw === wantCw ? ring : [...ring].reverse());
    });
  }
  return out;
}

/** Writes polygons and their attributes as a zipped shapefile named `name`. */
export async function writePolygonShapefile(name: string, fields: DbfField[], records: PolygonRecord[]): Promise<Buffer> {
  const shapes = records.map((r) => (r.parts && r.parts.length ? shapeRings(r.parts) : null));
  const contentLengths = shapes.map((rings) => (rings ? 44 + 4 * rings.length + 16 * rings.reduce((a, r) => a + r.length, 0) : 4));
  const shpLength = 100 + contentLengths.reduce((a, l) => a + 8 + l, 0);
  const shpBuf = Buffer.alloc(shpLength);
  const shxBuf = Buffer.alloc(100 + 8 * records.length);
  const all = shapes.flatMap((s) => s ?? []);
  const box = all.length ? bboxOfRings(all) : [0, 0, 0, 0];
  const header = (b: Buffer, lengthBytes: number) => {
    b.writeInt32BE(9994, 0);
    b.writeInt32BE(lengthBytes / 2, 24);
    b.writeInt32LE(1000, 28);
    b.writeInt32LE(5, 32); // polygon
    b.writeDoubleLE(box[0], 36);
    b.writeDoubleLE(box[1], 44);
    b.writeDoubleLE(box[2], 52);
    b.writeDoubleLE(box[3], 60);
  };
  header(shpBuf, shpLength);
  header(shxBuf, shxBuf.length);
  let off = 100;
  shapes.forEach((rings, i) => {
    shxBuf.writeInt32BE(off / 2, 100 + 8 * i);
    shxBuf.writeInt32BE(contentLengths[i] / 2, 104 + 8 * i);
    shpBuf.writeInt32BE(i + 1, off);
    shpBuf.writeInt32BE(contentLengths[i] / 2, off + 4);
    off += 8;
    if (!rings) {
      shpBuf.writeInt32LE(0, off);
      off += 4;
      return;
    }
    const [x0, y0, x1, y1] = bboxOfRings(rings);
    shpBuf.writeInt32LE(5, off);
    shpBuf.writeDoubleLE(x0, off + 4);
    shpBuf.writeDoubleLE(y0, off + 12);
    shpBuf.writeDoubleLE(x1, off + 20);
    shpBuf.writeDoubleLE(y1, off + 28);
    shpBuf.writeInt32LE(rings.length, off + 36);
    shpBuf.writeInt32LE(rings.reduce((a, r) => a + r.length, 0), off + 40);
    off += 44;
    let start = 0;
    for (const r of rings) {
      shpBuf.writeInt32LE(start, off);
      off += 4;
      start += r.length;
    }
    for (const r of rings) for (const [x, y] of r) {
      shpBuf.writeDoubleLE(x, off);
      shpBuf.writeDoubleLE(y, off + 8);
      off += 16;
    }
  });

  const zip = new JSZip();
  zip.file(`${name}.shp`, shpBuf);
  zip.file(`${name}.shx`, shxBuf);
  zip.file(`${name}.dbf`, writeDbf(fields, records.map((r) => r.values)));
  zip.file(`${name}.prj`, WGS84_PRJ);
  zip.file(`${name}.cpg`, 'UTF-8');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A dBASE III table, UTF-8 text (declared by the .cpg beside it). Values longer than the field are cut on a character boundary. */
export function writeDbf(fields: DbfField[], rows: (string | number | null)[][]): Buffer {
  const recordLength = 1 + fields.reduce((a, f) => a + f.length, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const buf = Buffer.alloc(headerLength + recordLength * rows.length + 1, 0);
  const now = new Date();
  buf.writeUInt8(0x03, 0);
  buf.writeUInt8(now.getUTCFullYear() - 1900, 1);
  buf.writeUInt8(now.getUTCMonth() + 1, 2);
  buf.writeUInt8(now.getUTCDate(), 3);
  buf.writeUInt32LE(rows.length, 4);
  buf.writeUInt16LE(headerLength, 8);
  buf.writeUInt16LE(recordLength, 10);
  buf.writeUInt8(0x4d, 29); // language driver: UTF-8 (also declared by the .cpg)
  fields.forEach((f, i) => {
    const o = 32 + 32 * i;
    buf.write(f.name.slice(0, 10), o, 'ascii');
    buf.write(f.type, o + 11, 'ascii');
    buf.writeUInt8(f.length, o + 16);
    buf.writeUInt8(f.decimals ?? 0, o + 17);
  });
  buf.writeUInt8(0x0d, headerLength - 1);
  let off = headerLength;
  for (const row of rows) {
    buf.write(' ', off, 'ascii');
    let p = off + 1;
    fields.forEach((f, i) => {
      const v = row[i];
      let bytes: Buffer;
      if (f.type === 'N') {
        const s = v === null || v === undefined || v === '' ? '' : Number(v).toFixed(f.decimals ?? 0);
        bytes = Buffer.from(s.padStart(f.length, ' ').slice(-f.length), 'ascii');
      } else {
        bytes = fitUtf8(String(v ?? ''), f.length);
      }
      buf.fill(0x20, p, p + f.length);
      bytes.copy(buf, p);
      p += f.length;
    });
    off += recordLength;
  }
  buf.writeUInt8(0x1a, off);
  return buf;
}

function fitUtf8(s: string, max: number): Buffer {
  let b = Buffer.from(s, 'utf8');
  if (b.length <= max) return b;
  let cut = s;
  while (b.length > max) {
    cut = cut.slice(0, -1);
    b = Buffer.from(cut, 'utf8');
  }
  return b;
}
