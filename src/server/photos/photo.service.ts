// Photo intake: checks the real image type and size, strips metadata, makes a thumbnail, stores durably.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import exifr from 'exifr';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { requireAccess, type Actor } from '../auth/policy';
import { findCase } from '../cases/case.repository';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { findPhoto, insertPhoto } from './photo.repository';

const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif']);
const MAX_PIXELS = 50_000_000; // refuses decompression bombs

async function writeDurably(file: string, data: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
}

export async function savePhoto(ctx: AppContext, actor: Actor, data: Buffer) {
  requireAccess(actor, 'photo.upload');
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'not a readable image');
  }
  if (!meta.format || !ACCEPTED.has(meta.format)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `image type ${meta.format ?? 'unknown'}`);
  let gps: { latitude?: number; longitude?: number } | undefined;
  let takenAt: Date | null = null;
  try {
    const exif = await exifr.parse(data, { gps: true, pick: ['DateTimeOriginal', 'latitude', 'longitude', 'GPSLatitude', 'GPSLongitude'] });
    gps = exif ?? undefined;
    takenAt = exif?.DateTimeOriginal instanceof Date ? exif.DateTimeOriginal : null;
  } catch {
    // No readable EXIF is normal.
  }
  let full: Buffer;
  let thumb: Buffer;
  let info: OutputInfo;
  try {
    // Re-encoding drops every metadata block (GPS, device serials) from what we store and serve.
    const out = await sharp(data, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true });
    full = out.data;
    info = out.info;
    thumb = await sharp(full).resize({ width: 360, height: 360, fit: 'inside' }).jpeg({ quality: 75 }).toBuffer();
  } catch {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'the image could not be decoded');
  }
  const id = crypto.randomUUID();
  const now = ctx.now();
  const rel = path.join(String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'));
  const file = path.join(rel, `${id}.jpg`);
  const thumbFile = path.join(rel, `${id}.thumb.jpg`);
  await writeDurably(path.join(ctx.config.uploadsDir, file), full);
  await writeDurably(path.join(ctx.config.uploadsDir, thumbFile), thumb);
  const row = await insertPhoto(ctx.db, {
    id,
    mime: 'image/jpeg',
    bytes: full.length,
    width: info.width,
    height: info.height,
    sha256: crypto.createHash('sha256').update(data).digest('hex'),
    path: file,
    thumbPath: thumbFile,
    takenAt,
    exifLng: typeof gps?.longitude === 'number' ? gps.longitude : null,
    exifLat: typeof gps?.latitude === 'number' ? gps.latitude : null,
    uploadedBy: actor.id,
    createdAt: now,
  });
  return {
    id: row.id,
    url: `/api/photos/${row.id}`,
    thumbUrl: `/api/photos/${row.id}/thumb`,
    width: row.width,
    height: row.height,
    exif: row.exifLng !== null && row.exifLat !== null ? { lng: row.exifLng, lat: row.exifLat, takenAt: takenAt?.toISOString() ?? null } : null,
  };
}

/** Returns the file path of a photo the actor may see. */
export async function photoFile(ctx: AppContext, actor: Actor, id: string, thumb: boolean): Promise<string> {
  const notFound = new AppError('PHOTO_NOT_FOUND');
  const p = await findPhoto(ctx.db, id);
  if (!p) throw notFound;
  if (p.caseId) {
    const c = await findCase(ctx.db, p.caseId);
    if (!c) throw notFound;
    requireAccess(actor, 'case.read', { departmentIds: [c.departmentId, ...c.coDepartmentIds], streetCode: c.streetCode, ownerIds: [c.assigneeId, ...c.participantIds] }, notFound);
  } else if (p.uploadedBy !== actor.id) {
    throw notFound;
  }
  return path.join(ctx.config.uploadsDir, thumb ? p.thumbPath : p.path);
}
