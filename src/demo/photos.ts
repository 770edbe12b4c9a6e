// Demo photos: a few simple street scenes drawn as SVG and stored as JPEG, shared by the demo cases.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { mulberry32 } from './geo/prng';

export interface DemoPhotoFile {
  path: string;
  thumbPath: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
}

function scene(i: number): string {
  const prng = mulberry32(1000 + i);
  const r = () => prng.next();
  const hue = Math.floor(r() * 360);
  const buildings = Array.from({ length: 7 }, (_, k) => {
    const w = 80 + r() * 70;
    const h = 120 + r() * 200;
    const x = k * 120 - 20 + r() * 30;
    const windows = Array.from({ length: 6 }, (_, j) =>
      `<rect x="${x + 12 + (j % 2) * (w / 2 - 6)}" y="${380 - h + 20 + Math.floor(j / 2) * 40}" width="${w / 2 - 24}" height="22" fill="#cfe3f5" opacity="0.8"/>`,
    ).join('');
    return `<rect x="${x}" y="${380 - h}" width="${w}" height="${h}" fill="hsl(${(hue + k * 23) % 360},18%,${55 + (k % 3) * 8}%)"/>${windows}`;
  }).join('');
  const objects = [
    `<ellipse cx="420" cy="520" rx="70" ry="22" fill="#444"/><ellipse cx="420" cy="514" rx="62" ry="17" fill="#777"/>`, // manhole
    `<rect x="360" y="430" width="140" height="80" fill="#c0392b"/><rect x="370" y="420" width="120" height="14" fill="#e74c3c"/>`, // stall
    `<rect x="380" y="380" width="8" height="150" fill="#555"/><rect x="330" y="360" width="110" height="40" fill="#f1c40f"/>`, // sign
    `<polygon points="330,520 520,520 480,450 360,450" fill="#7f8c8d"/><circle cx="400" cy="470" r="14" fill="#27ae60"/>`, // garbage
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8ec5ff"/><stop offset="1" stop-color="#e8f4ff"/></linearGradient></defs>
    <rect width="800" height="600" fill="url(#sky)"/>${buildings}
    <rect y="380" width="800" height="220" fill="#9aa0a6"/><rect y="380" width="800" height="40" fill="#c8ccd0"/>
    <rect y="490" width="800" height="6" fill="#f5f5f5" opacity="0.7"/>${objects[i % objects.length]}
    <rect x="16" y="16" width="150" height="34" rx="4" fill="#000" opacity="0.45"/>
    <text x="28" y="40" font-family="sans-serif" font-size="18" fill="#fff">DEMO PHOTO ${i + 1}</text>
  </svg>`;
}

export async function makeDemoPhotos(uploadsDir: string, count = 12): Promise<DemoPhotoFile[]> {
  const dir = path.join(uploadsDir, 'demo');
  await fs.mkdir(dir, { recursive: true });
  const out: DemoPhotoFile[] = [];
  for (let i = 0; i < count; i++) {
    const full = await sharp(Buffer.from(scene(i))).jpeg({ quality: 80 }).toBuffer();
    const thumb = await sharp(full).resize({ width: 360 }).jpeg({ quality: 70 }).toBuffer();
    const rel = path.join('demo', `scene-${i + 1}.jpg`);
    const relThumb = path.join('demo', `scene-${i + 1}.thumb.jpg`);
    await fs.writeFile(path.join(uploadsDir, rel), full);
    await fs.writeFile(path.join(uploadsDir, relThumb), thumb);
    out.push({ path: rel, thumbPath: relThumb, width: 800, height: 600, bytes: full.length, sha256: crypto.createHash('sha256').update(full).digest('hex') });
  }
  return out;
}
