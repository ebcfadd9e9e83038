/**
 * Camunda 8 element templates, one per job type in JOB: the modeler offers them for service
 * tasks ("发送邮件 / Send e-mail" …) with the job type fixed and typed inputs and outputs.
 * This is the one source: `npm run templates` writes bpmn/templates/<job type>.json from it, and
 * test/unit/element-templates.test.ts checks the files are current, valid against Camunda's
 * element-templates schema, and that each template's inputs are exactly the variables its
 * worker fetches (workers/index.ts).
 */
import { APPRAISAL_LETTER, INBOX_EVENTS, inboxSyncJobType, JOB, JobType, MAIL_TEMPLATE, VAR } from './registry';
import { CODE_TEMPLATES, SMS_TEMPLATE } from './sms-templates';

export const TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

type InputKind =
  | { kind: 'feel'; default: string; zh: string; en: string; optional?: boolean }
  | { kind: 'number'; default: string; zh: string; en: string; min: number; max: number }
  | { kind: 'choice'; zh: string; en: string; choices: readonly string[] };

interface JobSpec {
  zh: string;
  en: string;
  description: string;
  retries: number;
  inputs: Record<string, InputKind>;
  /** the worker's result variables, each mapped to a process variable the admin may rename */
  outputs: Record<string, { zh: string; en: string; default: string }>;
}

const applicationId: InputKind = { kind: 'feel', default: `=${VAR.applicationId}`, zh: '申请编号变量', en: 'Application id' };
const reason: InputKind = { kind: 'feel', default: `=${VAR.reason}`, zh: '原因', en: 'Reason', optional: true };
/** The power-permit review's statutory-limit timers: each marks the case (reminded, overdue). */
const statutoryAlert = (zh: string, en: string, description: string): JobSpec => ({
  zh, en, retries: 5, description, outputs: {},
  inputs: { applicationId, reviewDueDate: { kind: 'feel', default: '=reviewDueDate', zh: '法定时限', en: 'Statutory due date', optional: true } },
});

