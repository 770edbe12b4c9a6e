// Reading a plan file: a good file becomes sections and tasks; a broken one lists every problem by row and field.
import { describe, expect, it } from 'vitest';
import { normaliseDay, readMilestones, readPlan, rowsOfJson, type RawTaskRow } from './document';

const lookup = {
  department: (n: string) => ({ 城管局: 'd1', 'ZF-01': 'd1', 住建局: 'd2', 人社局: 'd3' })[n] ?? null,
  measure: (k: string) => k === 'illegal_building.demolished_m2',
};
const row = (over: Partial<RawTaskRow> = {}): RawTaskRow => ({
  row: 2,
  section: '城市管理',
  code: '1.1',
  text: '拆除违法建筑',
  lead: '城管局',
  co: '住建局、人社局',
  targetValue: '100,000',
  unit: '平方米',
  direction: '不少于',
  kind: '',
  deadline: '2018年12月31日',
  milestones: '2018-06-30: 40000; 2018/9/30: 80000; 2018-03-31: 完成摸底',
  measure: 'illegal_building.demolished_m2',
  ...over,
});

describe('reading a plan', () => {
  it('a good file becomes sections with tasks', () => {
    const { plan, problems } = readPlan({ code: 'LY-2018', title: '2018 年工作计划', year: 2018 }, [row(), row({ row: 3, code: '2.1', section: '民生', unit: '%', targetValue: '4', direction: '不超过', lead: '人社局', co: '', milestones: '', measure: '' })], lookup);
    expect(problems).toEqual([]);
    expect(plan!.sections.map((s) => s.title)).toEqual(['城市管理', '民生']);
    const t = plan!.sections[0].tasks[0];
    expect(t).toMatchObject({ leadDepartmentId: 'd1', coDepartmentIds: ['d2', 'd3'], target: { value: 100_000, direction: 'at_least', kind: 'cumulative' }, deadline: '2018-12-31' });
    expect(t.milestones.map((m) => m.on)).toEqual(['2018-03-31', '2018-06-30', '2018-09-30']);
    expect(plan!.sections[1].tasks[0].target).toMatchObject({ direction: 'at_most', kind: 'level' });
  });
  it('a broken file lists every problem with row and field, in both languages', () => {
    const { plan, problems } = readPlan(
      { code: 'bad code!', title: '', year: '18' },
      [row({ lead: '不存在局', targetValue: 'abc' }), row({ row: 3, code: '1.2', deadline: '2018-13-01', milestones: '半年' }), row({ row: 4, code: '1.1', measure: 'nope' })],
      lookup,
    );
    expect(plan).toBeNull();
    const keys = problems.map((p) => `${p.row}:${p.field}`);
    expect(keys).toEqual(['0:code', '0:title', '0:year', '2:lead', '2:targetValue', '3:deadline', '3:milestones', '4:code', '4:measure']);
    for (const p of problems) expect(p.zh && p.en).toBeTruthy();
  });
  it('JSON files go through the same reading', () => {
    const r = rowsOfJson({ code: 'X', title: 'T', year: 2018, sections: [{ title: 'S', tasks: [{ code: '1', text: 't', lead: 'ZF-01', target: { value: 5, unit: '个' }, deadline: '2018-06-30', milestones: [{ on: '2018-03-31', value: 2 }] }] }] });
    const { plan, problems } = readPlan(r!.header, r!.rows, lookup);
    expect(problems).toEqual([]);
    expect(plan!.sections[0].tasks[0].milestones).toEqual([{ on: '2018-03-31', value: 2, text: null }]);
    expect(rowsOfJson([1, 2])).toBeNull();
  });
  it('days and milestones in the usual spellings', () => {
    expect(normaliseDay('2018/6/3')).toBe('2018-06-03');
    expect(normaliseDay('20180603')).toBe('2018-06-03');
    expect(normaliseDay('2018-02-30')).toBeNull();
    expect(readMilestones('2018-06-30：完成 50%').milestones).toEqual([{ on: '2018-06-30', value: null, text: '完成 50%' }]);
  });
});
