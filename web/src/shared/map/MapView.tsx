// A MapLibre map of the district on a plain background with our own layers (district, streets, communities,
// unit grids); no tiles, no fonts from the web. Screens add their layers in onReady, above these. Where the zones
// drawn are generated (the demo's streets, communities and grids carry `generated: true`), the map says so. When an
// administrator has turned on an external basemap (e.g. 天地图), its raster tiles are drawn underneath.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { useI18n } from '../i18n';
import type { GeoFeatureCollection } from '../types';
import { boundsOf, labelPoints, MAP_FONT, maplibregl, registerMap, type MapInstance } from './maplibre';
import './map.css';

export interface GeoLayerToggles {
  streets?: boolean;
  communities?: boolean;
  grids?: boolean;
}

export interface MapViewProps {
  /** Runs once the map has its style and base layers; may return a cleanup. */
  onReady?: (map: MapInstance) => void | (() => void);
  layers?: GeoLayerToggles;
  /** Registers the map as window.__wangge.maps[name] for tests. */
  name?: string;
  ariaLabel: string;
  className?: string;
  style?: CSSProperties;
  /** Zoom at and above which unit grids are drawn (they are loaded for the visible area only). */
  gridMinZoom?: number;
  center?: [number, number];
  zoom?: number;
  /** Room kept free around the district when fitting it (e.g. for a panel over the map). */
  fitPadding?: number | { top: number; bottom: number; left: number; right: number };
  /** Where the "generated zones" caption goes (a corner not covered by the screen's own panels). */
  captionPosition?: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
}

/** The caption, as a MapLibre control so that it sits in a corner beside the other controls. */
class CaptionControl implements maplibregl.IControl {
  readonly el = document.createElement('div');
  onAdd() {
    this.el.className = 'maplibregl-ctrl wg-map-caption';
    this.el.setAttribute('role', 'note');
    this.el.dataset.testid = 'generated-caption';
    this.el.hidden = true;
    return this.el;
  }
  onRemove() {
    this.el.remove();
  }
}

const anyGenerated = (fc: GeoFeatureCollection | GeoJSON.FeatureCollection | undefined) => !!fc?.features.some((f) => f.properties?.generated === true);

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const STATIC = { staleTime: Infinity, gcTime: Infinity } as const;

/** The external basemap's raster layers (GET /api/basemap): none unless an administrator turned one on. */
export interface Basemap {
  enabled: boolean;
  layers: { id: string; tiles: string[]; tileSize: number; attribution: string; opacity: number }[];
}

export function useBasemap() {
  return useQuery({ queryKey: ['basemap'], queryFn: () => api<Basemap>('/api/basemap'), staleTime: 5 * 60_000 });
}

/** Draws the basemap's layers under the district (replacing what was drawn before); returns a function that removes them. */
export function applyBasemap(map: MapInstance, basemap: Basemap | undefined): () => void {
  const ids: string[] = [];
  let attribution: maplibregl.AttributionControl | null = null;
  if (basemap?.enabled && basemap.layers.length) {
    for (const l of basemap.layers) {
      const id = `basemap-${l.id}`;
      map.addSource(id, { type: 'raster', tiles: l.tiles, tileSize: l.tileSize, attribution: l.attribution || undefined, maxzoom: 18 });
      map.addLayer({ id, type: 'raster', source: id, paint: { 'raster-opacity': l.opacity } }, 'district-fill');
      ids.push(id);
    }
    // The district stays recognisable over a busy basemap: a light veil instead of the opaque fill.
    map.setPaintProperty('district-fill', 'fill-opacity', 0.35);
    const text = [...new Set(basemap.layers.map((l) => l.attribution).filter(Boolean))].join(' · ');
    if (text) {
      attribution = new maplibregl.AttributionControl({ compact: true, customAttribution: text });
      map.addControl(attribution, 'bottom-left');
    }
  }
  return () => {
    if (!map.getStyle()) return;
    for (const id of ids) {
      if (map.getLayer(id)) map.removeLayer(id);
      if (map.getSource(id)) map.removeSource(id);
    }
    if (map.getLayer('district-fill')) map.setPaintProperty('district-fill', 'fill-opacity', 1);
    if (attribution) map.removeControl(attribution);
  };
}

export function useGeo(kind: 'district' | 'streets' | 'communities') {
  return useQuery({ queryKey: ['geo', kind], queryFn: () => api<GeoFeatureCollection>(`/api/geo/${kind}`), ...STATIC });
}

