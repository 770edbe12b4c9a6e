// The 12345 hotline work order (工单) as the hotline system sends it, and the feedback (办理结果) it reads back.
import { z } from 'zod';
import { CrsSchema } from '../cases/case.schema';

export const APPEAL_TYPES = {
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  help: { zh: '求助', en: 'Request for help' },
  consult: { zh: '咨询', en: 'Enquiry' },
  suggestion: { zh: '建议', en: 'Suggestion' },
} as const;

const isoWithZone = z.string().datetime({ offset: true });

export const HotlineWorkOrderSchema = z
  .object({
    orderNo: z.string().trim().min(1).max(64).describe('工单编号: unique in the hotline system; sending the same order again returns the same case'),
    acceptedAt: isoWithZone.optional().describe('受理时间 at the hotline, ISO 8601 with offset'),
    appealType: z.enum(Object.keys(APPEAL_TYPES) as [keyof typeof APPEAL_TYPES]).default('complaint').describe('诉求类型: complaint 投诉, report 举报, help 求助, consult 咨询, suggestion 建议'),
    title: z.string().trim().max(200).optional().describe('工单标题'),
    content: z.string().trim().min(1).max(1800).describe('诉求内容'),
    serviceCode: z
      .string()
      .regex(/^[CMcm]\d{5,8}$/)
      .describe('问题类别 as an Open311 service code: C + component class code, M + matter class code (M09006 占道经营)'),
    location: z
      .object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), crs: CrsSchema.default('WGS84') })
      .optional()
      .describe('事发位置坐标; hotline map pickers usually give GCJ02 (高德/腾讯) or BD09 (百度): say which in crs'),
    address: z.string().trim().max(256).optional().describe('事发地址; used to place the case when location is missing (must name a community or street)'),
    addressCode: z
      .string()
      .regex(/^\d{9}$|^\d{12}$|^\d{15}$/)
      .optional()
      .describe('Street (9 digits), community (12) or grid (15) code, when known'),
    caller: z
      .object({
        name: z.string().trim().max(50).optional().describe('来电人'),
        phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).optional().describe('来电号码'),
        anonymous: z.boolean().default(false).describe('匿名: keep no caller details'),
      })
      .optional()
      .describe('Private: never shown publicly'),
    urgency: z.enum(['normal', 'urgent']).default('normal').describe('紧急程度'),
    dueAt: isoWithZone.optional().describe('办结时限 the hotline asks for (kept for reference; the district calendar sets the case limits)'),
    attachments: z.array(z.string().url().max(2000)).max(12).default([]).describe('附件 URLs (photos, recordings)'),
  })
  .strict()
  .refine((o) => o.location || o.address || o.addressCode, { message: 'location, address or addressCode is required', path: ['location'] });
export type HotlineWorkOrder = z.infer<typeof HotlineWorkOrderSchema>;

export const HotlineReceiptSchema = z.object({
  orderNo: z.string(),
  caseId: z.string(),
  caseNumber: z.string().describe('案卷编号 in the district platform'),
  state: z.string(),
  status: z.enum(['open', 'closed']),
  detailedStatus: z.string().describe('FixMyStreet-style extended status, e.g. IN_PROGRESS'),
  replayed: z.boolean().describe('true when the order had been received before'),
});

export const HotlineFeedbackSchema = z.object({
  orderNo: z.string(),
  caseNumber: z.string(),
  state: z.string(),
  stateLabel: z.string().describe('状态 in words (zh or en by Accept-Language)'),
  status: z.enum(['open', 'closed']),
  detailedStatus: z.string(),
  department: z.string().nullable().describe('承办单位'),
  handleDeadline: z.string().nullable().describe('处置时限'),
  handledAt: z.string().nullable().describe('处置完成时间'),
  closedAt: z.string().nullable().describe('结案时间'),
  closeType: z.string().nullable(),
  result: z.string().nullable().describe('办理结果: what the department reported when it finished'),
  timeline: z.array(z.object({ at: z.string(), action: z.string(), label: z.string(), state: z.string(), note: z.string().nullable() })),
});
