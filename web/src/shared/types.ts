// Types of the API, taken from the server's schemas (the schema is the source of the type; nothing here reaches the bundle).
import type { z } from 'zod';
import type { CurrentUserSchema } from '../../../src/server/auth/auth.routes';
import type { CaseDetail, CaseListQuery, CaseSummary, Queue } from '../../../src/server/cases/case.schema';
import type { CasePoints, NearbyCase } from '../../../src/server/map/map.schema';
import type { ActionName } from '../../../src/domain/workflow/actions';
import type { CaseSource, CaseState, Role } from '../../../src/domain/workflow/states';

export type { ActionName, CaseDetail, CaseListQuery, CasePoints, CaseSource, CaseState, CaseSummary, NearbyCase, Queue, Role };
export type CurrentUser = z.infer<typeof CurrentUserSchema>;
export type CaseEvent = CaseDetail['events'][number];
export type Light = 'green' | 'yellow' | 'red';

export interface CaseList {
  items: CaseSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Meta {
  version: string;
  district: { code: string; name: string; nameEn: string };
  demo: boolean;
  demoAccounts: { username: string; password: string; roles: string[]; displayName: string }[];
}

export interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
  streetCode: string | null;
  active: boolean;
}

export interface Inspector {
  id: string;
  username: string;
  displayName: string;
}

export interface FilingCondition {
  code: string;
  kind: string;
  classCode: string;
  nameZh: string;
  nameEn: string;
  limitAmount: number;
  limitUnit: string;
  closeConditionZh: string | null;
  closeConditionEn: string | null;
}

export interface CatalogueClass {
  kind: 'component' | 'matter';
  code: string;
  parentCode: string | null;
  majorCode: string;
  majorNameZh: string;
  majorNameEn: string;
  nameZh: string;
  nameEn: string;
  urgent: boolean;
  active: boolean;
  filingConditions: { code: string; nameZh: string; nameEn: string; limit: { amount: number; unit: string } }[];
}

/** A point resolved to grid, community and street (GET /api/geo/resolve). */
export interface ResolvedPlace {
  gridCode: string;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  areaClass: string;
  lng: number;
  lat: number;
  locationText: string;
}

/** A gazetteer entry (GET /api/geocode/search). */
export interface GazetteerEntry {
  id: number;
  kind: 'street' | 'community' | 'road' | 'place' | 'address';
  name: string;
  code: string;
  road: string | null;
  houseNumber: string | null;
  streetCode: string | null;
  streetName: string | null;
  communityCode: string | null;
  communityName: string | null;
  lng: number;
  lat: number;
  generated: boolean;
}

/** A point resolved to grid, community, street and the nearest address (GET /api/geocode/reverse). */
export interface ReversePlace {
  lng: number;
  lat: number;
  gridCode: string;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  address: (GazetteerEntry & { distanceM: number; direction: string; directionZh: string }) | null;
  locationText: string;
}

export interface GeoFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: GeoJSON.Geometry; properties: Record<string, unknown> }[];
}