const BASE_STYLE: maplibregl.StyleSpecification = {
  version: 8,
  sources: {
    district: { type: 'geojson', data: EMPTY },
    streets: { type: 'geojson', data: EMPTY },
    communities: { type: 'geojson', data: EMPTY },
    grids: { type: 'geojson', data: EMPTY },
    'streets-labels': { type: 'geojson', data: EMPTY },
    'communities-labels': { type: 'geojson', data: EMPTY },
  },
  layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#e9edf2' } },
    { id: 'district-fill', type: 'fill', source: 'district', paint: { 'fill-color': '#fbfcfd' } },
    { id: 'grids-line', type: 'line', source: 'grids', paint: { 'line-color': '#c9d3df', 'line-width': 0.6 } },
    { id: 'communities-line', type: 'line', source: 'communities', paint: { 'line-color': '#9fb0c5', 'line-width': 0.9 } },
    { id: 'streets-line', type: 'line', source: 'streets', paint: { 'line-color': '#5d7696', 'line-width': 1.6, 'line-dasharray': [3, 2] } },
    { id: 'district-line', type: 'line', source: 'district', paint: { 'line-color': '#1d4f91', 'line-width': 2.4 } },
    {
      id: 'communities-label',
      type: 'symbol',
      source: 'communities-labels',
      minzoom: 12.5,
      layout: { 'text-field': ['get', 'name'], 'text-font': MAP_FONT, 'text-size': 12 },
      paint: { 'text-color': '#6b7c93', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    },
    {
      id: 'streets-label',
      type: 'symbol',
      source: 'streets-labels',
      maxzoom: 12.5,
      layout: { 'text-field': ['get', 'name'], 'text-font': MAP_FONT, 'text-size': 13 },
      paint: { 'text-color': '#33475f', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ],
};

const vis = (on: boolean | undefined) => (on ? 'visible' : 'none');

export function MapView({
  onReady,
  layers = { streets: true, communities: false, grids: false },
  name,
  ariaLabel,
  className,
  style,
  gridMinZoom = 14,
  center,
  zoom,
  fitPadding = 24,
  captionPosition = 'bottom-left',
}: MapViewProps) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapInstance | null>(null);
  const caption = useRef<CaptionControl | null>(null);
  const [gridsGenerated, setGridsGenerated] = useState(false);
  const district = useGeo('district');
  const streets = useGeo('streets');
  const communities = useGeo('communities');
  const basemap = useBasemap();
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  const fitted = useRef(false);

  useEffect(() => {
    const m = new maplibregl.Map({
      container: container.current!,
      style: BASE_STYLE,
      center: center ?? [125.25, 43.87],
      zoom: zoom ?? 10.5,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxZoom: 19,
    });
    m.touchZoomRotate.disableRotation();
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    caption.current = new CaptionControl();
    m.addControl(caption.current, captionPosition);
    let cleanup: void | (() => void);
    let unregister: (() => void) | undefined;
    m.on('load', () => {
      cleanup = onReadyRef.current?.(m);
      if (name) unregister = registerMap(name, m);
      setMap(m);
    });
    return () => {
      if (typeof cleanup === 'function') cleanup();
      unregister?.();
      m.remove();
    };
    // The map is created once per mount; centre/zoom are initial values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!map || !basemap.data) return;
    return applyBasemap(map, basemap.data);
  }, [map, basemap.data]);

  useEffect(() => {
    if (!map || !district.data) return;
    (map.getSource('district') as maplibregl.GeoJSONSource).setData(district.data as GeoJSON.FeatureCollection);
    if (!fitted.current && !center) {
      const b = boundsOf(district.data as GeoJSON.FeatureCollection);
      if (b) map.fitBounds(b, { padding: fitPadding, animate: false });
    }
    fitted.current = true;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, district.data, center]);
  useEffect(() => {
    if (!map || !streets.data) return;
    (map.getSource('streets') as maplibregl.GeoJSONSource).setData(streets.data as GeoJSON.FeatureCollection);
    (map.getSource('streets-labels') as maplibregl.GeoJSONSource).setData(labelPoints(streets.data as GeoJSON.FeatureCollection));
  }, [map, streets.data]);
  useEffect(() => {
    if (!map || !communities.data) return;
    (map.getSource('communities') as maplibregl.GeoJSONSource).setData(communities.data as GeoJSON.FeatureCollection);
    (map.getSource('communities-labels') as maplibregl.GeoJSONSource).setData(labelPoints(communities.data as GeoJSON.FeatureCollection));
  }, [map, communities.data]);

  useEffect(() => {
    if (!map) return;
    map.setLayoutProperty('streets-line', 'visibility', vis(layers.streets));
    map.setLayoutProperty('streets-label', 'visibility', vis(layers.streets));
    map.setLayoutProperty('communities-line', 'visibility', vis(layers.communities));
    map.setLayoutProperty('communities-label', 'visibility', vis(layers.communities));
    map.setLayoutProperty('grids-line', 'visibility', vis(layers.grids));
  }, [map, layers.streets, layers.communities, layers.grids]);

  // Unit grids (tens of thousands) are fetched for the visible area only, once zoomed in.
  useEffect(() => {
    if (!map || !layers.grids) return;
    let ctrl: AbortController | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      if (map.getZoom() < gridMinZoom) {
        (map.getSource('grids') as maplibregl.GeoJSONSource).setData(EMPTY);
        return;
      }
      ctrl?.abort();
      ctrl = new AbortController();
      const b = map.getBounds();
      const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(',');
      api<GeoFeatureCollection>('/api/geo/grids', { query: { bbox }, signal: ctrl.signal })
        .then((fc) => {
          (map.getSource('grids') as maplibregl.GeoJSONSource | undefined)?.setData(fc as GeoJSON.FeatureCollection);
          if (fc.features.length) setGridsGenerated(anyGenerated(fc));
        })
        .catch(() => {});
    };
    const onMove = () => {
      clearTimeout(timer);
      timer = setTimeout(load, 250);
    };
    load();
    map.on('moveend', onMove);
    return () => {
      clearTimeout(timer);
      ctrl?.abort();
      map.off('moveend', onMove);
    };
  }, [map, layers.grids, gridMinZoom]);

  // Generated zones are not official divisions: say so while any of them is drawn.
  const generated =
    (!!layers.streets && anyGenerated(streets.data)) || (!!layers.communities && anyGenerated(communities.data)) || (!!layers.grids && gridsGenerated);
  useEffect(() => {
    const el = caption.current?.el;
    if (!el) return;
    el.textContent = t('map.generatedZones');
    el.hidden = !generated;
  }, [map, generated, t]);

  return <div ref={container} className={`wg-map ${className ?? ''}`} style={style} role="region" aria-label={ariaLabel} />;
}
