// The attributes of every Open311 service (GET services/{code}) and the check of attribute[code] values sent with a request.
// Every class has the same set, one per GeoReport datatype; the filing conditions (立案条件) of the class are the values of `condition`.

export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
export type Lang = 'zh' | 'en';
interface Bi {
  zh: string;
  en: string;
}

export interface AttributeDef {
  code: string;
  datatype: Datatype;
  variable: boolean;
  required: boolean;
  order: number;
  description: Bi;
  datatypeDescription: Bi;
  values?: { key: string; name: Bi }[];
}

export interface ConditionRef {
  code: string;
  nameZh: string;
  nameEn: string;
}

const HAZARDS: { key: string; name: Bi }[] = [
  { key: 'blocks_pedestrians', name: { zh: '影响行人通行', en: 'Blocks pedestrians' } },
  { key: 'blocks_traffic', name: { zh: '影响车辆通行', en: 'Blocks traffic' } },
  { key: 'safety_risk', name: { zh: '存在安全隐患', en: 'Safety risk' } },
  { key: 'pollution', name: { zh: '污染环境或有异味', en: 'Pollution or smell' } },
  { key: 'noise', name: { zh: '噪声扰民', en: 'Noise' } },
  { key: 'recurring', name: { zh: '反复出现', en: 'Keeps coming back' } },
];

export function attributesFor(conditions: ConditionRef[]): AttributeDef[] {
  return [
    {
      code: 'notice',
      datatype: 'string',
      variable: false,
      required: false,
      order: 1,
      description: {
        zh: '本平台受理本区城市管理问题。危及人身安全的紧急情况请拨打 110 或 119。',
        en: 'City-management problems in the district. For emergencies that endanger life call 110 or 119.',
      },
      datatypeDescription: { zh: '', en: '' },
    },
    {
      code: 'condition',
      datatype: 'singlevaluelist',
      variable: true,
      required: false,
      order: 2,
      description: { zh: '问题情形', en: 'Which best describes the problem?' },
      datatypeDescription: { zh: '选择一项', en: 'Choose one' },
      values: conditions.map((c) => ({ key: c.code, name: { zh: c.nameZh, en: c.nameEn } })),
    },
    {
      code: 'hazards',
      datatype: 'multivaluelist',
      variable: true,
      required: false,
      order: 3,
      description: { zh: '造成的影响', en: 'Effects' },
      datatypeDescription: { zh: '可多选', en: 'Choose any' },
      values: HAZARDS,
    },
    {
      code: 'quantity',
      datatype: 'number',
      variable: true,
      required: false,
      order: 4,
      description: { zh: '数量或面积（个、处或平方米）', en: 'How many (items, places or square metres)' },
      datatypeDescription: { zh: '数字，0 至 1000000', en: 'A number from 0 to 1000000' },
    },
    {
      code: 'observed_at',
      datatype: 'datetime',
      variable: true,
      required: false,
      order: 5,
      description: { zh: '发现时间', en: 'When did you see it?' },
      datatypeDescription: { zh: 'ISO 8601，例如 2026-11-16T09:00:00+08:00', en: 'ISO 8601, e.g. 2026-11-16T09:00:00+08:00' },
    },
    {
      code: 'landmark',
      datatype: 'string',
      variable: true,
      required: false,
      order: 6,
      description: { zh: '附近地标或门牌号', en: 'Nearby landmark or house number' },
      datatypeDescription: { zh: '不超过 100 字', en: 'Up to 100 characters' },
    },
    {
      code: 'details',
      datatype: 'text',
      variable: true,
      required: false,
      order: 7,
      description: { zh: '补充说明', en: 'Anything else we should know' },
      datatypeDescription: { zh: '不超过 1000 字', en: 'Up to 1000 characters' },
    },
  ];
}

export type AttributeValues = Record<string, string | string[] | number>;

export interface AttributeCheck {
  values: AttributeValues;
  /** Attributes the definition does not know, kept as sent (bounded). */
  extra: Record<string, string[]>;
  errors: string[];
}

/** Checks attribute[code] values against the definitions; every problem is reported, not only the first. */
export function checkAttributes(defs: AttributeDef[], sent: Map<string, string[]>): AttributeCheck {
  const values: AttributeValues = {};
  const extra: Record<string, string[]> = {};
  const errors: string[] = [];
  const byCode = new Map(defs.map((d) => [d.code, d]));
  for (const [code, raw] of sent) {
    const def = byCode.get(code);
    if (!def || !def.variable) {
      if (Object.keys(extra).length < 20) extra[code] = raw.slice(0, 10).map((s) => s.slice(0, 500));
      continue;
    }
    const one = raw[0];
    const bad = (why: string) => errors.push(`attribute[${code}]: ${why}`);
    switch (def.datatype) {
      case 'string': {
        const s = one.replace(/[\r\n]+/g, ' ');
        if (s.length > 100) bad('at most 100 characters');
        else values[code] = s;
        break;
      }
      case 'text':
        if (one.length > 1000) bad('at most 1000 characters');
        else values[code] = one;
        break;
      case 'number': {
        const n = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(one) ? Number(one) : NaN;
        if (!Number.isFinite(n) || n < 0 || n > 1_000_000) bad('a number from 0 to 1000000');
        else values[code] = n;
        break;
      }
      case 'datetime': {
        const t = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(one) ? Date.parse(one) : NaN;
        if (!Number.isFinite(t)) bad('an ISO 8601 date-time');
        else values[code] = new Date(t).toISOString();
        break;
      }
      case 'singlevaluelist': {
        if (raw.length > 1) bad('only one value');
        else if (!def.values!.some((v) => v.key === one)) bad(`unknown value ${one}`);
        else values[code] = one;
        break;
      }
      case 'multivaluelist': {
        const unknown = raw.filter((v) => !def.values!.some((x) => x.key === v));
        if (unknown.length) bad(`unknown value ${unknown.join(',')}`);
        else values[code] = [...new Set(raw)];
        break;
      }
    }
  }
  for (const d of defs) if (d.required && d.variable && values[d.code] === undefined && !errors.some((e) => e.startsWith(`attribute[${d.code}]`))) errors.push(`attribute[${d.code}]: required`);
  return { values, extra, errors };
}

/** The attribute values as lines a person reads in the case description (问题情形：井盖缺失 …). */
export function describeAttributes(defs: AttributeDef[], values: AttributeValues, lang: Lang = 'zh'): string[] {
  const lines: string[] = [];
  for (const d of defs) {
    const v = values[d.code];
    if (v === undefined) continue;
    const label = d.description[lang].replace(/[？?]$/, '');
    const nameOf = (key: string) => d.values?.find((x) => x.key === key)?.name[lang] ?? key;
    const text = Array.isArray(v) ? v.map(nameOf).join(lang === 'zh' ? '、' : ', ') : d.values ? nameOf(String(v)) : String(v);
    lines.push(`${label}${lang === 'zh' ? '：' : ': '}${text}`);
  }
  return lines;
}
