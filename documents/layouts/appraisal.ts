/** The appraisal-review letters: negotiation letter 商洽函 and review notice 评审通知函. */
import type { DocLayout } from '../render';
import { chineseDate, chineseDateOf } from '../../domain/appraisal/rules';
import { APPRAISAL_LETTER, AppraisalLetter } from '../../domain/appraisal/ids';

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

export const LETTER_TITLES: Record<AppraisalLetter, string> = {
  [APPRAISAL_LETTER.negotiation]: '鉴定评审商洽函',
  [APPRAISAL_LETTER.notice]: '鉴定评审通知函',
};

export function letterLayout(kind: AppraisalLetter, c: LetterContext): DocLayout {
  const issued = chineseDateOf(c.issuedAt);
  const project: Array<[string, string]> = [
    ['项目编号', c.number],
    ['单位名称', c.unitName],
    ['统一社会信用代码', c.uscc],
    ['评审类型', REVIEW_TYPES[c.reviewType ?? ''] ?? c.reviewType ?? ''],
    ['受理决定书编号', c.acceptanceDecisionNo ?? ''],
    ['受理日期', c.acceptanceDate ? chineseDate(c.acceptanceDate) : ''],
  ];
  /** Both letters: the project's facts with the letter's own rows, then what the letter asks, then the stamps. */
  const letter = (subtitle: string, rows: Array<[string, string]>, heading: string, paragraphs: string[], signatures: string[]): DocLayout => ({
    title: LETTER_TITLES[kind],
    subtitle,
    number: { label: '项目编号', value: c.number },
    sections: [{ heading: '项目信息', fields: [...project, ...rows] }, { heading, paragraphs: [`${c.unitName}：`, ...paragraphs] }],
    signatures,
    note: `签发日期：${issued}`,
  });
  if (kind === APPRAISAL_LETTER.negotiation) {
    const date = c.proposedDate ? chineseDate(c.proposedDate) : '';
    return letter('Appraisal review negotiation letter', [['约请评审日期', date]], '商洽事项', [
      `贵单位提交的鉴定评审项目（项目编号 ${c.number}）已通过预审。经约请，拟于 ${date} 开展现场评审。`,
      '如无异议，请打印本函，加盖单位公章后扫描为 PDF 文件，在系统中上传并提交。评审日期如需调整，请与中特协联系。',
    ], ['申请单位（盖章）', '中国特种设备检验协会（盖章）']);
  }
  const date = c.reviewDate ? chineseDate(c.reviewDate) : '';
  return letter('Appraisal review notice', [['现场评审日期', date], ['评审组长', c.teamLeaderName ?? ''], ['评审组成员', c.teamMembers ?? '']], '通知事项', [
    `根据鉴定评审计划，评审组定于 ${date} 对贵单位（项目编号 ${c.number}）进行现场评审，请做好准备。`,
    '请在系统中查阅本通知并确认接收。对评审日期有异议的，请先与中特协联系确认新的评审时间，再确认接收。',
  ], ['中国特种设备检验协会（盖章）']);
}