export const JOB_TEMPLATES: Record<JobType, JobSpec> = {
  [JOB.registrationValidate]: {
    zh: '校验注册信息', en: 'Validate registration', retries: 5,
    description: '核对统一社会信用代码（GB 32100）与重复注册；不通过时抛出 REGISTRATION_INVALID / Checks the USCC and duplicates; throws REGISTRATION_INVALID',
    inputs: { applicationId }, outputs: { valid: { zh: '是否通过', en: 'Valid', default: 'valid' } },
  },
  [JOB.registrationActivate]: {
    zh: '激活单位帐号', en: 'Activate unit account', retries: 5,
    description: '创建单位与主帐号 / Creates the unit and its main account',
    inputs: { applicationId }, outputs: { unitId: { zh: '单位编号', en: 'Unit id', default: 'unitId' } },
  },
  [JOB.registrationReject]: {
    zh: '驳回注册', en: 'Reject registration', retries: 5,
    description: '记录驳回原因，生成一次性修改链接 / Records the reason and a one-time resubmission link',
    inputs: { applicationId, reason, validationErrors: { kind: 'feel', default: `=${VAR.validationErrors}`, zh: '校验错误', en: 'Validation errors', optional: true } }, outputs: {},
  },
  [JOB.registrationEscalate]: {
    zh: '超期提醒', en: 'Escalate to review lead', retries: 5,
    description: '通知审核组长 / Tells the review leads the review is overdue',
    inputs: { applicationId, reviewDueDate: { kind: 'feel', default: `=${VAR.reviewDueDate}`, zh: '审核期限', en: 'Review due date' } }, outputs: {},
  },
  [JOB.qualificationActivate]: {
    zh: '登记资质', en: 'Record qualification', retries: 5,
    description: '把核准的资质记入单位 / Records the approved qualification for the unit',
    inputs: { applicationId }, outputs: { qualificationId: { zh: '资质编号', en: 'Qualification id', default: 'qualificationId' } },
  },
  [JOB.qualificationExpiryDates]: {
    zh: '计算资质到期提醒时间', en: 'Qualification expiry dates', retries: 5,
    description: '按证书有效期计算提醒时间（到期前 N 天 09:00）与失效时间 / Works out the reminder (N days before, 09:00 Beijing) and the expiry moment',
    inputs: {
      qualificationId: { kind: 'feel', default: '=qualificationId', zh: '资质编号', en: 'Qualification id' },
      reminderDays: { kind: 'number', default: '30', zh: '提前提醒天数', en: 'Days before expiry to remind', min: 0, max: 365 },
    },
    outputs: {
      expiryDate: { zh: '有效期止', en: 'Expiry date', default: 'expiryDate' },
      expiryReminderAt: { zh: '提醒时间', en: 'Reminder at', default: 'expiryReminderAt' },
      expiresAt: { zh: '失效时间', en: 'Expires at', default: 'expiresAt' },
    },
  },
  [JOB.qualificationExpire]: {
    zh: '资质失效', en: 'Expire qualification', retries: 5,
    description: '把资质标记为已过期并记录 / Marks the qualification expired and records it',
    inputs: { qualificationId: { kind: 'feel', default: '=qualificationId', zh: '资质编号', en: 'Qualification id' }, applicationId },
    outputs: { qualificationExpired: { zh: '是否已过期', en: 'Expired', default: 'qualificationExpired' } },
  },
  [JOB.publicityEligibility]: {
    zh: '公示资格审查', en: 'Publicity eligibility', retries: 5,
    description: '逐条审查公示规则，不符合时抛出 PUBLICITY_INELIGIBLE 并列出全部原因 / Evaluates every publicity rule; throws PUBLICITY_INELIGIBLE with every failure',
    inputs: { applicationId }, outputs: { publicityType: { zh: '公示类型', en: 'Publicity type', default: 'publicityType' } },
  },
  [JOB.publicityOpen]: {
    zh: '分配申请编号', en: 'Number the application', retries: 5,
    description: '按年度连续编号 / Gives the application its gap-free number for the year',
    inputs: { applicationId }, outputs: { applicationNumber: { zh: '申请编号', en: 'Application number', default: 'applicationNumber' } },
  },
  [JOB.publicityFormDocument]: {
    zh: '生成公示申请表', en: 'Publicity application form', retries: 5,
    description: '生成带验证码的申请表 PDF / Makes the application form PDF with its verification code',
    inputs: { applicationId }, outputs: { formDocumentId: { zh: '申请表文件', en: 'Form document', default: 'formDocumentId' } },
  },
  [JOB.publicityIdentityCheck]: {
    zh: '三要素核验', en: 'Three-element check', retries: 5,
    description: '姓名、身份证号、手机号核验 / Name, ID number and mobile check',
    inputs: { applicationId }, outputs: { identityResult: { zh: '核验结果', en: 'Check result', default: 'identityResult' } },
  },
  [JOB.publicitySendCode]: {
    zh: '发送短信确认码', en: 'Send SMS code', retries: 5,
    description: '向从业人员发送 24 小时有效的确认码 / Sends the practitioner a code valid for 24 hours',
    inputs: { applicationId }, outputs: {  },
  },
  [JOB.publicityManualOpen]: {
    zh: '发起人工核验', en: 'Open manual verification', retries: 5,
    description: '两次核验不符时转人工核验 / Opens a manual identity verification',
    inputs: { applicationId }, outputs: { verificationId: { zh: '核验编号', en: 'Verification id', default: 'verificationId' } },
  },
  [JOB.publicityConfirmed]: {
    zh: '确认上传', en: 'Confirm upload', retries: 5,
    description: '记录已盖章申请表与确认码 / Records the stamped form and the confirmed code',
    inputs: { applicationId, formFileId: { kind: 'feel', default: '=formFileId', zh: '盖章申请表', en: 'Stamped form file', optional: true } }, outputs: {  },
  },
  [JOB.publicityClose]: {
    zh: '结束公示申请', en: 'Close publicity application', retries: 5,
    description: '按结果结束申请并通知单位 / Ends the application with its outcome and tells the unit',
    inputs: { applicationId, outcome: { kind: 'feel', default: '=outcome', zh: '结果', en: 'Outcome' }, eligibilityFailures: { kind: 'feel', default: '=eligibilityFailures', zh: '不符合的规则', en: 'Failed rules', optional: true } }, outputs: {  },
  },
  [JOB.publicityApprove]: {
    zh: '公示生效', en: 'Activate publicity', retries: 5,
    description: '公示记录生效 / Makes the publicity record active',
    inputs: { applicationId }, outputs: { certificateNo: { zh: '证书编号', en: 'Certificate no.', default: 'certificateNo' } },
  },
  [JOB.publicityCertificate]: {
    zh: '生成公示证明', en: 'Publicity certificate', retries: 5,
    description: '生成公示证明 PDF / Makes the publicity certificate PDF',
    inputs: { applicationId }, outputs: { certificateDocumentId: { zh: '证明文件', en: 'Certificate document', default: 'certificateDocumentId' } },
  },
  [JOB.identityDecide]: {
    zh: '人工核验结论', en: 'Manual verification decision', retries: 5,
    description: '记录人工核验结论 / Records the manual verification decision',
    inputs: { applicationId, verificationId: { kind: 'feel', default: '=verificationId', zh: '核验编号', en: 'Verification id' }, decision: { kind: 'feel', default: '=decision', zh: '结论', en: 'Decision', optional: true }, reason }, outputs: { verificationResult: { zh: '核验结论', en: 'Verification result', default: 'verificationResult' } },
  },
  [JOB.publicityAddApply]: {
    zh: '批量增项生效', en: 'Apply batch additions', retries: 5,
    description: '在一个事务中为所选人员增加公示项目；有人员不再符合时整批驳回 / Adds the items to every selected person in one transaction; rejects the whole batch if one no longer qualifies',
    inputs: { applicationId }, outputs: { personsAdded: { zh: '人数', en: 'Persons', default: 'personsAdded' }, itemsAdded: { zh: '项目数', en: 'Items', default: 'itemsAdded' } },
  },
  [JOB.publicityCancelRequest]: {
    zh: '生成注销申请表', en: 'Cancellation request PDF', retries: 5,
    description: '生成带验证码的注销公示申请表 PDF / Makes the cancellation request PDF with its verification code',
    inputs: { applicationId }, outputs: { cancellationDocumentId: { zh: '申请表文件', en: 'Request document', default: 'cancellationDocumentId' } },
  },
  [JOB.publicityCancelApply]: {
    zh: '注销公示生效', en: 'End publicity records', retries: 5,
    description: '结束所选人员的公示记录并写入历史 / Ends the selected persons\' records with a history row each',
    inputs: { applicationId }, outputs: { personsEnded: { zh: '注销人数', en: 'Persons ended', default: 'personsEnded' } },
  },
  [JOB.licenceRoute]: {
    zh: '确定许可机关', en: 'Route to the authority', retries: 5,
    description: '按许可项目级别确定审批机关（国家级项目 → 国家市场监管总局，否则省局）/ National-level items go to the national authority, others to the province',
    inputs: { applicationId }, outputs: { authorityGroup: { zh: '审批机关组', en: 'Authority group', default: 'authorityGroup' }, authorityLevel: { zh: '审批层级', en: 'Authority level', default: 'authorityLevel' }, applicantLogin: { zh: '申请人帐号', en: 'Applicant login', default: 'applicantLogin' }, applicantGroup: { zh: '申请人组', en: 'Applicant group', default: 'applicantGroup' } },
  },
  [JOB.licenceCorrectionNotice]: {
    zh: '补正通知书', en: 'Correction notice', retries: 5,
    description: '生成补正通知书（标注须修改的部分与原因）/ Makes the correction notice PDF with the flagged parts and reasons',
    inputs: { applicationId }, outputs: {  },
  },
  [JOB.licenceAccept]: {
    zh: '受理决定书', en: 'Acceptance decision', retries: 5,
    description: '生成受理决定书（受理编号、项目、鉴定评审机构、20 个工作日）/ Makes the acceptance decision PDF',
    inputs: { applicationId, at: { kind: 'feel', default: '=now()', zh: '记录时间（引擎时钟）', en: 'At (the engine clock)' } }, outputs: { acceptanceNumber: { zh: '受理编号', en: 'Acceptance number', default: 'acceptanceNumber' } },
  },
  [JOB.licenceClock]: {
    zh: '法定时限计时', en: 'Statutory clock', retries: 5,
    description: '暂停、恢复或停止法定时限计时 / Pauses, resumes or stops the statutory clock',
    inputs: { applicationId, clockAction: { kind: 'choice', zh: '计时动作', en: 'Clock action', choices: ['pause', 'resume', 'stop'] }, at: { kind: 'feel', default: '=now()', zh: '记录时间（引擎时钟）', en: 'At (the engine clock)' } }, outputs: {  },
  },
  [JOB.licenceClockDates]: {
    zh: '计算法定时限与提醒时间', en: 'Statutory due date and reminder', retries: 5,
    description: '按剩余工作日（鉴定评审时间不计）和中国法定节假日计算时限届满时间与提前 N 个工作日的提醒时间 / The limit\'s end from the working days left (agency time excluded) and the reminder N working days before it',
    inputs: {
      applicationId,
      reminderWorkingDays: { kind: 'number', default: '3', zh: '提前提醒工作日数', en: 'Working days before the limit to remind', min: 0, max: 20 },
      at: { kind: 'feel', default: '=now()', zh: '记录时间（引擎时钟）', en: 'At (the engine clock)' },
    },
    outputs: {
      statutoryDueDate: { zh: '时限届满时间', en: 'Statutory due date', default: 'statutoryDueDate' },
      clockReminderAt: { zh: '提醒时间', en: 'Reminder at', default: 'clockReminderAt' },
    },
  },
  [JOB.licenceClockAlert]: {
    zh: '法定时限提醒 / 超期', en: 'Statutory clock alert', retries: 5,
    description: '时限届满前提醒审批机关，届满后标记超期并通知（记入流转信息）/ Reminds the authority before the limit; after it marks the case overdue and tells the authority',
    inputs: {
      applicationId,
      clockAlert: { kind: 'choice', zh: '提醒类型', en: 'Alert', choices: ['reminder', 'overdue'] },
      statutoryDueDate: { kind: 'feel', default: '=statutoryDueDate', zh: '时限届满时间', en: 'Statutory due date', optional: true },
      at: { kind: 'feel', default: '=now()', zh: '记录时间（引擎时钟）', en: 'At (the engine clock)' },
    },
    outputs: {},
  },
  [JOB.licenceFeedbackLapsed]: {
    zh: '反馈逾期，继续决定', en: 'Decision without the feedback', retries: 5,
    description: '记录反馈表逾期未提交，许可决定继续 / Records that no feedback form came in time; the decision goes on',
    inputs: { applicationId }, outputs: {  },
  },
  [JOB.licenceIssue]: {
    zh: '颁发许可证', en: 'Issue the licence', retries: 5,
    description: '生成许可证 PDF 并通知 / Makes the licence PDF and tells the unit',
    inputs: { applicationId }, outputs: { licenceNumber: { zh: '许可证编号', en: 'Licence number', default: 'licenceNumber' } },
  },
  [JOB.licenceReject]: {
    zh: '不予许可', en: 'Refuse the licence', retries: 5,
    description: '记录不予许可的原因并通知 / Records the refusal and tells the unit',
    inputs: { applicationId, reason }, outputs: {  },
  },
  [JOB.inspectorResult]: {
    zh: '资格认定结果', en: 'Inspector result', retries: 5,
    description: '记录检验检测人员资格认定结果 / Records the inspector qualification outcome',
    inputs: { applicationId, outcome: { kind: 'choice', zh: '结果', en: 'Outcome', choices: ['accepted', 'approved'] } }, outputs: {  },
  },
  [JOB.powerPermitIssue]: {
    zh: '颁发承装（修、试）许可证', en: 'Issue the power permit', retries: 5,
    description: '写入许可证（编号、6 年有效期、类别与人员）并生成许可证 PDF / Records the permit and makes its PDF',
    inputs: { applicationId }, outputs: { permitNumber: { zh: '许可证编号', en: 'Permit number', default: 'permitNumber' }, documentId: { zh: '许可证文件', en: 'Permit document', default: 'documentId' } },
  },
  [JOB.powerPermitApply]: {
    zh: '变更许可证', en: 'Apply the permit variation', retries: 5,
    description: '按变更、延续、补证或注销更新许可证（编号保留）/ Applies a registration or item change, renewal, reissue or cancellation',
    inputs: { applicationId }, outputs: { permitNumber: { zh: '许可证编号', en: 'Permit number', default: 'permitNumber' }, documentId: { zh: '许可证文件', en: 'Permit document', default: 'documentId' } },
  },
  [JOB.powerPermitMaterialsMissed]: {
    zh: '容缺材料逾期', en: 'Missing materials overdue', retries: 5,
    description: '记录违约并驳回申请（2 年内不再容缺受理）/ Records the violation and rejects the case',
    inputs: { applicationId, materialsDueDate: { kind: 'feel', default: '=materialsDueDate', zh: '补交期限', en: 'Materials due date', optional: true } }, outputs: { reason: { zh: '原因', en: 'Reason', default: 'reason' } },
  },
  [JOB.powerPermitReturn]: {
    zh: '退回补正', en: 'Return for correction', retries: 5,
    description: '申请退回申请人补正（可再次提交或废弃）/ Returns the application to the applicant, who submits it again or discards it',
    inputs: { applicationId, reason: { kind: 'feel', default: '=reason', zh: '退回意见', en: 'Reason', optional: true } }, outputs: {  },
  },
  [JOB.powerPermitStatutoryReminder]: statutoryAlert('法定时限提醒', 'Statutory limit reminder', '法定时限将至：在案件上标记提醒，审查人员待办中可见 / The statutory limit is near: the case is marked reminded for the reviewer inbox'),
  [JOB.powerPermitStatutoryOverdue]: statutoryAlert('法定时限逾期', 'Statutory limit overdue', '已超过法定时限：在案件上标记逾期，审查人员待办中可见 / The statutory limit has passed: the case is marked overdue for the reviewer inbox'),
  [JOB.personnelApply]: {
    zh: '人员变更生效', en: 'Apply personnel changes', retries: 5,
    description: '只把审核通过的人员加入或移出许可证 / Applies only the approved joins and leaves',
    inputs: { applicationId, personnelDecisions: { kind: 'feel', default: '=personnelDecisions', zh: '逐人审核结论', en: 'Decisions per person', optional: true } }, outputs: {  },
  },
  [JOB.selfInspectionPrepare]: {
    zh: '准备自查任务', en: 'Prepare self-inspection', retries: 5,
    description: '为每家持证企业建立自查申请 / Creates one self-inspection per licensed enterprise',
    inputs: { campaignId: { kind: 'feel', default: '=campaignId', zh: '自查活动', en: 'Campaign id' } }, outputs: { items: { zh: '企业列表', en: 'Enterprises', default: 'items' }, enterpriseCount: { zh: '企业数', en: 'Enterprise count', default: 'enterpriseCount' } },
  },
  [JOB.appealApply]: {
    zh: '更换联系人', en: 'Apply account appeal', retries: 5,
    description: '新联系人替换旧联系人并收到设置密码链接 / The new contact replaces the old one and gets a password link',
    inputs: { applicationId }, outputs: {},
  },
  [JOB.unitInfoApply]: {
    zh: '变更单位信息', en: 'Apply unit information change', retries: 5,
    description: '把核准的变更写入单位 / Applies the approved change to the unit',
    inputs: { applicationId }, outputs: {},
  },
  [JOB.applicationReject]: {
    zh: '驳回申请', en: 'Reject application', retries: 5,
    description: '记录驳回原因 / Records the rejection and its reason',
    inputs: { applicationId, reason }, outputs: {},
  },
  [JOB.dueDate]: {
    zh: '计算期限（工作日）', en: 'Due date in working days', retries: 3,
    description: '按中国法定节假日计算 N 个工作日后的期限 / N working days from now (Chinese public holidays)',
    inputs: {
      workingDays: { kind: 'number', default: '3', zh: '工作日数', en: 'Working days', min: 0, max: 365 },
      // the engine's now(): due dates follow the engine clock (pinned in tests)
      from: { kind: 'feel', default: '=now()', zh: '起算时间', en: 'Counted from' },
    },
    outputs: { dueDate: { zh: '期限', en: 'Due date', default: VAR.reviewDueDate } },
  },
  [JOB.notifyEmail]: {
    zh: '发送邮件', en: 'Send e-mail', retries: 5,
    description: '按模板给申请人发邮件（每个元素实例只发一次） / E-mails the applicant from a template (once per element instance)',
    inputs: { applicationId, template: { kind: 'choice', zh: '邮件模板', en: 'Mail template', choices: Object.values(MAIL_TEMPLATE) } }, outputs: {},
  },
  [JOB.notifySms]: {
    zh: '发送短信', en: 'Send SMS', retries: 5,
    description: '按模板给联系人发短信（每个元素实例只发一次） / Texts the contact from a template (once per element instance)',
    inputs: { applicationId, template: { kind: 'choice', zh: '短信模板', en: 'SMS template', choices: Object.values(SMS_TEMPLATE).filter((t) => !CODE_TEMPLATES.includes(t)) } }, outputs: {},
  },
  // appraisal-review
  [JOB.appraisalLetter]: {
    zh: '生成评审函件', en: 'Issue an appraisal letter', retries: 5,
    description: '生成商洽函或评审通知函 PDF 并列入项目临时性文件 / Issues the negotiation letter or review notice PDF and lists it among the project\'s temporary files',
    inputs: {
      applicationId,
      letter: { kind: 'choice', zh: '函件', en: 'Letter', choices: Object.values(APPRAISAL_LETTER) },
      proposedDate: { kind: 'feel', default: `=${VAR.proposedDate}`, zh: '约请日期', en: 'Proposed date', optional: true },
      reviewDate: { kind: 'feel', default: `=${VAR.reviewDate}`, zh: '评审日期', en: 'Review date', optional: true },
      teamLeader: { kind: 'feel', default: `=${VAR.teamLeader}`, zh: '评审组长', en: 'Team leader', optional: true },
      teamMembers: { kind: 'feel', default: '=teamMembers', zh: '评审组成员', en: 'Team members', optional: true },
    },
    outputs: { documentId: { zh: '文书编号', en: 'Document id', default: 'documentId' } },
  },
  [JOB.appraisalRemind]: {
    zh: '整改提醒', en: 'Rectification reminder', retries: 5,
    description: '整改到期前提醒或超期通知单位（每个元素实例只发一次） / Reminds the unit before the rectification deadline, or tells it the deadline passed (once per element instance)',
    inputs: {
      applicationId,
      template: { kind: 'choice', zh: '邮件模板', en: 'Mail template', choices: [MAIL_TEMPLATE.appraisalRectificationReminder, MAIL_TEMPLATE.appraisalRectificationOverdue] },
      rectificationDueDate: { kind: 'feel', default: `=${VAR.rectificationDueDate}`, zh: '整改期限', en: 'Rectification deadline' },
    },
    outputs: {},
  },
  [JOB.appraisalClose]: {
    zh: '评审项目办结', en: 'Close appraisal project', retries: 5,
    description: '评价完成后办结项目 / Closes the project once the team is rated',
    inputs: { applicationId }, outputs: {},
  },
};

