// GCJ-02/BD-09 → WGS84 for drawing a device position on the map (the server does the same for what is stored).
import gcoord from 'gcoord';

export default function toWgs84(lng: number, lat: number, crs: 'GCJ02' | 'BD09'): [number, number] {
  const [x, y] = gcoord.transform([lng, lat], gcoord[crs], gcoord.WGS84);
  return [x, y];
}
