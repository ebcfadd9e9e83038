/**
 * appraisal-review rules that are not BPMN: the invitation date window, Chinese dates, and the
 * content of the two letters (negotiation letter 商洽函, review notice 评审通知函).
 */
import { localDate } from '../calendar';
import { AppraisalLetter, APPRAISAL_LETTER } from './ids';

/** Invitation dates within this many calendar days of today are refused (seed 002 §3.3.1 当天 5 日内禁止选择). */
export const APPRAISAL_INVITATION_MIN_DAYS = 5;
/** The rectification reminder goes this many working days before the deadline. */
export const APPRAISAL_REMINDER_WORKING_DAYS = 3;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const addDays = (date: string, n: number): string => new Date(new Date(`${date}T00:00:00Z`).getTime() + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The earliest date an invitation may propose: dates within 5 calendar days of today (Asia/Shanghai)
 * are refused (seed 002 §3.3.1 "当天 5 日内禁止选择" — calendar days, as the manual says 日, not 工作日),
 * so today + 6 is the first allowed date.
 */
export const earliestInvitationDate = (now: Date): string => addDays(localDate(now), APPRAISAL_INVITATION_MIN_DAYS + 1);

/** The field error for a proposed invitation date, or undefined when it is allowed. */
export function invitationDateError(date: unknown, now: Date): string | undefined {
  if (!isValidDate(date)) return '日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD';
  const earliest = earliestInvitationDate(now);
  if (date < earliest) {
    return `约请日期不能在今天起 ${APPRAISAL_INVITATION_MIN_DAYS} 日内，最早可选 ${chineseDate(earliest)} / The date must be more than ${APPRAISAL_INVITATION_MIN_DAYS} days from today; the earliest is ${earliest}`;
  }
  return undefined;
}

/** 2026-12-01 → 2026年12月1日 */
export function chineseDate(date: string): string {
  const m = DATE.exec(date);
  if (!m) return date;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The Chinese date of an instant, Asia/Shanghai. */
export const chineseDateOf = (at: Date): string => chineseDate(localDate(at));

const REVIEW_TYPES: Record<string, string> = { initial: '首次评审', renewal: '换证评审', addition: '增项评审' };

export interface LetterContext {
  number: string;
  unitName: string;
  uscc: string;
  address?: string;
  contactName?: string;
  reviewType?: string;
  acceptanceDecisionNo?: string;
  acceptanceDate?: string;
  proposedDate?: string;
  reviewDate?: string;
  teamLeaderName?: string;
  teamMembers?: string;
  issuedAt: Date;
}

/** The layout documents/render.ts turns into the PDF (the DocLayout shape). */
export interface LetterLayout {
  title: string;
  subtitle?: string;
  number?: { label: string; value: string };
  sections: Array<{ heading?: string; fields: Array<[string, string]> } | { heading?: string; paragraphs: string[] }>;
  signatures?: string[];
  note?: string;
}

export const LETTER_TITLES: Record<AppraisalLetter, string> = {
  [APPRAISAL_LETTER.negotiation]: '鉴定评审商洽函',
  [APPRAISAL_LETTER.notice]: '鉴定评审通知函',
};

export function letterLayout(kind: AppraisalLetter, c: LetterContext): LetterLayout {
  const issued = chineseDateOf(c.issuedAt);
  const project: Array<[string, string]> = [
    ['项目编号', c.number],
    ['单位名称', c.unitName],
    ['统一社会信用代码', c.uscc],
    ['评审类型', REVIEW_TYPES[c.reviewType ?? ''] ?? c.reviewType ?? ''],
    ['受理决定书编号', c.acceptanceDecisionNo ?? ''],
    ['受理日期', c.acceptanceDate ? chineseDate(c.acceptanceDate) : ''],
  ];
  if (kind === APPRAISAL_LETTER.negotiation) {
    const date = c.proposedDate ? chineseDate(c.proposedDate) : '';
    return {
      title: LETTER_TITLES.negotiation,
      subtitle: 'Appraisal review negotiation letter',
      number: { label: '项目编号', value: c.number },
      sections: [
        { heading: '项目信息', fields: [...project, ['约请评审日期', date]] },
        {
          heading: '商洽事项',
          paragraphs: [
            `${c.unitName}：`,
            `贵单位提交的鉴定评审项目（项目编号 ${c.number}）已通过预审。经约请，拟于 ${date} 开展现场评审。`,
            '如无异议，请打印本函，加盖单位公章后扫描为 PDF 文件，在系统中上传并提交。评审日期如需调整，请与中特协联系。',
          ],
        },
      ],
      signatures: ['申请单位（盖章）', '中国特种设备检验协会（盖章）'],
      note: `签发日期：${issued}`,
    };
  }
  const date = c.reviewDate ? chineseDate(c.reviewDate) : '';
  return {
    title: LETTER_TITLES.notice,
    subtitle: 'Appraisal review notice',
    number: { label: '项目编号', value: c.number },
    sections: [
      { heading: '项目信息', fields: [...project, ['现场评审日期', date], ['评审组长', c.teamLeaderName ?? ''], ['评审组成员', c.teamMembers ?? '']] },
      {
        heading: '通知事项',
        paragraphs: [
          `${c.unitName}：`,
          `根据鉴定评审计划，评审组定于 ${date} 对贵单位（项目编号 ${c.number}）进行现场评审，请做好准备。`,
          '请在系统中查阅本通知并确认接收。对评审日期有异议的，请先与中特协联系确认新的评审时间，再确认接收。',
        ],
      },
    ],
    signatures: ['中国特种设备检验协会（盖章）'],
    note: `签发日期：${issued}`,
  };
}
