// The one error type of the API: stable codes, an HTTP status per code, and messages in zh-CN and English.

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '输入内容有误', en: 'The input is not valid' },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  BAD_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  CSRF_FAILED: { status: 403, zh: '安全校验失败，请刷新页面后重试', en: 'Security check failed; reload the page and try again' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  ROLE_NOT_ALLOWED: { status: 403, zh: '当前角色不能执行此操作', en: 'Your role may not take this action' },
  NOT_ASSIGNEE: { status: 403, zh: '只有接收任务的监督员可以处理此任务', en: 'Only the inspector who received the task may answer it' },
  NOT_CASE_DEPARTMENT: { status: 403, zh: '只有承办部门可以执行此操作', en: 'Only the department holding the case may do this' },
  NOT_FOUND: { status: 404, zh: '找不到请求的资源', en: 'Not found' },
  CASE_NOT_FOUND: { status: 404, zh: '案卷不存在或无权查看', en: 'The case does not exist or you may not see it' },
  PHOTO_NOT_FOUND: { status: 404, zh: '照片不存在或无权查看', en: 'The photo does not exist or you may not see it' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在', en: 'The user does not exist' },
  DEPARTMENT_NOT_FOUND: { status: 404, zh: '部门不存在', en: 'The department does not exist' },
  UNKNOWN_CLASS: { status: 422, zh: '未知的部件/事件类别', en: 'Unknown problem class' },
  UNKNOWN_FILING_CONDITION: { status: 422, zh: '该类别没有此立案条件', en: 'This class has no such filing condition' },
  OUTSIDE_DISTRICT: { status: 422, zh: '位置不在本区范围内', en: 'The position is outside the district' },
  NOT_AN_INSPECTOR: { status: 422, zh: '所选人员不是监督员', en: 'The chosen person is not an inspector' },
  PHOTO_REQUIRED: { status: 422, zh: '需要上传照片', en: 'A photo is required' },
  SELF_FIX_PHOTOS_REQUIRED: { status: 422, zh: '自处理需要处理前和处理后照片', en: 'A self-fix report needs before and after photos' },
  TRANSITION_NOT_ALLOWED: { status: 409, zh: '案卷当前状态不允许此操作', en: 'The case is not in a state that allows this action' },
  PENDING_REQUEST_EXISTS: { status: 409, zh: '已有待审批的申请', en: 'A request is already waiting for a decision' },
  NO_PENDING_REQUEST: { status: 409, zh: '没有待审批的申请', en: 'There is no request waiting for a decision' },
  NOT_SELF_FIX: { status: 409, zh: '该案卷不是自处理上报', en: 'The case is not a self-fix report' },
  HANDLE_LIMIT_REQUIRED: { status: 409, zh: '缺少处置时限，请先立案', en: 'The case has no handling limit; file it first' },
  SAME_DEPARTMENT: { status: 409, zh: '改派需选择其他部门', en: 'Re-dispatch must choose another department' },
  CASE_VERSION_CONFLICT: { status: 409, zh: '案卷已被他人更新，请刷新后重试', en: 'Someone else changed the case; reload and try again' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, zh: '该幂等键已用于不同的请求', en: 'The idempotency key was used for a different request' },
  RULE_NOT_FOUND: { status: 404, zh: '权责规则不存在', en: 'The responsibility rule does not exist' },
  BEAT_NOT_FOUND: { status: 404, zh: '责任网格不存在', en: 'The responsibility grid does not exist' },
  CLASS_EXISTS: { status: 409, zh: '该类别编码已存在', en: 'A class with this code exists' },
  DEPARTMENT_CODE_TAKEN: { status: 409, zh: '部门编码已存在', en: 'The department code is taken' },
  INVALID_CALENDAR: { status: 422, zh: '工作日历设置有误', en: 'The working calendar is not valid' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已存在', en: 'The username is taken' },
  FILE_TOO_LARGE: { status: 413, zh: '文件过大', en: 'The file is too large' },
  BODY_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的文件类型', en: 'Unsupported file type' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  DB_UNAVAILABLE: { status: 503, zh: '数据库暂时不可用，请稍后再试', en: 'The database is unavailable; try again shortly' },
  // ---- field and public
  NOT_ON_DUTY: { status: 409, zh: '请先开始巡查（上岗）', en: 'Go on duty first' },
  FOLLOW_LINK_INVALID: { status: 404, zh: '查询链接无效或已失效', en: 'The follow link is not valid' },
  PHONE_INVALID: { status: 422, zh: '请输入正确的手机号码', en: 'Enter a valid mobile number' },
  PHONE_BANNED: { status: 403, zh: '该号码已被限制使用', en: 'This number may not be used' },
  CODE_REQUIRED: { status: 422, zh: '请输入短信验证码', en: 'Enter the code sent by text message' },
  CODE_INVALID: { status: 422, zh: '验证码错误或已过期', en: 'The code is wrong or has expired' },
  DAILY_LIMIT_REACHED: { status: 429, zh: '今日提交次数已达上限', en: 'The daily limit is reached' },
  NOT_RATABLE: { status: 409, zh: '案卷办结后才能评价', en: 'A case can be rated once it is closed' },
  ALREADY_RATED: { status: 409, zh: '该案卷已评价', en: 'The case has already been rated' },
  NOT_REOPENABLE: { status: 409, zh: '该案卷不能再次投诉（未办结或已超过期限）', en: 'The case cannot be reopened (not closed, or too late)' },
  MODERATION_ITEM_NOT_FOUND: { status: 404, zh: '审核内容不存在', en: 'The item to moderate does not exist' },
  // ---- petitions (信访) and reception days
  PETITION_NOT_FOUND: { status: 404, zh: '信访件不存在或无权查看', en: 'The petition item does not exist or you may not see it' },
  PETITION_TRANSITION_NOT_ALLOWED: { status: 409, zh: '信访件当前状态不允许此操作', en: 'The petition item is not in a state that allows this action' },
  PETITION_VERSION_CONFLICT: { status: 409, zh: '信访件已被他人更新，请刷新后重试', en: 'Someone else changed the item; reload and try again' },
  NOT_PETITION_BODY: { status: 403, zh: '只有承办单位可以执行此操作', en: 'Only the body the item is assigned to may do this' },
  EXTENSION_ALREADY_USED: { status: 409, zh: '该信访件已延期过一次，不能再次延期', en: 'The handling period was already extended once' },
  EXTENSION_TOO_LONG: { status: 422, zh: '延长期限超过规定的最长天数', en: 'The extension is longer than allowed' },
  EXTENSION_TOO_LATE: { status: 409, zh: '办理期限已届满，不能再延期', en: 'The handling period has ended; it can no longer be extended' },
  PETITION_ALREADY_RATED: { status: 409, zh: '该答复已评价', en: 'The reply has already been rated' },
  REVIEW_WINDOW_CLOSED: { status: 409, zh: '已超过申请复查的期限', en: 'The time to ask for a review has passed' },
  PETITION_NOT_CLOSABLE: { status: 409, zh: '信访人满意或复查申请期限届满后方可办结', en: 'Close after a satisfied rating or once the review window has passed' },
  PETITION_ALREADY_LINKED: { status: 409, zh: '该信访件已转为城管案件', en: 'A case was already made from this item' },
  RECEIVED_IN_FUTURE: { status: 422, zh: '收件时间不能晚于当前时间', en: 'The item cannot have been received in the future' },
  PETITION_LOOKUP_FAILED: { status: 404, zh: '信访件编号或查询码错误', en: 'Wrong item number or query code' },
  PETITION_LOOKUP_LOCKED: { status: 429, zh: '查询码错误次数过多，请联系信访部门', en: 'Too many wrong codes; contact the petition office' },
  RECEPTION_DAY_NOT_FOUND: { status: 404, zh: '接待日不存在', en: 'The reception day does not exist' },
  RECEPTION_DAY_CLOSED: { status: 409, zh: '该接待日已取消或已过期，不能预约', en: 'The reception day is cancelled or over; it cannot be booked' },
  RECEPTION_DAY_FULL: { status: 409, zh: '该接待日预约已满', en: 'The reception day is fully booked' },
  APPOINTMENT_NOT_FOUND: { status: 404, zh: '预约不存在', en: 'The appointment does not exist' },
  APPOINTMENT_NOT_OPEN: { status: 409, zh: '该预约已接待或已取消', en: 'The appointment was already seen or cancelled' },
  RECEPTION_TASK_NOT_FOUND: { status: 404, zh: '交办事项不存在或无权查看', en: 'The follow-up task does not exist or you may not see it' },
  RECEPTION_TASK_DONE: { status: 409, zh: '该交办事项已办结', en: 'The follow-up task is already done' },
  // ---- notifications, escalation, duty roster, local alerts
  CHANNEL_UNAVAILABLE: { status: 422, zh: '该通知渠道不可用（未配置或缺少手机号/邮箱/地址）', en: 'This channel cannot reach you (not configured, or no phone, e-mail or URL)' },
  INVALID_ESCALATION: { status: 422, zh: '升级规则设置有误', en: 'The escalation settings are not valid' },
  SHIFT_INVALID: { status: 422, zh: '值班时间有误（结束须晚于开始，最长 7 天）', en: 'The shift times are not valid (end after start, at most 7 days)' },
  DUTY_USER_INVALID: { status: 422, zh: '该人员不能在此岗位值班', en: 'This person cannot stand this duty' },
  SHIFT_NOT_FOUND: { status: 404, zh: '值班记录不存在', en: 'The shift does not exist' },
  ALERT_LINK_INVALID: { status: 404, zh: '订阅管理链接无效', en: 'The subscription link is not valid' },
  ALERT_AREA_INVALID: { status: 422, zh: '订阅范围有误（位置须在本区内，或选择社区）', en: 'The alert area is not valid (a point inside the district, or a community)' },
  // ---- special campaigns and the illegal building register
  CAMPAIGN_NOT_FOUND: { status: 404, zh: '专项整治不存在', en: 'The campaign does not exist' },
  CAMPAIGN_PERIOD_INVALID: { status: 422, zh: '整治期限有误：结束日期不能早于开始日期', en: 'The campaign period is not valid: it ends before it starts' },
  CAMPAIGN_VERSION_CONFLICT: { status: 409, zh: '专项整治已被他人修改，请刷新后重试', en: 'Someone else changed the campaign; reload and try again' },
  UNKNOWN_AREA: { status: 422, zh: '未知的街道或社区', en: 'Unknown street or community' },
  BUILDING_NOT_FOUND: { status: 404, zh: '违法建设登记不存在或无权查看', en: 'The register entry does not exist or you may not see it' },
  BUILDING_TRANSITION_NOT_ALLOWED: { status: 409, zh: '该违法建设当前状态不允许此操作', en: 'The entry is not in a state that allows this step' },
  BUILDING_DATE_INVALID: { status: 422, zh: '日期有误：不能晚于今天，也不能早于上一环节', en: 'The date is not valid: not after today, not before the previous step' },
  DEADLINE_NOT_PASSED: { status: 409, zh: '整改期限尚未届满', en: 'The rectification deadline has not passed yet' },
  DEMOLISHED_AREA_EXCEEDS: { status: 422, zh: '拆除面积有误：须大于零，累计不能超过违建面积', en: 'The demolished area is not valid: it must be positive and in all not exceed the structure' },
  BUILDING_VERSION_CONFLICT: { status: 409, zh: '该登记已被他人更新，请刷新后重试', en: 'Someone else changed the entry; reload and try again' },
  CASE_NOT_ILLEGAL_BUILDING: { status: 422, zh: '只有私搭乱建（06001）或无证建设（08016）案件可以登记为违法建设', en: 'Only cases of class 06001 or 08016 can be put on the illegal building register' },
  CASE_ALREADY_REGISTERED: { status: 409, zh: '该案件已登记为违法建设', en: 'The case is already on the illegal building register' },
  // ---- mechanised sweeping
  SEGMENT_NOT_FOUND: { status: 404, zh: '道路路段不存在', en: 'The road segment does not exist' },
  SEGMENT_CODE_TAKEN: { status: 409, zh: '路段编码已存在', en: 'A road segment with this code exists' },
  SEGMENT_NOT_IN_SERVICE: { status: 422, zh: '该日期路段不在保洁范围内', en: 'The segment is not in service on that day' },
  SWEEP_AREA_TOO_LARGE: { status: 422, zh: '清扫面积超过路段保洁面积', en: 'The swept area exceeds the segment’s area to sweep' },
  SWEEP_DATE_IN_FUTURE: { status: 422, zh: '不能录入未来日期的清扫记录', en: 'A sweeping record cannot be in the future' },
  // ---- hazard inspections and 双随机、一公开
  ENTITY_NOT_FOUND: { status: 404, zh: '检查对象不存在', en: 'The inspectable entity does not exist' },
  ENTITY_CODE_TAKEN: { status: 409, zh: '检查对象编码已存在', en: 'An entity with this code exists' },
  INSPECTOR_NOT_IN_POOL: { status: 404, zh: '该人员不在检查人员库中', en: 'The person is not in the inspector pool' },
  POOL_CODE_TAKEN: { status: 409, zh: '检查人员编号已被使用', en: 'The inspector code is taken' },
  CONFLICT_EXISTS: { status: 409, zh: '已申报该回避关系', en: 'This conflict of interest is already declared' },
  PLAN_NOT_FOUND: { status: 404, zh: '检查计划不存在', en: 'The inspection plan does not exist' },
  DRAW_NOT_FOUND: { status: 404, zh: '抽取记录不存在', en: 'The draw does not exist' },
  DRAW_PENDING: { status: 409, zh: '该计划有尚未抽取的公示批次，请先完成抽取', en: 'The plan has a committed draw not yet drawn; draw it first' },
  DRAW_ALREADY_DRAWN: { status: 409, zh: '该批次已抽取', en: 'This draw has already been made' },
  DRAW_NOT_DRAWN: { status: 409, zh: '尚未抽取，目前仅公示承诺值', en: 'Not drawn yet: only the commitment is published' },
  DRAW_RULES_UNSATISFIABLE: { status: 422, zh: '按抽取规则无法抽足检查对象或检查人员', en: 'The rules cannot be met with the register and the pool as they are' },
  INSPECTION_NOT_FOUND: { status: 404, zh: '检查记录不存在或无权查看', en: 'The inspection does not exist or you may not see it' },
  INSPECTION_STATE: { status: 409, zh: '检查记录当前状态不允许此操作', en: 'The inspection is not in a state that allows this' },
  CHECKLIST_INCOMPLETE: { status: 422, zh: '检查表须逐项填写', en: 'Every checklist item must be answered' },
  REVIEWER_IS_INSPECTOR: { status: 403, zh: '不能审核本人参与的检查', en: 'You may not review an inspection you took part in' },
  // ---- supervision of the plan (督查督办)
  WORK_PLAN_NOT_FOUND: { status: 404, zh: '工作计划不存在', en: 'The work plan does not exist' },
  WORK_PLAN_CODE_TAKEN: { status: 409, zh: '计划编号已存在', en: 'A work plan with this code exists' },
  PLAN_TASK_NOT_FOUND: { status: 404, zh: '计划任务不存在', en: 'The plan task does not exist' },
  NOT_TASK_LEAD: { status: 403, zh: '只有牵头单位可以报送该任务的进展', en: 'Only the lead department may report progress on this task' },
  TASK_MEASURED_LIVE: { status: 422, zh: '该任务的数值由平台实时统计，不能手工填报（可报送文字和佐证材料）', en: 'This task’s figure is measured live by the platform; report text and evidence only' },
  EVIDENCE_NOT_ATTACHABLE: { status: 422, zh: '佐证材料须为本人上传且未被使用的文件', en: 'Evidence must be files you uploaded that are not attached elsewhere' },
  // ---- base data, components, gazetteer
  GAZETTEER_CODE_TAKEN: { status: 409, zh: '地名地址库中已有同类型、同编码的条目', en: 'The gazetteer already has an entry of this kind and code' },
  // ---- reliability: input the fuzzing tests found without a stable code
  BAD_URL: { status: 400, zh: '请求地址无效', en: 'The request URL is not valid' },
  URL_TOO_LONG: { status: 414, zh: '请求地址过长', en: 'A part of the request URL is too long' },
  REFERENCE_NOT_FOUND: { status: 422, zh: '引用的数据不存在', en: 'Something the request refers to does not exist' },
  ALREADY_EXISTS: { status: 409, zh: '该数据已存在', en: 'This already exists' },
  ARCHIVE_TOO_LARGE: { status: 413, zh: '压缩文件解压后过大', en: 'The archive unpacks to too much data' },
  ARCHIVE_INVALID: { status: 422, zh: '压缩文件已损坏', en: 'The archive is damaged' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  // ---- evaluation
  NOTHING_TO_URGE: { status: 409, zh: '该部门当前没有超期案件，无需督办', en: 'The department has no overdue cases to urge' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(detail ?? ERRORS[code].en);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; messageZh: string; messageEn: string; detail?: string; fields?: { path: string; message: string }[] };
}

export function errorBody(err: AppError, lang: 'zh' | 'en'): ErrorBody {
  const m = ERRORS[err.code];
  return {
    error: {
      code: err.code,
      message: lang === 'en' ? m.en : m.zh,
      messageZh: m.zh,
      messageEn: m.en,
      ...(err.detail ? { detail: err.detail } : {}),
      ...(err.fields ? { fields: err.fields } : {}),
    },
  };
}
