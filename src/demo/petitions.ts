// The demo's petition register (信访) and reception days: items from every channel in every state, walked through the
// real petition machine with plausible delays; leaders' reception days past and coming, with bookings, visits and
// follow-up tasks; a few items made into city-management cases. Deterministic (seeded PRNG), a second or two.
import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { WorkingCalendar } from '../domain/calendar';
import { shanghaiDay, shanghaiInstant } from '../domain/calendar/shanghai-time';
import {
  applyPetitionAction,
  DEFAULT_PETITION_LIMITS,
  guidanceFor,
  periodEnd,
  periodWarnAt,
  registerPetition,
  suggestRoute,
  type PetitionActionInput,
  type PetitionActionName,
  type PetitionChannel,
  type PetitionSnapshot,
  type PetitionTopic,
  type RouteOut,
} from '../domain/petition';
import type { Role } from '../domain/workflow';
import type { Db } from '../server/db/client';
import * as t from '../server/db/schema';
import * as notices from '../server/petitions/petition-notices';
import { advancePetitionSerial } from '../server/petitions/petitions.repository';
import { petitionEvents, petitions, receptionAppointments, receptionDays, receptionTasks } from '../server/petitions/petitions.tables';
import { DEFAULT_CALENDAR } from '../server/settings/settings.service';
import { mulberry32 } from './geo/prng';

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const between = (r: Rand, a: number, b: number) => a + (b - a) * r();
const DAY = 86_400_000;
const HOUR = 3_600_000;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严';
const GIVEN = ['建国', '秀英', '桂兰', '立新', '海燕', '晓东', '春梅', '国庆', '玉兰', '志强', '丽华', '淑珍', '德明', '凤芝', '振华', '文静', '红梅', '永刚'];

/** What people write about, by topic: a subject and the content (with {c} for the community). */
const TEMPLATES: Record<PetitionTopic, [string, string][]> = {
  city_appearance: [
    ['小区周边垃圾长期堆放', '{c}东门外垃圾堆放多日无人清运，夏季异味严重，蚊蝇滋生，请求尽快清理并增设垃圾桶。'],
    ['楼体外墙小广告泛滥', '{c}各楼道和外墙被喷涂大量办证、开锁小广告，清理后很快又出现，影响小区环境。'],
  ],
  illegal_building: [
    ['一楼住户私搭乱建', '{c}一楼住户在楼前绿地私自搭建彩钢房，占用公共绿地，影响采光和消防通道。'],
    ['楼顶违建存在安全隐患', '{c}顶楼住户在屋顶加盖房屋，楼板承重存在隐患，雨天楼下渗水，请求依法拆除。'],
  ],
  street_order: [
    ['早市占道影响出行', '{c}门前早市摊贩占用机动车道，早高峰车辆无法通行，多次反映仍未整治。'],
    ['店铺占道经营', '{c}附近多家商铺将货物摆放在人行道上，行人只能走机动车道，存在安全隐患。'],
  ],
  noise_pollution: [
    ['夜间露天烧烤扰民', '{c}南门外每晚有露天烧烤，油烟和噪声持续到凌晨，严重影响居民休息。'],
    ['商铺外放音响噪声大', '{c}底商门口音箱整天高声播放促销广告，居民无法正常休息。'],
  ],
  property_management: [
    ['物业不作为，电梯经常停运', '{c}电梯一个月内停运多次，物业推诿不修，老人上下楼困难。'],
    ['物业擅自提高停车费', '{c}物业未经业主大会同意将停车费上调一倍，请求相关部门查处。'],
  ],
  municipal_facilities: [
    ['路灯损坏夜间出行不便', '{c}门前道路多盏路灯损坏一个多月，夜间漆黑，居民出行不安全。'],
    ['井盖缺失存在安全隐患', '{c}附近人行道一处井盖缺失，仅用树枝遮挡，极易造成行人跌落。'],
  ],
  housing_relocation: [
    ['棚户区改造安置房交付延期', '{c}棚改项目安置房原定去年交房，至今未交付，过渡费也停发了，请求尽快解决。'],
    ['征收补偿标准有疑问', '{c}房屋征收补偿评估价格明显偏低，要求公开评估依据并重新评估。'],
  ],
  labour_social_security: [
    ['农民工工资拖欠', '在{c}附近工地务工三个月，施工单位拖欠工资至今未付，多次讨要无果。'],
    ['退休手续办理困难', '{c}居民反映退休手续材料被多次退回，请求明确办理要求。'],
  ],
  law_enforcement_conduct: [
    ['执法人员态度粗暴', '在{c}附近摆摊时执法人员态度粗暴，要求调查处理。'],
    ['对罚款决定不服', '对城管执法局在{c}附近作出的罚款决定不服，认为处罚过重，请求撤销处罚决定。'],
  ],
  other: [
    ['小区停车位不足', '{c}停车位严重不足，车辆乱停乱放堵塞消防通道，请求规划增加停车位。'],
    ['邻里合同纠纷法院判决不执行', '与{c}邻居的借款合同纠纷法院已判决，对方拒不履行，请求政府帮助执行。'],
  ],
};

