// 诉访分离 (separating litigation from petitions): matters that the law sends to courts, arbitration or
// administrative review are not handled as petitions; the petitioner is told which legal channel to use.
// Staff decide at registration; this module suggests a route from the words of the item and writes the guidance.
import type { PetitionRoute, RouteOut } from './states';

interface Hint {
  route: RouteOut;
  /** Why, in words staff recognise. */
  basisZh: string;
  basisEn: string;
  words: RegExp;
}

// Order matters: a matter already before a court is litigation even when it also names an administrative decision.
const HINTS: readonly Hint[] = [
  {
    route: 'litigation',
    basisZh: '涉及诉讼或法院裁判（起诉、判决、裁定、执行等）',
    basisEn: 'Concerns a lawsuit or a court decision (suit, judgment, ruling, enforcement)',
    words: /起诉|诉讼|判决|裁定书|法院|上诉|再审|强制执行|民事纠纷|借款纠纷|合同纠纷|侵权赔偿|lawsuit|court|judg(e)?ment|sue\b/i,
  },
  {
    route: 'arbitration',
    basisZh: '属于劳动人事争议或约定仲裁的纠纷（拖欠工资、劳动合同、仲裁等）',
    basisEn: 'A labour dispute or a dispute under an arbitration agreement (unpaid wages, labour contract, arbitration)',
    words: /仲裁|劳动争议|劳动合同|拖欠工资|欠薪|工伤认定|经济补偿金|arbitrat|unpaid wages|labou?r dispute/i,
  },
  {
    route: 'administrative_review',
    basisZh: '对行政机关的具体行政行为不服（处罚决定、征收决定、许可等），应申请行政复议',
    basisEn: 'Disputes an administrative decision (penalty, expropriation, licence): apply for administrative review',
    words: /行政复议|处罚决定|行政处罚|罚款决定|征收决定|补偿决定|吊销|不予许可|拆除决定|责令限期拆除|administrative (review|penalty)|penalty decision/i,
  },
];

export interface RouteSuggestion {
  route: PetitionRoute;
  basisZh: string | null;
  basisEn: string | null;
  /** The words that matched, to show staff why. */
  matched: string[];
}

/** A suggestion only: staff confirm or change it at registration, and the decision is what is recorded. */
export function suggestRoute(text: string): RouteSuggestion {
  for (const h of HINTS) {
    const global = new RegExp(h.words.source, h.words.flags.includes('g') ? h.words.flags : `${h.words.flags}g`);
    const matched = [...new Set([...text.matchAll(global)].map((m) => m[0]))];
    if (matched.length) return { route: h.route, basisZh: h.basisZh, basisEn: h.basisEn, matched };
  }
  return { route: 'petition', basisZh: null, basisEn: null, matched: [] };
}

/** The guidance reply (引导答复) given to the petitioner for a matter routed out, in both languages. */
export function guidanceFor(route: RouteOut): { zh: string; en: string } {
  switch (route) {
    case 'litigation':
      return {
        zh: '您反映的事项属于依法应当通过诉讼途径解决的事项。根据《信访工作条例》关于诉访分离的规定，本机关不作为信访事项受理。请您依法向有管辖权的人民法院提起诉讼；已经进入诉讼程序或已有生效裁判的，请通过上诉、申请再审或申请执行等法定程序主张权利。如需法律帮助，可拨打 12348 公共法律服务热线或前往区公共法律服务中心。',
        en: 'The matter you raised is one the law settles through the courts. Under the separation of litigation and petitions it is not accepted as a petition. Please bring a suit before the competent people\'s court; if proceedings are under way or a judgment is in force, use appeal, retrial or enforcement. For legal aid call the 12348 public legal service line or visit the district public legal service centre.',
      };
    case 'arbitration':
      return {
        zh: '您反映的事项属于依法应当通过仲裁途径解决的纠纷。根据诉访分离的规定，本机关不作为信访事项受理。劳动人事争议请向区劳动人事争议仲裁委员会申请仲裁（一般应自知道或者应当知道权利被侵害之日起一年内提出）；约定仲裁的合同纠纷请向约定的仲裁机构申请。如需法律帮助，可拨打 12348。',
        en: 'The matter you raised is a dispute the law settles by arbitration. Under the separation of litigation and petitions it is not accepted as a petition. For labour disputes apply to the district labour and personnel dispute arbitration commission (normally within one year of learning of the infringement); for contract disputes with an arbitration clause, apply to the agreed arbitration body. For legal aid call 12348.',
      };
    case 'administrative_review':
      return {
        zh: '您反映的事项是对行政机关作出的行政行为不服，依法应当通过行政复议或行政诉讼解决。根据诉访分离的规定，本机关不作为信访事项受理。请自知道该行政行为之日起六十日内向区人民政府申请行政复议，或依法向人民法院提起行政诉讼。',
        en: 'You dispute a decision of an administrative body, which the law settles by administrative review or an administrative suit. Under the separation of litigation and petitions it is not accepted as a petition. Please apply to the district government for administrative review within sixty days of learning of the decision, or bring an administrative suit before the people\'s court.',
      };
    default: {
      const never: never = route;
      throw new RangeError(`unknown route ${String(never)}`);
    }
  }
}
