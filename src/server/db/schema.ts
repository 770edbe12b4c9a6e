// The database schema (Drizzle). Migrations are generated from this file with `npm run db:generate` and reviewed.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** PostgreSQL's core `polygon` type: works on PGlite and PostgreSQL without PostGIS; GiST-indexable. */
export const polygon = customType<{ data: [number, number][]; driverData: string }>({
  dataType: () => 'polygon',
  toDriver: (ring) => `(${ring.map(([x, y]) => `(${x},${y})`).join(',')})`,
  fromDriver: (v) => {
    const nums = String(v).match(/-?\d+(\.\d+)?(e-?\d+)?/gi)?.map(Number) ?? [];
    const ring: [number, number][] = [];
    for (let i = 0; i + 1 < nums.length; i += 2) ring.push([nums[i], nums[i + 1]]);
    return ring;
  },
});

/** PostgreSQL's core `point` type as [lng, lat]. */
export const point = customType<{ data: [number, number]; driverData: string }>({
  dataType: () => 'point',
  toDriver: ([x, y]) => `(${x},${y})`,
  fromDriver: (v) => {
    const [x, y] = String(v).replace(/[()]/g, '').split(',').map(Number);
    return [x, y];
  },
});

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// ---------------------------------------------------------------- geography and organisation

export const streets = pgTable('streets', {
  code: text('code').primaryKey(), // 9 digits
  districtCode: text('district_code').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull(), // 街道 / 镇 / 乡 / 园区
  geometry: jsonb('geometry').notNull(), // GeoJSON Polygon | MultiPolygon, WGS84
  generated: boolean('generated').notNull().default(false),
});

export const communities = pgTable(
  'communities',
  {
    code: text('code').primaryKey(), // 12 digits
    streetCode: text('street_code').notNull().references(() => streets.code),
    name: text('name').notNull(),
    type: text('type').notNull(), // 居委会 / 村委会 / 虚拟社区
    areaClass: text('area_class').notNull().default('B'), // A core / B general / C outskirts
    geometry: jsonb('geometry').notNull(),
    generated: boolean('generated').notNull().default(false),
  },
  (t) => [index('communities_street_idx').on(t.streetCode)],
);

export const grids = pgTable(
  'grids',
  {
    code: text('code').primaryKey(), // 15 digits
    communityCode: text('community_code').notNull().references(() => communities.code),
    streetCode: text('street_code').notNull(),
    ring: polygon('ring').notNull(),
    areaM2: doublePrecision('area_m2').notNull(),
    centroidLng: doublePrecision('centroid_lng').notNull(),
    centroidLat: doublePrecision('centroid_lat').notNull(),
    beatId: uuid('beat_id'),
    generated: boolean('generated').notNull().default(false),
  },
  (t) => [
    index('grids_community_idx').on(t.communityCode),
    index('grids_ring_gist').using('gist', t.ring),
    index('grids_beat_idx').on(t.beatId),
  ],
);

export const departments = pgTable('departments', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  kind: text('kind').notNull(), // DepartmentKind
  streetCode: text('street_code'), // set for street offices / town governments
  active: boolean('active').notNull().default(true),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  roles: text('roles').array().notNull(),
  departmentId: uuid('department_id').references(() => departments.id),
  phone: text('phone'),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** 责任网格: a set of unit grids patrolled by one inspector. */
export const beats = pgTable('beats', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  communityCode: text('community_code').references(() => communities.code),
  inspectorId: uuid('inspector_id').references(() => users.id),
});

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(), // sha256 of the cookie token
    userId: uuid('user_id').notNull().references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

// ---------------------------------------------------------------- catalogue and responsibility list

