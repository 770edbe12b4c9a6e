// The core database schema (Drizzle): geography, organisation, cases and their events, integrations, base data.
// Feature modules keep their own tables beside them in src/server/<feature>/<feature>.tables.ts; drizzle.config.ts
// collects both, and `npm run db:generate` makes one reviewed migration from all of them.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
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

/** A timestamp with time zone, read and written as a Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

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

// Case numbers come from one sequence per year (case_number_YYYY), created on first use: see case.repository.ts.

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
    /** The component (部件, 17-digit identifier) the case is about, when raised from the register. */
    componentId: text('component_id'),
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
    /** The few open cases among a district's years of closed ones: what the map, its tiles and the queues read. */
    index('cases_open_idx').on(t.state).where(sql`state not in ('invalid','cancelled','closed')`),
    index('cases_class_idx').on(t.kind, t.classCode),
    index('cases_street_idx').on(t.streetCode),
    index('cases_department_idx').on(t.departmentId),
    index('cases_assignee_idx').on(t.assigneeId),
    index('cases_created_idx').on(t.createdAt),
    index('cases_step_deadline_idx').on(t.stepDeadline),
    index('cases_component_idx').on(t.componentId),
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

// ---- evaluation

/**
 * Case-level facts of the evaluation (综合评价), one row per case: derived from the case's event log by
 * `deriveFacts` (src/domain/evaluation) and kept up to date from case_events by the evaluation service.
 * Derived data, rebuilt at will; the indicators are conditional counts over these rows.
 */
export const evalCases = pgTable(
  'eval_cases',
  {
    caseId: uuid('case_id').primaryKey(),
    /** The case version (= seq of its last event) the facts were derived from. */
    version: integer('version').notNull(),
    source: text('source').notNull(),
    selfFix: boolean('self_fix').notNull(),
    kind: text('kind').notNull(),
    classCode: text('class_code').notNull(),
    gridCode: text('grid_code'),
    communityCode: text('community_code'),
    streetCode: text('street_code'),
    reportedAt: ts('reported_at').notNull(),
    reporterId: uuid('reporter_id'),
    valid: boolean('valid').notNull(),
    filedAt: ts('filed_at'),
    cancelled: boolean('cancelled').notNull(),
    departmentId: uuid('department_id'),
    handleDeadline: ts('handle_deadline'),
    handledAt: ts('handled_at'),
    handledInTime: boolean('handled_in_time').notNull(),
    closedAt: ts('closed_at'),
    suspended: boolean('suspended').notNull(),
    reworks: integer('reworks').notNull(),
    reworksAtDepartment: integer('reworks_at_department').notNull(),
    firstDispatchAt: ts('first_dispatch_at'),
    respondDeadline: ts('respond_deadline'),
    respondedAt: ts('responded_at'),
    satisfaction: text('satisfaction'),
    ratedAt: ts('rated_at'),
    /** Overdue escalations (超时升级) the case went through: `escalate` events, made by the notifications module. */
    escalations: integer('escalations').notNull().default(0),
    /**
     * Whether the case's counts can still change with the clock alone (isLiveCase in src/domain/evaluation): filed and
     * awaiting handling, or a hotline case awaiting a response. The daily rollup leaves these to be counted as of now.
     */
    live: boolean('live').generatedAlwaysAs(
      sql`((filed_at is not null and not suspended and not cancelled and handled_at is null and handle_deadline is not null) or (respond_deadline is not null and responded_at is null))`,
    ),
  },
  (t) => [
    index('eval_cases_filed_idx').on(t.filedAt),
    index('eval_cases_reported_idx').on(t.reportedAt),
    index('eval_cases_closed_idx').on(t.closedAt),
    // The live facts, counted as of now beside the rollup: a few thousand of a year's million.
    index('eval_cases_live_idx').on(t.filedAt).where(sql`live`),
  ],
);

/** One row per run of a timed step (intake, verify, file, dispatch, send for check, check, close), with the case's place copied. */
export const evalTasks = pgTable(
  'eval_tasks',
  {
    caseId: uuid('case_id').notNull(),
    /** Seq of the event that started the step. */
    ord: integer('ord').notNull(),
    step: text('step').notNull(),
    personId: uuid('person_id'),
    kind: text('kind').notNull(),
    classCode: text('class_code').notNull(),
    gridCode: text('grid_code'),
    communityCode: text('community_code'),
    streetCode: text('street_code'),
    startedAt: ts('started_at').notNull(),
    deadline: ts('deadline'),
    endedAt: ts('ended_at'),
    done: boolean('done').notNull(),
    inTime: boolean('in_time').notNull(),
    flag: boolean('flag').notNull(),
    /** When the step fell due and counts (done, or its deadline passed first); null if withdrawn in time. */
    settledAt: ts('settled_at'),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.ord] }),
    index('eval_tasks_settled_idx').on(t.settledAt),
    // Steps still running: counted as of now, beside the rollup.
    index('eval_tasks_running_idx').on(t.settledAt).where(sql`ended_at is null`),
  ],
);

