/** SMS texts (Chinese; SMS in mainland China is read in Chinese). Keep each under 70 characters where possible. */
export const SMS_TEMPLATE = {
  registrationApproved: 'registration-approved',
  registrationRejected: 'registration-rejected',
  passwordResetCode: 'password-reset-code',
  qualificationExpiring: 'qualification-expiring',
} as const;
export type SmsTemplate = (typeof SMS_TEMPLATE)[keyof typeof SMS_TEMPLATE];

export function renderSms(template: SmsTemplate, c: { applicationNumber?: string; login?: string; code?: string; minutes?: number; certificateNo?: string; expiryDate?: string }): string {
  switch (template) {
    case SMS_TEMPLATE.registrationApproved:
      return `【PermitFlow】您的单位帐号注册（${c.applicationNumber}）已审核通过，登录帐号：${c.login}。`;
    case SMS_TEMPLATE.registrationRejected:
      return `【PermitFlow】您的单位帐号注册（${c.applicationNumber}）未通过审核，原因已发送至联系人邮箱，可修改后重新提交。`;
    case SMS_TEMPLATE.passwordResetCode:
      return `【PermitFlow】验证码 ${c.code}，${c.minutes ?? 10} 分钟内有效，用于找回密码。如非本人操作请忽略。`;
    case SMS_TEMPLATE.qualificationExpiring:
      return `【PermitFlow】贵单位资质证书 ${c.certificateNo} 将于 ${c.expiryDate} 到期，请及时办理延续，详情见邮件。`;
  }
}