export const templateId = (jobType: string): string => `permitflow.${jobType}`;

/** The element template for one job type (Camunda 8 element templates, schema version 1). */
export function elementTemplate(jobType: JobType): Record<string, unknown> {
  const spec = JOB_TEMPLATES[jobType];
  const properties: Array<Record<string, unknown>> = [
    { type: 'Hidden', value: jobType, binding: { type: 'zeebe:taskDefinition', property: 'type' } },
    { label: '重试次数 Retries', type: 'Hidden', value: String(spec.retries), binding: { type: 'zeebe:taskDefinition', property: 'retries' } },
  ];
  for (const [name, input] of Object.entries(spec.inputs)) {
    const base = { id: `input-${name}`, label: `${input.zh} ${input.en}`, group: 'inputs', binding: { type: 'zeebe:input', name } };
    if (input.kind === 'choice') {
      properties.push({ ...base, type: 'Dropdown', value: `="${input.choices[0]}"`, choices: input.choices.map((c) => ({ name: c, value: `="${c}"` })), constraints: { notEmpty: true } });
    } else if (input.kind === 'number') {
      properties.push({ ...base, type: 'Number', value: Number(input.default), feel: 'optional', constraints: { notEmpty: true } });
    } else {
      properties.push({ ...base, type: 'String', feel: 'required', value: input.default, ...(input.optional ? { optional: true } : { constraints: { notEmpty: true } }) });
    }
  }
  for (const [name, output] of Object.entries(spec.outputs)) {
    properties.push({
      id: `output-${name}`, label: `${output.zh} ${output.en} → 流程变量 process variable`, group: 'outputs', type: 'String',
      value: output.default, binding: { type: 'zeebe:output', source: `=${name}` }, constraints: { notEmpty: true },
    });
  }
  return {
    $schema: TEMPLATE_SCHEMA,
    name: `${spec.zh} / ${spec.en}`,
    id: templateId(jobType),
    version: 1,
    description: spec.description,
    category: { id: 'permitflow', name: 'PermitFlow' },
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [
      { id: 'inputs', label: '输入 Inputs' },
      { id: 'outputs', label: '输出 Outputs' },
    ],
    properties,
  };
}