/** How far the evaluation facts have read case_events. */
export const evalProgress = pgTable('eval_progress', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  /** Since when an event id below the newest is missing (a transaction still open, or rolled back). */
  gapSince: ts('gap_since'),
  updatedAt: ts('updated_at').notNull(),
});

// ---- field and public

/** 监督员 on/off duty and the latest known position: one row per inspector, what the command map reads. */
export const fieldDuty = pgTable('field_duty', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  onDuty: boolean('on_duty').notNull().default(false),
  since: ts('since').notNull(),
  lastLng: doublePrecision('last_lng'), // WGS84
  lastLat: doublePrecision('last_lat'),
  lastAccuracy: doublePrecision('last_accuracy'),
  lastAt: ts('last_at'),
});

/** The patrol track: positions sent while on duty, kept for the configured number of days. */
export const patrolPositions = pgTable(
  'patrol_positions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    at: ts('at').notNull(),
    lng: doublePrecision('lng').notNull(), // WGS84
    lat: doublePrecision('lat').notNull(),
    accuracy: doublePrecision('accuracy'),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [index('patrol_positions_user_at_idx').on(t.userId, t.at), index('patrol_positions_at_idx').on(t.at)],
);

/** Task answers (verify/check) sent by the field app with an Idempotency-Key: a retry is answered once. */
export const fieldTaskAnswers = pgTable(
  'field_task_answers',
  {
    userId: uuid('user_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    action: text('action').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.idempotencyKey] })],
);

/** A citizen's report (公众举报): the private follow token, the (private) phone, and the case it reopens, if any. */
export const citizenReports = pgTable(
  'citizen_reports',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id),
    /** The secret of the private follow link; a bearer token, never listed. */
    followToken: text('follow_token').notNull(),
    /** Private: the reporter's phone (also in cases.reporter), null when given none. */
    phone: text('phone'),
    phoneVerified: boolean('phone_verified').notNull().default(false),
    /** SHA-256 of the client IP with the server's salt: abuse control without keeping the address. */
    ipHash: text('ip_hash'),
    idempotencyKey: text('idempotency_key'),
    /** The closed case this report reopens (复诉): the citizen said it was not fixed. */
    reopenOf: uuid('reopen_of'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('citizen_reports_token_idx').on(t.followToken),
    uniqueIndex('citizen_reports_idem_idx').on(t.idempotencyKey),
    index('citizen_reports_phone_idx').on(t.phone, t.createdAt),
    index('citizen_reports_reopen_idx').on(t.reopenOf),
  ],
);

/** Phone verification codes (hashed), sent through the SMS sender. */
export const phoneCodes = pgTable(
  'phone_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    usedAt: ts('used_at'),
  },
  (t) => [index('phone_codes_phone_idx').on(t.phone, t.createdAt)],
);

/** Every text message the platform sent (or, in the demo, only logged): viewable by administrators. */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    phone: text('phone').notNull(),
    text: text('text').notNull(),
    purpose: text('purpose').notNull(), // verify | notice
    provider: text('provider').notNull(),
    status: text('status').notNull(), // sent | failed | logged
    error: text('error'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('sms_outbox_created_idx').on(t.createdAt)],
);

/** Numbers that may not report or receive codes (abuse). */
export const bannedPhones = pgTable('banned_phones', {
  phone: text('phone').primaryKey(),
  reason: text('reason').notNull(),
  bannedBy: uuid('banned_by'),
  createdAt: ts('created_at').notNull(),
});

/**
 * Operators' decisions on what citizens and the public see (审核): a case hidden from the public map, a citizen's
 * text or photo published, hidden or redacted, the department's reply or after photo hidden or redacted.
 */
export const publicModeration = pgTable(
  'public_moderation',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** case | report_text | report_photo | reply | after_photo */
    item: text('item').notNull(),
    /** The photo id, or the event seq of a reply; '' for the case and its report text. */
    ref: text('ref').notNull().default(''),
    status: text('status').notNull(), // published | hidden | redacted
    redactedText: text('redacted_text'),
    reason: text('reason'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.item, t.ref] })],
);

// ---- base data

/** One applied change of the base data (an import, generated grids, an edit, a revert): who, when, what, how many. */
export const basedataVersions = pgTable('basedata_versions', {
  number: integer('number').primaryKey(),
  kind: text('kind').notNull(), // import | generate | edit | revert
  layers: text('layers').array().notNull(),
  importId: uuid('import_id'),
  /** For a revert: the version it undid. */
  revertOf: integer('revert_of'),
  note: text('note'),
  /** Where the data came from: file names, format, coordinate system. */
  source: jsonb('source').notNull().default({}),
  /** Per layer: { added, changed, removed, total }. */
  counts: jsonb('counts').notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull(),
});

