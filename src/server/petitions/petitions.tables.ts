// Tables of the petitions module (信访): the one register of items from every channel and its event log, leaders'
// reception days with citizens' appointments, and the follow-up tasks given at a visit.

import { bigserial, date, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases, departments, ts, users } from '../db/schema';

/** Leaders' reception days (局长/区长接待日) and community workdays (社区工作日): when, who, where, how many visitors. */
export const receptionDays = pgTable(
  'reception_days',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shanghai calendar day. */
    day: date('day', { mode: 'string' }).notNull(),
    startTime: text('start_time').notNull(), // 'HH:MM'
    endTime: text('end_time').notNull(),
    /** district_leader (区长接待日) | director (局长接待日) | community (社区工作日) */
    kind: text('kind').notNull(),
    hostName: text('host_name').notNull(),
    hostTitle: text('host_title').notNull(),
    /** The body the host leads, which takes follow-up tasks by default. */
    departmentId: uuid('department_id').references(() => departments.id),
    communityCode: text('community_code'),
    place: text('place').notNull(),
    topics: text('topics'),
    /** How many appointments can be booked. */
    capacity: integer('capacity').notNull(),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('reception_days_day_idx').on(t.day)],
);

/** A citizen's booking for a reception day (portal or by staff). Name and phone are private to petition staff. */
export const receptionAppointments = pgTable(
  'reception_appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dayId: uuid('day_id')
      .notNull()
      .references(() => receptionDays.id),
    /** Order of booking within the day (1, 2, …): the number the citizen is called by. */
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    subject: text('subject').notNull(),
    peopleCount: integer('people_count').notNull().default(1),
    /** booked | visited | no_show | cancelled */
    status: text('status').notNull(),
    /** portal | staff */
    channel: text('channel').notNull(),
    idempotencyKey: text('idempotency_key'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('reception_appointments_day_seq_idx').on(t.dayId, t.seq), uniqueIndex('reception_appointments_idem_idx').on(t.idempotencyKey)],
);

/** The register: one row per item, whatever the channel, with one number. The workflow fields are the projection of petition_events. */
export const petitions = pgTable(
  'petitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** XF220106-2026-000123 */
    number: text('number').notNull().unique(),
    districtCode: text('district_code').notNull(),
    channel: text('channel').notNull(),
    topic: text('topic').notNull(),
    subject: text('subject').notNull(),
    content: text('content').notNull(),
    locationText: text('location_text'),
    lng: doublePrecision('lng'), // WGS84
    lat: doublePrecision('lat'),
    streetCode: text('street_code'),
    communityCode: text('community_code'),
    peopleCount: integer('people_count').notNull().default(1),
    /** Private: { name, phone?, idNumber?, address? }. Only petition staff ever get it back. */
    petitioner: jsonb('petitioner').notNull(),
    /** The 诉访分离 suggestion made from the words at registration: { route, matched, basisZh, basisEn }. */
    screening: jsonb('screening').notNull().default({}),
    receivedAt: ts('received_at').notNull(),
    state: text('state').notNull(),
    route: text('route'),
    departmentId: uuid('department_id').references(() => departments.id),
    acceptedAt: ts('accepted_at'),
    handleDays: integer('handle_days'),
    handleDeadline: ts('handle_deadline'),
    extensionDays: integer('extension_days').notNull().default(0),
    repliedAt: ts('replied_at'),
    reviewUntil: ts('review_until'),
    satisfaction: text('satisfaction'),
    reviewRequestedAt: ts('review_requested_at'),
    reviewDeadline: ts('review_deadline'),
    reviewDecision: text('review_decision'),
    closedAt: ts('closed_at'),
    /** The city-management case made from this item (转为城管案件); the case finds its item through this column. */
    caseId: uuid('case_id').references(() => cases.id),
    step: text('step'),
    stepStartedAt: ts('step_started_at'),
    stepDeadline: ts('step_deadline'),
    stepWarnAt: ts('step_warn_at'),
    /** A visit at a reception day: the day, the appointment, and what the leader said (领导意见). */
    receptionDayId: uuid('reception_day_id').references(() => receptionDays.id),
    appointmentId: uuid('appointment_id').references(() => receptionAppointments.id),
    leaderInstruction: text('leader_instruction'),
    /** The secret of the petitioner's private follow link; a bearer token, never listed. */
    followToken: text('follow_token').notNull(),
    /** The 6-digit query code (查询码) given with the number on the receipt; number + code open the follow page. */
    queryCode: text('query_code').notNull(),
    queryFailures: integer('query_failures').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('petitions_state_idx').on(t.state),
    index('petitions_department_idx').on(t.departmentId),
    index('petitions_step_deadline_idx').on(t.stepDeadline),
    index('petitions_case_idx').on(t.caseId),
    index('petitions_reception_day_idx').on(t.receptionDayId),
    index('petitions_received_idx').on(t.receivedAt),
    uniqueIndex('petitions_follow_token_idx').on(t.followToken),
    uniqueIndex('petitions_idempotency_idx').on(t.createdBy, t.idempotencyKey),
  ],
);

/** The append-only log of each item: one row per step or note, like case_events. */
export const petitionEvents = pgTable(
  'petition_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    petitionId: uuid('petition_id')
      .notNull()
      .references(() => petitions.id),
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: uuid('actor_id'),
    role: text('role').notNull(),
    at: ts('at').notNull(),
    note: text('note'),
    /** Action details; `notice` holds the text told to the petitioner (告知), when there is one. */
    payload: jsonb('payload').notNull().default({}),
    /** Deadline of the step this event ended, as in force then. */
    stepDeadline: ts('step_deadline'),
    departmentId: uuid('department_id'),
  },
  (t) => [uniqueIndex('petition_events_seq_idx').on(t.petitionId, t.seq), index('petition_events_at_idx').on(t.at)],
);

/** Follow-up tasks given at a visit (交办事项): to a body, with a deadline; the body reports them done. */
export const receptionTasks = pgTable(
  'reception_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    petitionId: uuid('petition_id')
      .notNull()
      .references(() => petitions.id),
    dayId: uuid('day_id').references(() => receptionDays.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    text: text('text').notNull(),
    startedAt: ts('started_at').notNull(),
    deadline: ts('deadline').notNull(),
    warnAt: ts('warn_at').notNull(),
    /** open | done */
    status: text('status').notNull(),
    doneAt: ts('done_at'),
    doneNote: text('done_note'),
    doneBy: uuid('done_by').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('reception_tasks_department_idx').on(t.departmentId, t.status), index('reception_tasks_petition_idx').on(t.petitionId)],
);