/** Which department takes a topic (by demo department code), the locality for everything else. */
const BODY_OF_TOPIC: Record<PetitionTopic, string | null> = {
  city_appearance: '220106-sanitation',
  illegal_building: '220106-enforcement',
  street_order: '220106-enforcement',
  noise_pollution: '220106-ecology',
  property_management: '220106-housing',
  municipal_facilities: '220106-housing',
  housing_relocation: '220106-housing',
  labour_social_security: null,
  law_enforcement_conduct: '220106-enforcement',
  other: null,
};

const REPLIES: Record<PetitionTopic, string> = {
  city_appearance: '经现场核查，反映情况属实。环卫部门已于次日完成清运，并在该处增设分类垃圾桶两组，纳入日常巡查。',
  illegal_building: '经调查，该建筑未取得规划许可，属违法建设。我局已下达限期拆除通知书，当事人已自行拆除，现场已恢复绿地。',
  street_order: '经核查，已对占道摊贩进行劝导并规范至指定区域经营，同时安排执法人员早高峰时段定点值守。',
  noise_pollution: '经现场检测，噪声超过社会生活环境噪声排放标准。已责令经营者整改，取缔露天烧烤，并纳入夜间巡查。',
  property_management: '已约谈物业服务企业，责令其限期维修并公示维保记录；停车收费调整须经业主共同决定，已责令暂停执行。',
  municipal_facilities: '经核查，已完成损坏设施的维修更换，并要求养护单位加强日常巡检，发现问题及时处置。',
  housing_relocation: '经协调，安置房项目已完成竣工验收，预计下月交付；过渡费已按规定补发，请留意社区通知。',
  labour_social_security: '经社区协调，已帮助您与用人单位沟通，相关材料清单已一次性告知，请按清单准备后办理。',
  law_enforcement_conduct: '经调查，执法人员存在言行不规范问题，已对当事人批评教育并责令书面检查，同时加强执法规范化培训。',
  other: '经街道协调，已在周边新增临时停车泊位四十个，并对占用消防通道车辆加强劝离。',
};

const CHANNEL_WEIGHTS: [PetitionChannel, number][] = [
  ['online', 30],
  ['phone', 20],
  ['letter', 15],
  ['visit', 15],
  ['reception_day', 12],
  ['community_workday', 8],
];

function pickWeighted<T>(r: Rand, xs: [T, number][]): T {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of xs) if ((x -= w) <= 0) return v;
  return xs[0][0];
}

/** A daytime instant on or after `at` (08:30–17:00 on that Shanghai day). */
function officeHours(r: Rand, at: number): number {
  const day = shanghaiDay(new Date(at));
  return shanghaiInstant(day, '08:30').getTime() + Math.floor(between(r, 0, 8.5 * 60)) * 60_000;
}