export const catalogueClasses = pgTable(
  'catalogue_classes',
  {
    kind: text('kind').notNull(), // component | matter
    code: text('code').notNull(), // 5 digits, or longer for local sub-classes
    parentCode: text('parent_code'), // a local sub-class names its standard class
    majorCode: text('major_code').notNull(),
    majorNameZh: text('major_name_zh').notNull(),
    majorNameEn: text('major_name_en').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    departmentKind: text('department_kind').notNull(),
    locality: boolean('locality').notNull(),
    urgent: boolean('urgent').notNull().default(false),
    privatePoint: boolean('private_point').notNull().default(false),
    local: boolean('local').notNull().default(false),
    active: boolean('active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.kind, t.code] })],
);

export const filingConditions = pgTable(
  'filing_conditions',
  {
    code: text('code').primaryKey(),
    kind: text('kind').notNull(),
    classCode: text('class_code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    limitAmount: doublePrecision('limit_amount').notNull(),
    limitUnit: text('limit_unit').notNull(),
    closeConditionZh: text('close_condition_zh').notNull().default(''),
    closeConditionEn: text('close_condition_en').notNull().default(''),
  },
  (t) => [index('filing_conditions_class_idx').on(t.kind, t.classCode)],
);

/** 权责清单: who handles a class (optionally per filing condition, area class, street). */
export const responsibilityRules = pgTable('responsibility_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  classCode: text('class_code').notNull(),
  filingCondition: text('filing_condition'),
  areaClass: text('area_class'),
  streetCode: text('street_code'),
  departmentId: uuid('department_id').references(() => departments.id), // null: the locality (street office)
  coDepartmentIds: uuid('co_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
  limitAmount: doublePrecision('limit_amount'),
  limitUnit: text('limit_unit'),
});

/** Editable settings (working calendar, step limits, warning share …) as JSON documents. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

// ---------------------------------------------------------------- cases

export const caseCounters = pgTable('case_counters', {
  year: integer('year').primaryKey(),
  value: integer('value').notNull(),
});

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(), // 220106-2026-000123
    districtCode: text('district_code').notNull(),
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    classCode: text('class_code').notNull(),
    filingCondition: text('filing_condition'),
    description: text('description').notNull(),
    locationText: text('location_text').notNull(),
    lng: doublePrecision('lng').notNull(), // WGS84
    lat: doublePrecision('lat').notNull(),
    gridCode: text('grid_code'),
    communityCode: text('community_code'),
    streetCode: text('street_code'),
    areaClass: text('area_class'),
    urgency: text('urgency').notNull().default('normal'),
    selfFix: boolean('self_fix').notNull().default(false),
    state: text('state').notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    coDepartmentIds: uuid('co_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    assigneeId: uuid('assignee_id').references(() => users.id),
    pending: jsonb('pending'),
    handleLimit: jsonb('handle_limit'),
    handleStartedAt: ts('handle_started_at'),
    handleDeadline: ts('handle_deadline'),
    handledAt: ts('handled_at'),
    stepStartedAt: ts('step_started_at'),
    stepDeadline: ts('step_deadline'),
    /** When the step's light turns yellow (the warning share of its limit, in the limit's own kind of time). */
    stepWarnAt: ts('step_warn_at'),
    stepUnit: text('step_unit'),
    reworkCount: integer('rework_count').notNull().default(0),
    returnCount: integer('return_count').notNull().default(0),
    extensionCount: integer('extension_count').notNull().default(0),
    closeType: text('close_type'),
    closedAt: ts('closed_at'),
    duplicateOf: uuid('duplicate_of'),
    reporterId: uuid('reporter_id').references(() => users.id),
    reporter: jsonb('reporter'), // private: { name?, phone? } of a citizen / hotline caller
    createdBy: uuid('created_by').references(() => users.id),
    /** Everyone who reported or acted on the case: what an inspector's "own" scope covers. */
    participantIds: uuid('participant_ids').array().notNull().default(sql`'{}'::uuid[]`),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('cases_state_idx').on(t.state),
    index('cases_class_idx').on(t.kind, t.classCode),
    index('cases_street_idx').on(t.streetCode),
    index('cases_department_idx').on(t.departmentId),
    index('cases_assignee_idx').on(t.assigneeId),
    index('cases_created_idx').on(t.createdAt),
    index('cases_step_deadline_idx').on(t.stepDeadline),
    uniqueIndex('cases_idempotency_idx').on(t.createdBy, t.idempotencyKey),
  ],
);

/** The append-only record of truth: one row per state change or note. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: uuid('actor_id'),
    role: text('role').notNull(),
    at: ts('at').notNull(),
    note: text('note'),
    photoIds: uuid('photo_ids').array().notNull().default(sql`'{}'::uuid[]`),
    payload: jsonb('payload').notNull().default({}),
    /** Deadline of the step that this event ended, as in force at the time (after extensions). */
    stepDeadline: ts('step_deadline'),
    departmentId: uuid('department_id'),
  },
  (t) => [
    uniqueIndex('case_events_case_seq_idx').on(t.caseId, t.seq),
    index('case_events_at_idx').on(t.at),
    index('case_events_actor_idx').on(t.actorId),
  ],
);

