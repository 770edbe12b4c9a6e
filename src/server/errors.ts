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
  // ---- reliability: input the fuzzing tests found without a stable code
  BAD_URL: { status: 400, zh: '请求地址无效', en: 'The request URL is not valid' },
  URL_TOO_LONG: { status: 414, zh: '请求地址过长', en: 'A part of the request URL is too long' },
  REFERENCE_NOT_FOUND: { status: 422, zh: '引用的数据不存在', en: 'Something the request refers to does not exist' },
  ALREADY_EXISTS: { status: 409, zh: '该数据已存在', en: 'This already exists' },
  ARCHIVE_TOO_LARGE: { status: 413, zh: '压缩文件解压后过大', en: 'The archive unpacks to too much data' },
  ARCHIVE_INVALID: { status: 422, zh: '压缩文件已损坏', en: 'The archive is damaged' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
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
