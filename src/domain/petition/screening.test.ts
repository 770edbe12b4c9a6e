// 诉访分离 suggestions and guidance replies.
import { describe, expect, it } from 'vitest';
import { guidanceFor, suggestRoute } from './screening';
import { ROUTES_OUT } from './states';

describe('suggestRoute', () => {
  it('flags matters before a court as litigation', () => {
    const s = suggestRoute('我与开发商的合同纠纷法院已经判决，但对方一直不执行，请求政府督促');
    expect(s.route).toBe('litigation');
    expect(s.matched).toEqual(expect.arrayContaining(['合同纠纷', '法院', '判决']));
  });

  it('flags unpaid wages and labour contracts as arbitration', () => {
    expect(suggestRoute('某装修公司拖欠工资三个月，要求支付').route).toBe('arbitration');
    expect(suggestRoute('单位解除劳动合同不给经济补偿金').route).toBe('arbitration');
  });

  it('flags disputes with an administrative decision as administrative review', () => {
    const s = suggestRoute('对城管执法局作出的罚款决定不服，认为处罚过重');
    expect(s.route).toBe('administrative_review');
    expect(s.basisZh).toContain('行政复议');
  });

  it('leaves city-management complaints as petitions', () => {
    const s = suggestRoute('小区门口每天晚上露天烧烤，油烟很大，多次反映没有解决');
    expect(s).toEqual({ route: 'petition', basisZh: null, basisEn: null, matched: [] });
  });

  it('prefers litigation when a matter is both in court and about a decision', () => {
    expect(suggestRoute('对征收决定不服，已向法院起诉').route).toBe('litigation');
  });
});

describe('guidanceFor', () => {
  it('names the legal channel in both languages', () => {
    for (const r of ROUTES_OUT) {
      const g = guidanceFor(r);
      expect(g.zh.length).toBeGreaterThan(40);
      expect(g.en.length).toBeGreaterThan(40);
    }
    expect(guidanceFor('litigation').zh).toContain('人民法院');
    expect(guidanceFor('arbitration').zh).toContain('仲裁委员会');
    expect(guidanceFor('administrative_review').zh).toContain('行政复议');
  });
});