export const photos = pgTable(
  'photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').references(() => cases.id),
    stage: text('stage').notNull().default('before'), // before | after | other
    mime: text('mime').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    sha256: text('sha256').notNull(),
    path: text('path').notNull(),
    thumbPath: text('thumb_path').notNull(),
    takenAt: ts('taken_at'),
    exifLng: doublePrecision('exif_lng'),
    exifLat: doublePrecision('exif_lat'),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('photos_case_idx').on(t.caseId)],
);

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  actorId: uuid('actor_id'),
  action: text('action').notNull(),
  subject: text('subject').notNull(),
  at: ts('at').notNull(),
  detail: jsonb('detail').notNull().default({}),
});

// ---- integrations

/** An integrating system's API key (hotline, video AI, Open311 client). Only the SHA-256 of the key is stored. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** The first characters of the key, shown to administrators to tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The system user the integration acts as (cases it reports name it as creator). */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** Case sources (channels) the key may report through; the first is the default. */
    channels: text('channels').array().notNull(),
    /** API actions the key may use (open311.submit, cases.export …). */
    actions: text('actions').array().notNull(),
    /** Which cases the key may read back: those it reported ('own') or all ('all'). */
    scope: text('scope').notNull().default('own'),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.keyHash)],
);

/** One row per request made with an API key. */
export const apiKeyUsage = pgTable(
  'api_key_usage',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    keyId: uuid('key_id')
      .notNull()
      .references(() => apiKeys.id),
    at: ts('at').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    ip: text('ip'),
  },
  (t) => [index('api_key_usage_key_at_idx').on(t.keyId, t.at)],
);

/** What an integration sent with a case beyond the case itself: its own id, Open311 attributes, contact, media links. */
export const integrationCaseRefs = pgTable(
  'integration_case_refs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id),
    channel: text('channel').notNull(), // open311 | hotline12345 | import
    externalId: text('external_id'),
    /** Open311 token of the request (GET tokens/{token}). */
    token: text('token'),
    attributes: jsonb('attributes').notNull().default({}),
    mediaUrls: text('media_urls').array().notNull().default(sql`'{}'::text[]`),
    /** Private: the submitter's contact details (email, names, phone, device/account ids). */
    contact: jsonb('contact').notNull().default({}),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('integration_case_refs_case_idx').on(t.caseId),
    uniqueIndex('integration_case_refs_external_idx').on(t.apiKeyId, t.channel, t.externalId),
    uniqueIndex('integration_case_refs_token_idx').on(t.token),
  ],
);

/** Open311 service request updates received from a client, keyed by the client's update id (retries are answered once). */
export const open311UpdateRefs = pgTable(
  'open311_update_refs',
  {
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id),
    externalUpdateId: text('external_update_id').notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** The case event the update became (null while it is being recorded). */
    caseEventId: bigint('case_event_id', { mode: 'number' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.externalUpdateId] })],
);

/** A subscriber to case events: signed POSTs to its URL. */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  /** HMAC-SHA256 signing secret (kept readable: the signature needs it). */
  secret: text('secret').notNull(),
  /** Case actions to send (report, dispatch, close …); empty means all. */
  actions: text('actions').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull(),
  disabledAt: ts('disabled_at'),
});

/** The durable outbox: one row per (subscription, case event), claimed with FOR UPDATE SKIP LOCKED by any process. */
export const webhookOutbox = pgTable(
  'webhook_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    caseEventId: bigint('case_event_id', { mode: 'number' }).notNull(),
    caseId: uuid('case_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'), // pending | delivered | dead
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** A claim's lease: another process may take the row over once it has passed. */
    lockedUntil: ts('locked_until'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_outbox_sub_event_idx').on(t.subscriptionId, t.caseEventId),
    index('webhook_outbox_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** The delivery log: every attempt with its answer. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    subscriptionId: uuid('subscription_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: ts('at').notNull(),
    httpStatus: integer('http_status'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    responseSnippet: text('response_snippet'),
  },
  (t) => [index('webhook_deliveries_sub_at_idx').on(t.subscriptionId, t.at)],
);
