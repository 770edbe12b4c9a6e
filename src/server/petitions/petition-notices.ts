// What the petitioner is told at each step (告知): the written notices kept in the item's log, and the short text
// message that points to them. Written in Chinese: they go to citizens of the district. No identity in them, so the
// log can be shown to the assigned body without revealing who wrote in.
import { lastDayOf, PETITION_CHANNEL_LABELS, REVIEW_DECISION_LABELS, type PetitionChannel, type ReviewDecision } from '../../domain/petition';
import { shanghaiDay } from '../../domain/calendar';

export interface NoticeSubject {
  number: string;
  subject: string;
  channel: string;
  receivedAt: Date;
}

const cnDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const receivedText = (p: NoticeSubject) =>
  `您于${cnDay(shanghaiDay(p.receivedAt))}通过${PETITION_CHANNEL_LABELS[p.channel as PetitionChannel]?.zh ?? '信访'}反映的“${p.subject}”事项（编号 ${p.number}）`;

export function registerNotice(p: NoticeSubject, acceptBy: Date): string {
  return `登记回执：${receivedText(p)}已登记。我们将在${cnDay(lastDayOf(acceptBy))}前告知是否受理。请凭信访件编号和查询码查询办理情况。`;
}

export function acceptNotice(p: NoticeSubject, handleDeadline: Date): string {
  return `受理告知书：${receivedText(p)}，经审查符合受理条件，已依法受理，将于${cnDay(lastDayOf(handleDeadline))}前办结并书面答复。`;
}

export function rejectNotice(p: NoticeSubject, reason: string, referTo?: string): string {
  return `不予受理告知书：${receivedText(p)}，经审查不予受理。理由：${reason}${referTo ? `。建议您向${referTo}反映` : ''}。`;
}

export function routeOutNotice(p: NoticeSubject, guidance: string): string {
  return `告知书：${receivedText(p)}。${guidance}`;
}

export function assignNotice(p: NoticeSubject, body: string): string {
  return `交办告知：您反映的“${p.subject}”事项（编号 ${p.number}）已交由${body}办理。`;
}

export function extendNotice(p: NoticeSubject, days: number, reason: string, handleDeadline: Date): string {
  return `延期办理告知书：您反映的“${p.subject}”事项（编号 ${p.number}），因${reason.replace(/[。.]$/, '')}，办理期限延长${days}日，将于${cnDay(lastDayOf(handleDeadline))}前办结。`;
}

export function replyNotice(p: NoticeSubject, text: string, reviewUntil: Date, reviewDays: number): string {
  return `信访事项处理意见书（编号 ${p.number}）：${text}\n如对本处理意见不服，可自收到之日起${reviewDays}日内（${cnDay(lastDayOf(reviewUntil))}前）请求复查。`;
}

export function reviewNotice(p: NoticeSubject, decision: ReviewDecision, opinion: string): string {
  return `复查意见书（编号 ${p.number}，${REVIEW_DECISION_LABELS[decision].zh}）：${opinion}`;
}

/** The text message: short, with the private link; the notice itself is on the follow page. */
export function smsText(number: string, what: string, link: string): string {
  return `【绿园区信访】您的信访件 ${number} ${what}，详情：${link}`;
}
