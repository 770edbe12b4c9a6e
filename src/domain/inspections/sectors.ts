// Sectors of hazard inspection (隐患排查整治) and their default checklists, and the small rules of an inspection's
// record: every checklist item answered, failed items become rectification (整改) cases with a deadline.
import { dayIndexToString, dayToIndex } from '../calendar/shanghai-time';

export const SECTORS = ['construction', 'gas', 'fire', 'food'] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_LABELS: Record<Sector, { zh: string; en: string }> = {
  construction: { zh: '建筑施工', en: 'Construction sites' },
  gas: { zh: '城镇燃气', en: 'Gas' },
  fire: { zh: '消防安全', en: 'Fire safety' },
  food: { zh: '食品安全', en: 'Food safety' },
};

/** One line of a checklist. A failed item becomes a case of `classCode` (a matter class) to rectify within `rectifyDays`. */
export interface ChecklistItem {
  code: string;
  textZh: string;
  textEn: string;
  classCode: string;
  /** Natural days from the inspection to rectify (整改期限). */
  rectifyDays: number;
}

const item = (code: string, textZh: string, textEn: string, classCode: string, rectifyDays: number): ChecklistItem => ({ code, textZh, textEn, classCode, rectifyDays });

/** Default checklists per sector (a plan starts from one and may change it). Classes are GB/T 47678.5-2026 matters. */
export const DEFAULT_CHECKLISTS: Record<Sector, ChecklistItem[]> = {
  construction: [
    item('C01', '施工现场围挡连续、稳固', 'Site hoarding continuous and stable', '08007', 7),
    item('C02', '裸土、物料覆盖，洒水抑尘', 'Bare soil and materials covered; dust suppressed by spraying', '08004', 3),
    item('C03', '出入口车辆冲洗，无带泥上路', 'Vehicles washed at the gate; no mud tracked onto roads', '08012', 3),
    item('C04', '施工废弃料及时清运', 'Construction waste cleared promptly', '08005', 5),
    item('C05', '高处作业安全防护到位', 'Work at height properly protected', '08013', 1),
    item('C06', '工程公示牌完整清晰', 'Project notice board complete and legible', '08015', 7),
  ],
  gas: [
    item('G01', '调压站（箱）完好，无泄漏', 'Pressure-regulating station (box) intact, no leak', '01049', 1),
    item('G02', '露天燃气管道无锈蚀、无占压', 'Exposed gas pipes free of corrosion and not built over', '01057', 5),
    item('G03', '燃气井盖完好', 'Gas manhole covers intact', '01011', 2),
    item('G04', '调压设施周边无堆物、无遮挡', 'Nothing piled around or covering gas installations', '06036', 3),
    item('G05', '消防通道畅通', 'Fire lanes clear', '09012', 1),
  ],
  fire: [
    item('F01', '消防通道、安全出口畅通', 'Fire lanes and exits clear', '09012', 1),
    item('F02', '消防设施完好有效', 'Fire-fighting equipment intact and working', '01013', 3),
    item('F03', '无乱堆杂物、无违规存放易燃物', 'No clutter; no flammables stored improperly', '06036', 3),
    item('F04', '电动自行车不在楼道停放充电', 'No e-bikes parked or charged in stairwells', '09010', 2),
  ],
  food: [
    item('D01', '证照齐全、亮证经营', 'Licences complete and displayed', '09015', 10),
    item('D02', '油烟净化设施正常使用', 'Fume purifier installed and in use', '06027', 7),
    item('D03', '垃圾分类投放、及时清运', 'Waste sorted and removed promptly', '06041', 3),
    item('D04', '无店外经营、占道经营', 'No trading outside the shop or on the road', '09005', 1),
  ],
};

export const INSPECTION_STATES = [
  'assigned', // 待检查: drawn, waiting for the inspectors' record
  'recorded', // 待审核: the checklist is answered, waiting for review
  'published', // 已公示: reviewed; findings are cases; the result is on the portal (一公开)
] as const;
export type InspectionState = (typeof INSPECTION_STATES)[number];

export interface ItemResult {
  code: string;
  passed: boolean;
  note?: string | null;
}

/** Problems with a record: every checklist item answered exactly once, nothing else. */
export function recordProblems(checklist: readonly Pick<ChecklistItem, 'code'>[], results: readonly ItemResult[]): string[] {
  const codes = new Set(checklist.map((c) => c.code));
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const r of results) {
    if (!codes.has(r.code)) problems.push(`unknown item ${r.code}`);
    else if (seen.has(r.code)) problems.push(`item ${r.code} answered twice`);
    seen.add(r.code);
  }
  for (const c of codes) if (!seen.has(c)) problems.push(`item ${c} not answered`);
  return problems;
}

/** The rectification deadline of a failed item: the inspection day plus the item's natural days. */
export function rectifyBy(inspectedOn: string, rectifyDays: number): string {
  return dayIndexToString(dayToIndex(inspectedOn) + rectifyDays);
}

/** The failed items of a record with their deadlines, in checklist order. */
export function findingsOf(checklist: readonly ChecklistItem[], results: readonly ItemResult[], inspectedOn: string) {
  const failed = new Map(results.filter((r) => !r.passed).map((r) => [r.code, r]));
  return checklist
    .filter((c) => failed.has(c.code))
    .map((c) => ({ item: c, note: failed.get(c.code)!.note ?? null, rectifyBy: rectifyBy(inspectedOn, c.rectifyDays) }));
}
