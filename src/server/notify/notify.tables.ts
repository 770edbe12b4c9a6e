// The tables of notifications, their delivery outbox, preferences, escalation timers, the duty roster and
// citizens' local-alert subscriptions.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases, departments, ts, users } from '../db/schema';

/** The in-app notification centre: one row per recipient; the words are kept in both languages. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    caseId: uuid('case_id').references(() => cases.id),
    caseNumber: text('case_number'),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    bodyZh: text('body_zh').notNull(),
    bodyEn: text('body_en').notNull(),
    /** Where a click goes in the console (e.g. /cases/<id>). */
    link: text('link'),
    urgent: boolean('urgent').notNull().default(false),
    /** What made it (e.g. ev:<case event id>:caseDispatched): one notification per recipient and cause, however many processes. */
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_idx').on(t.userId, t.dedupeKey),
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
    index('notifications_user_unread_idx').on(t.userId).where(sql`read_at is null`),
  ],
);

/** The durable outbox of messages leaving the platform (SMS, e-mail, webhook), claimed with FOR UPDATE SKIP LOCKED. */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(), // sms | email | webhook
    /** Phone number, e-mail address or URL. */
    address: text('address').notNull(),
    /** A staff recipient, or null for a citizen. */
    userId: uuid('user_id'),
    /** A citizen's local-alert subscription, when that is what sent it. */
    subscriptionId: uuid('subscription_id'),
    kind: text('kind').notNull(),
    caseId: uuid('case_id'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** Webhook: the JSON document to post. */
    payload: jsonb('payload'),
    urgent: boolean('urgent').notNull().default(false),
    dedupeKey: text('dedupe_key').notNull(),
    status: text('status').notNull().default('pending'), // pending | sent | dead | cancelled
    attempts: integer('attempts').notNull().default(0),
    /** Not before: the end of the recipient's quiet hours, or the next retry. */
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('notification_outbox_dedupe_idx').on(t.channel, t.address, t.dedupeKey),
    index('notification_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('notification_outbox_created_idx').on(t.createdAt),
    index('notification_outbox_subscription_idx').on(t.subscriptionId, t.createdAt),
  ],
);

/** A staff user's choices: channels per kind, quiet hours, where e-mail and webhooks go. */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** kind → channels; a kind not listed uses its defaults. */
  channels: jsonb('channels').notNull().default({}),
  quietStart: text('quiet_start'),
  quietEnd: text('quiet_end'),
  email: text('email'),
  webhookUrl: text('webhook_url'),
  /** HMAC-SHA256 secret that signs the webhook posts (x-wangge-signature, as integrations' webhooks). */
  webhookSecret: text('webhook_secret'),
  lang: text('lang').notNull().default('zh'),
  updatedAt: ts('updated_at').notNull(),
});

/** Case events already turned into notifications: marked in the same transaction, so each is handled once. */
export const notifyProcessedEvents = pgTable('notify_processed_events', {
  caseEventId: bigint('case_event_id', { mode: 'number' }).primaryKey(),
  processedAt: ts('processed_at').notNull(),
});

/**
 * Timers: a reminder or escalation stage of a case's running step, or an emergency's immediate handling. Claimed
 * with FOR UPDATE SKIP LOCKED and a lease by whichever process is up; fired at most once.
 */
export const notifyTimers = pgTable(
  'notify_timers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** stage | emergency */
    kind: text('kind').notNull(),
    /** Identifies the step run and the stage: <state>@<step start>/<deadline>#<index>, or 'emergency'. */
    key: text('key').notNull(),
    step: text('step'),
    /** The stage as configured when the step started (action, anchor, offset, targets). */
    stage: jsonb('stage'),
    level: integer('level').notNull().default(0),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull().default('pending'), // pending | fired | cancelled
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: ts('locked_until'),
    createdAt: ts('created_at').notNull(),
    firedAt: ts('fired_at'),
    note: text('note'),
  },
  (t) => [uniqueIndex('notify_timers_case_key_idx').on(t.caseId, t.key), index('notify_timers_due_idx').on(t.status, t.dueAt)],
);

/** The duty roster (值班表): who is on duty when, in a centre, among the leaders, or in a department. */
export const dutyShifts = pgTable(
  'duty_shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** supervision | command | leader | department */
    unit: text('unit').notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('duty_shifts_unit_time_idx').on(t.unit, t.startsAt, t.endsAt), index('duty_shifts_user_idx').on(t.userId)],
);

/** A citizen's local alerts (周边提醒): new or closed cases near a place or in a community, by SMS; no account. */
export const citizenAlertSubscriptions = pgTable(
  'citizen_alert_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The secret of the manage/cancel link. */
    token: text('token').notNull(),
    phone: text('phone').notNull(),
    /** near: within radius_m of the point; community: in the community. */
    area: text('area').notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    radiusM: integer('radius_m'),
    communityCode: text('community_code'),
    /** What to hear about: new (filed) and/or closed. */
    events: text('events').array().notNull(),
    label: text('label'),
    createdAt: ts('created_at').notNull(),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [uniqueIndex('citizen_alert_token_idx').on(t.token), index('citizen_alert_phone_idx').on(t.phone), index('citizen_alert_community_idx').on(t.communityCode)],
);
