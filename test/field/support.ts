// Shared helpers of the field and public tests: multipart photo uploads, anonymous requests, a camera photo with GPS.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { Client } from '../support/http';

export function multipart(data: Buffer, name = 'photo.jpg'): { body: Buffer; contentType: string } {
  const boundary = '----wg' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function uploadAs(client: Client, data: Buffer): Promise<string> {
  const m = multipart(data);
  const res = await client.post('/api/photos', m.body, { 'content-type': m.contentType });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/** An anonymous visitor from one IP address (rate limits are per IP). */
export function visitor(app: FastifyInstance, ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {
  const headers = { 'x-forwarded-for': ip };
  return {
    ip,
    get: (url: string): Promise<LightMyRequestResponse> => app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload?: unknown, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
      app.inject({ method: 'POST', url, headers: { ...headers, ...extra }, payload: payload as never }),
    upload: async (data: Buffer): Promise<LightMyRequestResponse> => {
      const m = multipart(data);
      return app.inject({ method: 'POST', url: '/api/public/photos', headers: { ...headers, 'content-type': m.contentType }, payload: m.body });
    },
  };
}

/** A JPEG whose EXIF says 43°52'48"N 125°15'36"E (43.88, 125.26), as a phone camera writes it. */
export async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#7a8' } })
    .withExif({ IFD0: { Make: 'WanggeTest' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 52/1 4800/100', GPSLongitudeRef: 'E', GPSLongitude: '125/1 15/1 3600/100' } })
    .jpeg()
    .toBuffer();
}
