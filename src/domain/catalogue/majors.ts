// Major classes (大类) of GB/T 47678.5-2026: components 01–05, matters 01–10 (DOMAIN.md §4).
// Chinese names as in the directory transcription (see gb47678-5.ts); English names are ours.

import type { MajorClass, ProblemKind } from './types';

export const MAJOR_CLASSES: readonly MajorClass[] = [
  { kind: 'component', code: '01', nameZh: '市政公用设施', nameEn: 'Public utility facilities' },
  { kind: 'component', code: '02', nameZh: '交通设施', nameEn: 'Transport facilities' },
  { kind: 'component', code: '03', nameZh: '市容环卫设施', nameEn: 'Streetscape and sanitation facilities' },
  { kind: 'component', code: '04', nameZh: '园林绿化设施', nameEn: 'Landscaping and greening facilities' },
  { kind: 'component', code: '05', nameZh: '其他管理部件', nameEn: 'Other managed components' },
  { kind: 'matter', code: '01', nameZh: '市政公用设施类', nameEn: 'Public utility facility problems' },
  { kind: 'matter', code: '02', nameZh: '交通设施类', nameEn: 'Transport facility problems' },
  { kind: 'matter', code: '03', nameZh: '市容环卫设施类', nameEn: 'Streetscape and sanitation facility problems' },
  { kind: 'matter', code: '04', nameZh: '园林绿化设施类', nameEn: 'Landscaping and greening facility problems' },
  { kind: 'matter', code: '05', nameZh: '其他管理部件类', nameEn: 'Other component problems' },
  { kind: 'matter', code: '06', nameZh: '市容环境类', nameEn: 'Streetscape and environment' },
  { kind: 'matter', code: '07', nameZh: '宣传广告类', nameEn: 'Publicity and advertising' },
  { kind: 'matter', code: '08', nameZh: '施工管理类', nameEn: 'Construction management' },
  { kind: 'matter', code: '09', nameZh: '街面秩序类', nameEn: 'Street order' },
  { kind: 'matter', code: '10', nameZh: '其他事项类', nameEn: 'Other matters' },
];

export function findMajor(kind: ProblemKind, code: string): MajorClass | undefined {
  return MAJOR_CLASSES.find((m) => m.kind === kind && m.code === code);
}