export const allElementTemplates = (): Array<Record<string, unknown>> => (Object.values(JOB) as JobType[]).map(elementTemplate);

/** The file content of bpmn/templates/<job type>.json. */
export const templateFileContent = (jobType: JobType): string => `${JSON.stringify(elementTemplate(jobType), null, 2)}\n`;

export const USER_TASK_TEMPLATE_ID = 'permitflow.user-task';

/**
 * The template for a PermitFlow user task, built when asked with the current form registry: a
 * Camunda user task, its form picked from the registry, candidate groups, and the five inbox
 * listeners (the conventions the lint checks). Not a file: the form list changes with every saved form.
 */
export function userTaskTemplate(forms: Array<{ key: string; title?: string | null }>, defaultGroups = 'unit-reviewers'): Record<string, unknown> {
  return {
    $schema: TEMPLATE_SCHEMA,
    name: '审核任务 / Review task',
    id: USER_TASK_TEMPLATE_ID,
    version: 1,
    description: '用户任务：表单取自表单库，候选组，待办同步监听 / A user task: a form from the registry, candidate groups, the inbox listeners',
    category: { id: 'permitflow', name: 'PermitFlow' },
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:UserTask' },
    groups: [{ id: 'task', label: '任务 Task' }],
    properties: [
      { type: 'Hidden', value: '', binding: { type: 'zeebe:userTask' } },
      {
        id: 'form', label: '表单 Form', group: 'task', type: 'Dropdown', value: forms[0]?.key ?? '',
        choices: forms.map((f) => ({ name: f.title ? `${f.key} · ${f.title}` : f.key, value: f.key })),
        binding: { type: 'zeebe:formDefinition', property: 'externalReference' }, constraints: { notEmpty: true },
      },
      { id: 'groups', label: '候选组（逗号分隔） Candidate groups', group: 'task', type: 'String', value: defaultGroups, binding: { type: 'zeebe:assignmentDefinition', property: 'candidateGroups' }, constraints: { notEmpty: true } },
      ...INBOX_EVENTS.map((e) => ({ type: 'Hidden', value: inboxSyncJobType(e), binding: { type: 'zeebe:taskListener', eventType: e, retries: '5' } })),
    ],
  };
}