export async function seedDemoPetitions(db: Db, opts: { now: Date; seed?: number; items?: number }): Promise<string> {
  const prng = mulberry32(opts.seed ?? 8_2018);
  const r: Rand = () => prng.next();
  const now = opts.now.getTime();
  const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
  const limits = DEFAULT_PETITION_LIMITS;

  // ---------------------------------------------------------------- who and where
  const [staff] = await db.select().from(t.users).where(eq(t.users.username, 'petition'));
  if (!staff) throw new Error('the demo petition account is missing');
  const depts = await db.select().from(t.departments);
  const deptByCode = new Map(depts.map((d) => [d.code, d]));
  const handlers = await db.select({ id: t.users.id, departmentId: t.users.departmentId }).from(t.users).where(sql`'department' = any(${t.users.roles})`);
  const handlerOf = new Map<string, string>();
  for (const h of handlers) if (h.departmentId && !handlerOf.has(h.departmentId)) handlerOf.set(h.departmentId, h.id);
  const comms = await db.select({ code: t.communities.code, name: t.communities.name, streetCode: t.communities.streetCode }).from(t.communities);
  const staffActor = { id: staff.id, roles: ['petition'] as Role[], departmentId: null };
  const citizenActor = { id: staff.id, roles: ['citizen'] as Role[], departmentId: null };
  const person = () => SURNAMES[Math.floor(r() * SURNAMES.length)] + pick(r, GIVEN);
  const phoneNo = () => `13${Math.floor(between(r, 0, 10))}${String(Math.floor(between(r, 0, 1e8))).padStart(8, '0')}`;

  // ---------------------------------------------------------------- reception days: 6 weeks back, 6 weeks ahead
  const dayRows: (typeof receptionDays.$inferInsert)[] = [];
  const enforcement = deptByCode.get('220106-enforcement')!;
  const housing = deptByCode.get('220106-housing')!;
  const today = shanghaiDay(opts.now);
  for (let w = -6; w <= 6; w++) {
    // Wednesdays: the district leaders in turn; Tuesdays: a bureau director; Thursdays: a community workday.
    const base = Date.parse(`${today}T00:00:00Z`); // the Shanghai day, counted as a UTC date
    const monday = base - ((new Date(base).getUTCDay() + 6) % 7) * DAY + w * 7 * DAY;
    const at = (offset: number) => new Date(monday + offset * DAY).toISOString().slice(0, 10);
    const tuesday = at(1);
    const wednesday = at(2);
    const thursday = at(3);
    if (calendar.isWorkday(wednesday) && w % 2 === 0) {
      const [hostName, hostTitle] = pick(r, [['吴强', '区长'], ['李卫东', '常务副区长'], ['陈晓梅', '副区长']] as const);
      dayRows.push({
        id: crypto.randomUUID(), day: wednesday, startTime: '09:00', endTime: '11:30', kind: 'district_leader', hostName, hostTitle,
        departmentId: null, place: '绿园区人民来访接待中心一楼接待室', topics: '群众反映的城市管理、征收安置、民生保障等问题', capacity: 8,
        createdBy: staff.id, createdAt: new Date(now - 60 * DAY),
      });
    }
    if (calendar.isWorkday(tuesday)) {
      const body = w % 2 === 0 ? enforcement : housing;
      dayRows.push({
        id: crypto.randomUUID(), day: tuesday, startTime: '14:00', endTime: '16:30', kind: 'director',
        hostName: body === enforcement ? '孙志刚' : '刘红', hostTitle: body === enforcement ? '城管执法局局长' : '住建局局长', departmentId: body.id,
        place: body === enforcement ? '城管执法局三楼会议室' : '住建局一楼接待大厅', topics: body === enforcement ? '违法建设、占道经营、市容环境' : '物业管理、房屋安全、征收安置',
        capacity: 6, createdBy: staff.id, createdAt: new Date(now - 60 * DAY),
      });
    }
    if (calendar.isWorkday(thursday) && w % 3 === 0) {
      const c = pick(r, comms);
      dayRows.push({
        id: crypto.randomUUID(), day: thursday, startTime: '09:00', endTime: '11:00', kind: 'community', hostName: '社区书记',
        hostTitle: `${c.name}党委`, departmentId: deptByCode.get(c.streetCode)?.id ?? null, communityCode: c.code, place: `${c.name}党群服务中心`,
        topics: '家门口的烦心事', capacity: 10, createdBy: staff.id, createdAt: new Date(now - 60 * DAY),
      });
    }
  }
  // One cancelled day, as happens.
  const cancelIdx = dayRows.findIndex((d) => d.day! > today && d.kind === 'director');
  if (cancelIdx >= 0) Object.assign(dayRows[cancelIdx], { cancelledAt: new Date(now - 2 * DAY), cancelReason: '局长参加市里专题会议，接待日顺延' });
  await db.insert(receptionDays).values(dayRows);

  // ---------------------------------------------------------------- appointments on coming days (citizens booked on the portal)
  const apptRows: (typeof receptionAppointments.$inferInsert)[] = [];
  for (const d of dayRows.filter((x) => x.day! >= today && !x.cancelledAt)) {
    const n = Math.floor(between(r, 1, Math.min(d.capacity!, 5)));
    for (let i = 1; i <= n; i++) {
      const topic = pick(r, ['illegal_building', 'street_order', 'property_management', 'housing_relocation', 'noise_pollution'] as PetitionTopic[]);
      const at = new Date(now - between(r, 1, 10) * DAY);
      apptRows.push({
        id: crypto.randomUUID(), dayId: d.id!, seq: i, name: person(), phone: phoneNo(), subject: TEMPLATES[topic][0][0], peopleCount: r() < 0.15 ? 3 : 1,
        status: 'booked', channel: r() < 0.7 ? 'portal' : 'staff', createdAt: at, updatedAt: at,
      });
    }
  }

  // ---------------------------------------------------------------- items
  const nItems = opts.items ?? 90;
  const pastDays = dayRows.filter((d) => d.day! < today && !d.cancelledAt);
  const rows: (typeof petitions.$inferInsert)[] = [];
  const events: (typeof petitionEvents.$inferInsert)[] = [];
  const tasks: (typeof receptionTasks.$inferInsert)[] = [];
  const toLink: { petitionId: string; topic: PetitionTopic; streetCode: string }[] = [];

  for (let i = 0; i < nItems; i++) {
    let channel = pickWeighted(r, CHANNEL_WEIGHTS);
    const ageDays = 150 * Math.pow(r(), 1.3);
    let receivedAt = officeHours(r, now - ageDays * DAY);
    let reception: { day: (typeof dayRows)[number]; appointmentId: string } | null = null;
    if (channel === 'reception_day' || channel === 'community_workday') {
      const candidates = pastDays.filter((d) => (channel === 'community_workday') === (d.kind === 'community'));
      if (!candidates.length) channel = 'visit';
      else {
        const d = pick(r, candidates);
        receivedAt = shanghaiInstant(d.day!, d.startTime!).getTime() + Math.floor(between(r, 5, 120)) * 60_000;
        reception = { day: d, appointmentId: crypto.randomUUID() };
      }
    }
    if (receivedAt > now - 30 * 60_000) receivedAt = now - Math.floor(between(r, 30, 300)) * 60_000;
    const community = reception?.day.communityCode ? comms.find((c) => c.code === reception!.day.communityCode)! : pick(r, comms);
    const topic = pickWeighted(r, [
      ['city_appearance', 12], ['illegal_building', 12], ['street_order', 12], ['noise_pollution', 12], ['property_management', 12],
      ['municipal_facilities', 8], ['housing_relocation', 8], ['labour_social_security', 6], ['law_enforcement_conduct', 8], ['other', 10],
    ] as [PetitionTopic, number][]);
    const [subject, contentT] = pick(r, TEMPLATES[topic]);
    const content = contentT.replace('{c}', community.name);
    const id = crypto.randomUUID();
    const petitioner = { name: person(), ...(channel === 'letter' && r() < 0.4 ? {} : { phone: phoneNo() }), ...(r() < 0.5 ? { address: `${community.name}${Math.floor(between(r, 1, 30))}栋` } : {}) };
    const suggestion = suggestRoute(`${subject} ${content}`);
    const received = new Date(receivedAt);
    let snap: PetitionSnapshot = registerPetition(received, { now: received, calendar, limits });
    const evs: (typeof petitionEvents.$inferInsert)[] = [];
    const subjectRef = { number: '', subject, channel, receivedAt: received };
    const pendingNotices: { idx: number; make: (n: string) => string }[] = [];
    const role: Role = channel === 'online' ? 'citizen' : 'petition';
    evs.push({
      petitionId: id, seq: 1, action: 'register', fromState: null, toState: 'registered', actorId: role === 'citizen' ? null : staff.id, role, at: received,
      note: reception && r() < 0.8 ? `领导意见：请${pick(r, ['相关部门', '属地街道', '城管执法局'])}限期核查处理，及时答复群众。` : null,
      payload: { channel, topic, peopleCount: 1, suggestedRoute: suggestion.route, receivedAt: received.toISOString() },
    });
    const stepDeadline0 = snap.stepDeadline!;
    pendingNotices.push({ idx: 0, make: (n) => notices.registerNotice({ ...subjectRef, number: n }, stepDeadline0) });

    let at = receivedAt;
    const act = <A extends PetitionActionName>(action: A, input: PetitionActionInput<A>, actor: { id: string; roles: Role[]; departmentId: string | null }, delayH: number, notice?: (n: string, s: PetitionSnapshot) => string): boolean => {
      const next = at + delayH * HOUR;
      if (next > now - 10 * 60_000) return false;
      let res;
      try {
        res = applyPetitionAction(snap, action, input, { now: new Date(next), actor, calendar, limits });
      } catch {
        return false;
      }
      const before = snap;
      snap = res.next;
      at = next;
      evs.push({
        petitionId: id, seq: evs.length + 1, action, fromState: res.event.fromState, toState: res.event.toState,
        // The petitioner on the portal is no user of ours: no actor id, role citizen.
        actorId: res.event.role === 'citizen' ? null : actor.id, role: res.event.role,
        at: new Date(next), note: res.event.note, payload: { ...res.event.payload }, stepDeadline: res.event.fromState !== res.event.toState ? before.stepDeadline : null,
        departmentId: snap.departmentId,
      });
      if (notice) {
        const s = snap;
        pendingNotices.push({ idx: evs.length - 1, make: (n) => notice(n, s) });
      }
      return true;
    };

    const bodyCode = BODY_OF_TOPIC[topic] ?? community.streetCode;
    const body = deptByCode.get(bodyCode) ?? enforcement;
    const bodyActor = { id: handlerOf.get(body.id) ?? staff.id, roles: ['department'] as Role[], departmentId: body.id };
    simulate: {
      // 诉访分离: matters for courts, arbitration or review are routed out at registration (or at the decision).
      if (suggestion.route !== 'petition' && r() < 0.85) {
        const route = suggestion.route as RouteOut;
        const guidance = guidanceFor(route).zh;
        act('routeOut', { route, basis: suggestion.basisZh ?? undefined, guidance }, staffActor, channel === 'online' ? between(r, 4, 72) : 0.2, (n) => notices.routeOutNotice({ ...subjectRef, number: n }, guidance));
        break simulate;
      }
      // A few are not for this office at all.
      if (r() < 0.05) {
        const reason = '该事项属于市级部门职权范围';
        act('reject', { reason, referTo: '长春市住房保障和房屋管理局' }, staffActor, between(r, 24, 240), (n) => notices.rejectNotice({ ...subjectRef, number: n }, reason, '长春市住房保障和房屋管理局'));
        break simulate;
      }
      // Now and then an item waits too long for the decision, or a body lets the period run out: red lights.
      if (ageDays > 17 && r() < 0.04) break simulate;
      if (!act('accept', {}, staffActor, between(r, 20, 24 * 9), (n, s) => notices.acceptNotice({ ...subjectRef, number: n }, s.handleDeadline!))) break simulate;
      // City-management matters are also made into cases (about one in four of those).
      if (['city_appearance', 'illegal_building', 'street_order', 'noise_pollution', 'municipal_facilities'].includes(topic) && r() < 0.3) {
        toLink.push({ petitionId: id, topic, streetCode: community.streetCode });
      }
      const bodyName = body.nameZh;
      if (!act('assign', { departmentId: body.id }, staffActor, between(r, 2, 48), (n) => notices.assignNotice({ ...subjectRef, number: n }, bodyName))) break simulate;
      const complex = topic === 'housing_relocation' || r() < 0.12;
      if (complex && !act('extend', { days: 30, reason: '涉及多个部门协调，情况复杂' }, bodyActor, between(r, 24 * 20, 24 * 50), (n, s) => notices.extendNotice({ ...subjectRef, number: n }, 30, '涉及多个部门协调，情况复杂', s.handleDeadline!))) break simulate;
      if (ageDays > 70 && r() < 0.1) break simulate;
      // Handling takes most of the period; about one in eight runs over.
      const span = snap.handleDeadline!.getTime() - snap.acceptedAt!.getTime();
      const target = snap.acceptedAt!.getTime() + span * (r() < 0.12 ? between(r, 1.02, 1.3) : between(r, 0.15, 0.9));
      const replyText = REPLIES[topic];
      if (!act('reply', { text: replyText }, bodyActor, Math.max(2, (target - at) / HOUR), (n, s) => notices.replyNotice({ ...subjectRef, number: n }, replyText, s.reviewUntil!, limits.reviewRequestDays))) break simulate;
      const mood = pickWeighted(r, [['satisfied', 60], ['basic', 25], ['unsatisfied', 15]] as ['satisfied' | 'basic' | 'unsatisfied', number][]);
      const rater = channel === 'online' ? citizenActor : staffActor;
      if (!act('rate', { satisfaction: mood, comment: mood === 'unsatisfied' ? '问题没有根本解决' : undefined }, rater, between(r, 12, 24 * 6))) break simulate;
      if (mood === 'unsatisfied' && r() < 0.7) {
        if (!act('requestReview', { reason: '对处理意见不满意，问题反复出现' }, rater, between(r, 24, 24 * 10))) break simulate;
        const opinion = '经复查，原处理意见认定事实清楚，处理恰当，予以维持；同时责成承办单位加强后续监管。';
        act('decideReview', { decision: 'upheld', opinion }, staffActor, between(r, 24 * 5, 24 * 25), (n) => notices.reviewNotice({ ...subjectRef, number: n }, 'upheld', opinion));
        break simulate;
      }
      if (mood !== 'unsatisfied') act('close', { note: '信访人满意，办结' }, staffActor, between(r, 2, 48));
      else act('close', { note: '复查申请期限届满，办结' }, staffActor, 24 * 32);
    }

    if (reception) {
      apptRows.push({
        id: reception.appointmentId, dayId: reception.day.id!, seq: apptRows.filter((a) => a.dayId === reception!.day.id).length + 1, name: petitioner.name,
        phone: 'phone' in petitioner ? (petitioner.phone as string) : null, subject, peopleCount: 1, status: 'visited', channel: r() < 0.6 ? 'portal' : 'staff',
        createdAt: new Date(receivedAt - between(r, 2, 9) * DAY), updatedAt: received,
      });
      // Follow-up tasks the leader gave at the visit.
      const taskBody = reception.day.departmentId ?? body.id;
      const started = received;
      const deadline = periodEnd(calendar, started, r() < 0.5 ? 7 : 15, true);
      const done = deadline.getTime() < now ? r() < 0.8 : r() < 0.4;
      tasks.push({
        id: crypto.randomUUID(), petitionId: id, dayId: reception.day.id!, departmentId: taskBody, text: `核查“${subject}”并提出处理方案`, startedAt: started, deadline,
        warnAt: periodWarnAt(started, deadline, limits.warnShare), status: done ? 'done' : 'open',
        doneAt: done ? new Date(Math.min(now - HOUR, started.getTime() + between(r, 2, 9) * DAY)) : null, doneNote: done ? '已现场核查，处理方案已报区领导' : null,
        doneBy: done ? (handlerOf.get(taskBody) ?? null) : null, createdBy: staff.id, createdAt: started,
      });
    }

    const last = evs[evs.length - 1];
    rows.push({
      ...snap,
      id,
      number: '',
      districtCode: '220106',
      channel,
      topic,
      subject,
      content,
      locationText: `${community.name}`,
      streetCode: community.streetCode,
      communityCode: community.code,
      peopleCount: channel === 'visit' && r() < 0.1 ? 6 : 1,
      petitioner,
      screening: suggestion,
      receptionDayId: reception?.day.id ?? null,
      appointmentId: reception?.appointmentId ?? null,
      leaderInstruction: (evs[0].note as string | null) ?? null,
      followToken: crypto.randomBytes(24).toString('base64url'),
      queryCode: String(Math.floor(r() * 1_000_000)).padStart(6, '0'),
      createdBy: channel === 'online' ? null : staff.id,
      createdAt: received,
      updatedAt: last.at as Date,
      version: evs.length,
    });
    // Notices name the item's number, which is known once items are numbered below.
    (rows[rows.length - 1] as { _notices?: unknown })._notices = { evs, pendingNotices };
  }

  // Numbers follow the order of receipt within each year.
  rows.sort((a, b) => (a.receivedAt as Date).getTime() - (b.receivedAt as Date).getTime());
  const counters = new Map<number, number>();
  for (const row of rows) {
    const year = new Date((row.receivedAt as Date).getTime() + 8 * HOUR).getUTCFullYear();
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    row.number = `XF220106-${year}-${String(n).padStart(6, '0')}`;
    const extra = (row as { _notices?: { evs: typeof events; pendingNotices: { idx: number; make: (n: string) => string }[] } })._notices!;
    delete (row as { _notices?: unknown })._notices;
    for (const pn of extra.pendingNotices) (extra.evs[pn.idx].payload as Record<string, unknown>).notice = pn.make(row.number);
    events.push(...extra.evs);
  }

  // ---------------------------------------------------------------- items made into cases: link to open demo cases of a fitting class
  const CLASS_OF_TOPIC: Record<string, string[]> = {
    city_appearance: ['06010', '07001'],
    illegal_building: ['06001', '08016'],
    street_order: ['09006'],
    noise_pollution: ['06029'],
    municipal_facilities: ['01001', '01002'],
  };
  const openCases = await db
    .select({ id: t.cases.id, classCode: t.cases.classCode, streetCode: t.cases.streetCode })
    .from(t.cases)
    .where(and(inArray(t.cases.state, ['reported', 'verified', 'filed', 'dispatched', 'handling']), inArray(t.cases.source, ['citizen', 'hotline'])));
  const used = new Set<string>();
  let linked = 0;
  for (const l of toLink) {
    const row = rows.find((x) => x.id === l.petitionId)!;
    if (!['accepted', 'handling', 'replied', 'closed', 'reviewing', 'reviewed'].includes(row.state as string)) continue;
    const c = openCases.find((x) => !used.has(x.id) && CLASS_OF_TOPIC[l.topic]?.includes(x.classCode) && x.streetCode === l.streetCode) ?? openCases.find((x) => !used.has(x.id) && CLASS_OF_TOPIC[l.topic]?.includes(x.classCode));
    if (!c) continue;
    used.add(c.id);
    row.caseId = c.id;
    const evs = events.filter((e) => e.petitionId === row.id);
    const acceptEv = evs.find((e) => e.action === 'accept')!;
    const caseNumber = (await db.select({ number: t.cases.number }).from(t.cases).where(eq(t.cases.id, c.id)))[0].number;
    // The link is an event of the item, right after acceptance; later events move up one.
    for (const e of evs) if ((e.seq as number) > (acceptEv.seq as number)) e.seq = (e.seq as number) + 1;
    events.push({
      petitionId: row.id!, seq: (acceptEv.seq as number) + 1, action: 'linkCase', fromState: 'accepted', toState: 'accepted', actorId: staff.id, role: 'petition',
      at: new Date((acceptEv.at as Date).getTime() + 20 * 60_000), note: null, payload: { caseId: c.id, caseNumber }, stepDeadline: null, departmentId: null,
    });
    row.version = (row.version as number) + 1;
    linked++;
  }

  await db.transaction(async (tx) => {
    for (let i = 0; i < apptRows.length; i += 200) await tx.insert(receptionAppointments).values(apptRows.slice(i, i + 200));
    for (let i = 0; i < rows.length; i += 200) await tx.insert(petitions).values(rows.slice(i, i + 200));
    for (let i = 0; i < events.length; i += 500) await tx.insert(petitionEvents).values(events.slice(i, i + 500));
    if (tasks.length) await tx.insert(receptionTasks).values(tasks);
    // The linked demo cases came in through the petition office (source 信访), without the petitioner's details.
    const caseIds = rows.filter((x) => x.caseId).map((x) => x.caseId!);
    if (caseIds.length) {
      await tx.update(t.cases).set({ source: 'petition', reporter: null }).where(inArray(t.cases.id, caseIds));
      await tx.execute(sql`update case_events set payload = jsonb_set(payload, '{source}', '"petition"') where seq = 1 and case_id in (${sql.join(caseIds.map((x) => sql`${x}::uuid`), sql`, `)})`);
    }
  });
  for (const [year, n] of counters) await advancePetitionSerial(db, year, n);
  const open = rows.filter((x) => !['closed', 'reviewed', 'not_accepted', 'routed_out'].includes(x.state as string)).length;
  return `${rows.length} petition items (${open} open, ${linked} made into cases), ${dayRows.length} reception days, ${apptRows.length} appointments, ${tasks.length} follow-up tasks`;
}
