// Where the phone is: browsers give WGS84 (the W3C Geolocation API); some in-app browsers and shells in China give
// GCJ-02, which the inspector can declare in Settings. The server converts whatever `crs` says.
import type { Crs } from '../../../src/domain/geo/crs';

export interface Fix {
  lng: number;
  lat: number;
  accuracy: number | null;
  at: string;
  crs: Crs;
  source: 'gps' | 'exif' | 'map';
}

const CRS_KEY = 'wangge.field.deviceCrs';

export function deviceCrs(): Crs {
  const v = localStorage.getItem(CRS_KEY);
  return v === 'GCJ02' || v === 'BD09' ? v : 'WGS84';
}
export function setDeviceCrs(crs: Crs): void {
  localStorage.setItem(CRS_KEY, crs);
}

/** Chooses the position of a report: GPS when it is good enough, else the photo's EXIF, else nothing. */
export function choosePosition(gps: Fix | null, exif: { lng: number; lat: number } | null, maxAccuracy = 100): Fix | null {
  if (gps && (gps.accuracy === null || gps.accuracy <= maxAccuracy)) return gps;
  // Cameras write WGS84 into EXIF, whatever the phone's maps use.
  if (exif) return { ...exif, accuracy: null, at: new Date().toISOString(), crs: 'WGS84', source: 'exif' };
  return gps;
}

export function currentFix(timeoutMs = 10_000): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) return reject(new Error('no geolocation'));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lng: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy, at: new Date(p.timestamp).toISOString(), crs: deviceCrs(), source: 'gps' }),
      reject,
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 15_000 },
    );
  });
}
