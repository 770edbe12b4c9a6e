// Types of the base data, component and gazetteer APIs, taken from the server's schemas (type-only: nothing reaches the bundle).
import type { z } from 'zod';
import type * as bd from '../../../../src/server/basedata/basedata.schema';
import type * as cs from '../../../../src/server/components/component.schema';
import type * as gs from '../../../../src/server/geocode/geocode.schema';
import type * as bm from '../../../../src/server/basemap/basemap.schema';
import type { BaseLayer } from '../../../../src/domain/geo/basedata';

export type { BaseLayer };
export type ImportPreview = z.infer<typeof bd.ImportPreviewSchema>;
export type Problem = z.infer<typeof bd.ProblemSchema>;
export type LayerSummary = z.infer<typeof bd.LayerSummarySchema>;
export type Version = z.infer<typeof bd.VersionSchema>;
export type Change = z.infer<typeof bd.ChangeSchema>;
export type ApplyResult = z.infer<typeof bd.ApplyResultSchema>;
export type SourceCrs = NonNullable<z.infer<typeof bd.CrsOptionsSchema>['crs']>;

export type Component = z.infer<typeof cs.ComponentSchema>;
export type ComponentEvent = z.infer<typeof cs.ComponentEventSchema>;
export type ComponentDetail = Component & { events: ComponentEvent[] };
export type ComponentPatch = z.input<typeof cs.ComponentPatchSchema>;
export type ComponentState = Component['state'];
export type CensusResult = z.infer<typeof cs.ComponentImportResultSchema>;
export type CaseDefaults = z.infer<typeof cs.CaseDefaultsSchema>;

export type GazetteerEntry = z.infer<typeof gs.GazetteerEntrySchema>;
export type GazetteerKind = GazetteerEntry['kind'];
export type GazetteerInput = z.input<typeof gs.GazetteerInputSchema>;
export type GazetteerImportResult = z.infer<typeof gs.GazetteerImportResultSchema>;
export type Reverse = z.infer<typeof gs.ReverseSchema>;

export type BasemapConfig = z.input<typeof bm.BasemapConfigSchema>;

/** A row of GET /api/basedata/records/:layer (the columns differ by layer). */
export interface RecordRow {
  code: string;
  name?: string;
  type?: string;
  areaClass?: string;
  streetCode?: string;
  streetName?: string | null;
  communityCode?: string | null;
  communityName?: string | null;
  communityCount?: number;
  gridCount?: number;
  areaM2?: number;
  lng?: number;
  lat?: number;
  beatCode?: string | null;
  beatName?: string | null;
  inspector?: string | null;
  inspectorName?: string | null;
  generated?: boolean;
}

export interface RecordDetail {
  layer: BaseLayer;
  code: string;
  properties: RecordRow & { componentCount?: number };
  /** The record as imports and edits write it. */
  record: Record<string, unknown>;
  geometry: GeoJSON.Geometry | null;
}

export interface ImportListItem {
  id: string;
  status: ImportPreview['status'];
  kind: ImportPreview['kind'];
  mode: string;
  layers: string[];
  source: Record<string, unknown>;
  errorCount: number;
  warningCount: number;
  createdAt: string;
  appliedVersion: number | null;
}