/** What a version changed, record by record, with the record before and after: for diffs and reverts. */
export const basedataChanges = pgTable(
  'basedata_changes',
  {
    versionNumber: integer('version_number')
      .notNull()
      .references(() => basedataVersions.number),
    layer: text('layer').notNull(), // streets | communities | grids | beats
    code: text('code').notNull(),
    op: text('op').notNull(), // add | change | remove
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [primaryKey({ columns: [t.versionNumber, t.layer, t.code] }), index('basedata_changes_code_idx').on(t.layer, t.code)],
);

/** A staged change: parsed, converted to WGS84 and validated, waiting to be applied as one version (or discarded). */
export const basedataImports = pgTable('basedata_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  status: text('status').notNull(), // previewed | applied | discarded
  kind: text('kind').notNull(), // import | generate | edit
  mode: text('mode').notNull(), // replace | merge
  layers: text('layers').array().notNull(),
  source: jsonb('source').notNull().default({}),
  options: jsonb('options').notNull().default({}),
  /** layer → codes this change removes explicitly (besides what `replace` mode removes). */
  removals: jsonb('removals').notNull().default({}),
  summary: jsonb('summary').notNull().default({}),
  problems: jsonb('problems').notNull().default([]),
  errorCount: integer('error_count').notNull().default(0),
  warningCount: integer('warning_count').notNull().default(0),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull(),
  appliedVersion: integer('applied_version'),
});

/** The records of a staged change, already in WGS84 and in the shape they will be stored. */
export const basedataImportFeatures = pgTable(
  'basedata_import_features',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => basedataImports.id, { onDelete: 'cascade' }),
    layer: text('layer').notNull(),
    code: text('code').notNull(),
    position: integer('position').notNull(), // the feature's place in the file
    record: jsonb('record').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.layer, t.code] })],
);

/** A counter per map layer, bumped by every write, so that tile indexes in any process notice the change. */
export const mapLayerRevisions = pgTable('map_layer_revisions', {
  layer: text('layer').primaryKey(),
  revision: integer('revision').notNull().default(0),
  updatedAt: ts('updated_at').notNull(),
});

/** The component register (部件): the 18 attributes of GB/T 47678.5-2026 plus position and bookkeeping. */
export const components = pgTable(
  'components',
  {
    id: text('id').primaryKey(), // 17-digit identifier (标识码)
    classCode: text('class_code').notNull(), // 5 digits, the identifier's middle part
    name: text('name').notNull(),
    deptCode: text('dept_code').notNull(), // competent department, unified social credit code (主管部门代码)
    deptName: text('dept_name').notNull(),
    gridCode: text('grid_code').notNull(),
    state: text('state').notNull(), // intact | damaged | lost | abandoned | removed (完好/破损/丢失/废弃/移除)
    initialDate: date('initial_date', { mode: 'string' }).notNull(),
    changeDate: date('change_date', { mode: 'string' }),
    ownerUnit: text('owner_unit'),
    maintenanceUnit: text('maintenance_unit'),
    dataSource: text('data_source'), // 实测 / 地形图 / 基础地理数据 / 其他
    note: text('note'),
    streetCode: text('street_code'),
    streetName: text('street_name'),
    communityCode: text('community_code'),
    communityName: text('community_name'),
    lng: doublePrecision('lng').notNull(), // WGS84
    lat: doublePrecision('lat').notNull(),
    location: point('location').notNull(),
    /** The 16-digit identifier it was imported with, when it was converted. */
    legacyId: text('legacy_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('components_class_idx').on(t.classCode),
    index('components_grid_idx').on(t.gridCode),
    index('components_state_idx').on(t.state),
    index('components_location_gist').using('gist', t.location),
  ],
);

/** Every change of a component: imports, edits, and state changes caused by cases. */
export const componentEvents = pgTable(
  'component_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id),
    at: ts('at').notNull(),
    action: text('action').notNull(), // import | update | case_reported | case_closed
    fromState: text('from_state'),
    toState: text('to_state'),
    caseId: uuid('case_id'),
    caseNumber: text('case_number'),
    actorId: uuid('actor_id'),
    note: text('note'),
    /** For edits and imports: the attributes that changed, { field: [before, after] }. */
    changes: jsonb('changes'),
  },
  (t) => [index('component_events_component_idx').on(t.componentId, t.at)],
);

/** The gazetteer (地名地址库): streets, communities, roads, places and door-plate addresses (门楼牌) with a position. */
export const gazetteerEntries = pgTable(
  'gazetteer_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(), // street | community | road | place | address
    name: text('name').notNull(), // as people write it: 正阳街道, 青年路, 青年路12号
    /** Stable key within the kind: the division code, or the source's own id. */
    code: text('code').notNull(),
    road: text('road'),
    houseNumber: text('house_number'),
    streetCode: text('street_code'),
    communityCode: text('community_code'),
    lng: doublePrecision('lng').notNull(), // WGS84
    lat: doublePrecision('lat').notNull(),
    location: point('location').notNull(),
    generated: boolean('generated').notNull().default(false),
    source: text('source').notNull().default('import'),
  },
  (t) => [uniqueIndex('gazetteer_kind_code_idx').on(t.kind, t.code), index('gazetteer_location_gist').using('gist', t.location)],
);

/** Search tokens of gazetteer entries: character bigrams of the Chinese parts and whole numbers (no extension needed). */
export const gazetteerTokens = pgTable(
  'gazetteer_tokens',
  {
    token: text('token').notNull(),
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => gazetteerEntries.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.token, t.entryId] }), index('gazetteer_tokens_entry_idx').on(t.entryId)],
);
