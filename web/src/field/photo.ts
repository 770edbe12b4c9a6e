// Photos on the phone: read the position from EXIF (before resizing drops it), then shrink to at most 1600 px as
// JPEG so that uploads on a weak network take seconds, not minutes.
import exifr from 'exifr';

export const MAX_EDGE = 1600;

/** The longest edge after resizing, keeping the aspect ratio; never enlarges. */
export function fitWithin(width: number, height: number, max = MAX_EDGE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The GPS position stored in a photo (WGS84, as cameras write it), or null. */
export async function exifPosition(file: Blob): Promise<{ lng: number; lat: number } | null> {
  try {
    const gps = await exifr.gps(file);
    if (gps && Number.isFinite(gps.longitude) && Number.isFinite(gps.latitude) && !(gps.longitude === 0 && gps.latitude === 0)) {
      return { lng: gps.longitude, lat: gps.latitude };
    }
  } catch {
    // No EXIF: normal for screenshots and some cameras.
  }
  return null;
}

export async function resizePhoto(file: Blob, max = MAX_EDGE, quality = 0.82): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' } as ImageBitmapOptions).catch(() => null);
  if (!bitmap) return file; // a format the browser cannot decode: the server will judge it
  const { width, height } = fitWithin(bitmap.width, bitmap.height, max);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  return blob && blob.size < file.size ? blob : file;
}
