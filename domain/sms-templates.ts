/** SMS texts (Chinese; SMS in mainland China is read in Chinese). Keep each under 70 characters where possible. */
export const SMS_TEMPLATE = {
  registrationApproved: 'registration-approved',
  registrationRejected: 'registration-rejected',
  passwordResetCode: 'password-reset-code',
  publicityConfirmationCode: 'publicity-confirmation-code',
  qualificationExpiring: 'qualification-expiring',
  ratingCode: 'rating-code',
  signupCode: 'signup-code',
  contactChangeCode: 'contact-change-code',
  personMobileCode: 'person-mobile-code',
} as const;
/** Codes sent on a person's request, never from a model's SMS task. */
export const CODE_TEMPLATES: readonly SmsTemplate[] = [SMS_TEMPLATE.passwordResetCode, SMS_TEMPLATE.ratingCode, SMS_TEMPLATE.signupCode, SMS_TEMPLATE.contactChangeCode, SMS_TEMPLATE.personMobileCode];
export type SmsTemplate = (typeof SMS_TEMPLATE)[keyof typeof SMS_TEMPLATE];

export function renderSms(template: SmsTemplate, c: { applicationNumber?: string; login?: string; code?: string; minutes?: number; unitName?: string; certificateNo?: string; expiryDate?: string }): string {
  switch (template) {
    case SMS_TEMPLATE.registrationApproved:
      return `【PermitFlow】您的单位帐号注册（${c.applicationNumber}）已审核通过，登录帐号：${c.login}。`;
    case SMS_TEMPLATE.registrationRejected:
      return `【PermitFlow】您的单位帐号注册（${c.applicationNumber}）未通过审核，原因已发送至联系人邮箱，可修改后重新提交。`;
    case SMS_TEMPLATE.passwordResetCode:
      return `【PermitFlow】验证码 ${c.code}，${c.minutes ?? 10} 分钟内有效，用于找回密码。如非本人操作请忽略。`;
    case SMS_TEMPLATE.publicityConfirmationCode:
      return `【PermitFlow】${c.unitName ?? ''}为您申报执业公示（${c.applicationNumber}），确认码 ${c.code}，24 小时内有效。如非本人同意请勿提供。`;
    case SMS_TEMPLATE.ratingCode:
      return `【PermitFlow】验证码 ${c.code}，${c.minutes ?? 10} 分钟内有效，用于评价办件 ${c.applicationNumber ?? ''}。如非本人操作请忽略。`;
    case SMS_TEMPLATE.signupCode:
      return `【PermitFlow】验证码 ${c.code}，${c.minutes ?? 10} 分钟内有效，用于注册特种设备行政许可帐号。如非本人操作请忽略。`;
    case SMS_TEMPLATE.contactChangeCode:
      return `【PermitFlow】验证码 ${c.code}，${c.minutes ?? 10} 分钟内有效，用于确认您为${c.unitName ?? ''}执业公示授权联系人。如非本人操作请忽略。`;
    case SMS_TEMPLATE.personMobileCode:
      return `【PermitFlow】验证码 ${c.code}，${c.minutes ?? 10} 分钟内有效，用于登记本人执业公示手机号。如非本人操作请忽略。`;
    case SMS_TEMPLATE.qualificationExpiring:
      return `【PermitFlow】贵单位资质证书 ${c.certificateNo} 将于 ${c.expiryDate} 到期，请及时办理延续，详情见邮件。`;
  }
}
