/** E-mail texts, zh-CN first and English second. One template per MAIL_TEMPLATE name. */
import { MAIL_TEMPLATE, MailTemplate } from './names';

export interface MailContext {
  processTitle?: string;
  /** A link to correct and resubmit a rejected registration (works once). */
  resubmitUrl?: string;
  /** A one-time link to set the password of the account (appeal approved). */
  passwordSetUrl?: string;
  applicationNumber: string;
  unitName: string;
  contactName: string;
  login?: string;
  reason?: string;
  dueDate?: string;
  /** Qualification mails: the certificate and its last valid day (YYYY-MM-DD). */
  certificateNo?: string;
  qualificationType?: string;
  expiryDate?: string;
  portalUrl: string;
}

export function renderMail(template: MailTemplate, c: MailContext): { subject: string; text: string } {
  switch (template) {
    case MAIL_TEMPLATE.registrationApproved:
      return {
        subject: `【PermitFlow】单位帐号注册已通过 Registration approved (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的单位帐号注册申请（${c.applicationNumber}）已审核通过，帐号已激活。` +
          `登录帐号：${c.login ?? ''}。请登录 ${c.portalUrl} 使用。\n\n` +
          `Dear ${c.contactName},\n\nThe unit account registration ${c.applicationNumber} for ${c.unitName} has been approved and the account is active. ` +
          `Login: ${c.login ?? ''}. Sign in at ${c.portalUrl}.\n`,
      };
    case MAIL_TEMPLATE.registrationRejected:
      return {
        subject: `【PermitFlow】单位帐号注册未通过 Registration rejected (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的单位帐号注册申请（${c.applicationNumber}）未通过审核。\n驳回原因：${c.reason ?? ''}\n` +
          `您可以在 30 天内修改后重新提交（已填写的信息会保留）：${c.resubmitUrl ?? c.portalUrl}\n\n` +
          `Dear ${c.contactName},\n\nThe unit account registration ${c.applicationNumber} for ${c.unitName} was rejected.\nReason: ${c.reason ?? ''}\n` +
          `You may correct it and submit again within 30 days (what you entered is kept): ${c.resubmitUrl ?? c.portalUrl}\n`,
      };
    case MAIL_TEMPLATE.applicationApproved:
      return {
        subject: `【PermitFlow】申请已通过 Application approved (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的${c.processTitle ?? '申请'}（${c.applicationNumber}）已审核通过。详情见 ${c.portalUrl}\n\n` +
          `Dear ${c.contactName},\n\nThe application ${c.applicationNumber} (${c.processTitle ?? ''}) of ${c.unitName} has been approved. Details: ${c.portalUrl}\n`,
      };
    case MAIL_TEMPLATE.applicationRejected:
      return {
        subject: `【PermitFlow】申请未通过 Application rejected (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的${c.processTitle ?? '申请'}（${c.applicationNumber}）未通过审核。\n驳回原因：${c.reason ?? ''}\n\n` +
          `Dear ${c.contactName},\n\nThe application ${c.applicationNumber} of ${c.unitName} was rejected.\nReason: ${c.reason ?? ''}\n`,
      };
    case MAIL_TEMPLATE.appealApproved:
      return {
        subject: `【PermitFlow】帐号申诉已通过 Account appeal approved (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的帐号申诉（${c.applicationNumber}）已通过，您已成为该单位帐号的联系人。` +
          `请在 72 小时内通过以下链接设置登录密码（链接只能使用一次）：\n${c.passwordSetUrl ?? c.portalUrl}\n登录帐号：${c.login ?? ''}\n\n` +
          `Dear ${c.contactName},\n\nThe account appeal ${c.applicationNumber} of ${c.unitName} was approved; you are now the contact of the unit's account. ` +
          `Set your password within 72 hours with this one-time link: ${c.passwordSetUrl ?? c.portalUrl}\nLogin: ${c.login ?? ''}\n`,
      };
    case MAIL_TEMPLATE.registrationEscalated:
      return {
        subject: `【PermitFlow】注册审核已超期 Registration review overdue (${c.applicationNumber})`,
        text:
          `单位 ${c.unitName} 的注册申请 ${c.applicationNumber} 审核已超过期限（${c.dueDate ?? ''}），请尽快处理。\n\n` +
          `The registration ${c.applicationNumber} of ${c.unitName} is past its review due date (${c.dueDate ?? ''}). Please act on it.\n`,
      };
    case MAIL_TEMPLATE.qualificationExpiring:
      return {
        subject: `【PermitFlow】资质证书即将到期 Qualification expiring (${c.certificateNo ?? c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的资质证书 ${c.certificateNo ?? ''}（${c.qualificationType ?? ''}）将于 ${c.expiryDate ?? ''} 到期。` +
          `到期后该资质将标记为已过期，请在到期前办理延续并在 ${c.portalUrl} 提交新证书。\n\n` +
          `Dear ${c.contactName},\n\nThe qualification certificate ${c.certificateNo ?? ''} (${c.qualificationType ?? ''}) of ${c.unitName} expires on ${c.expiryDate ?? ''}. ` +
          `After that day it is marked expired; please renew it and submit the new certificate at ${c.portalUrl}.\n`,
      };
    case MAIL_TEMPLATE.qualificationExpired:
      return {
        subject: `【PermitFlow】资质证书已过期 Qualification expired (${c.certificateNo ?? c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的资质证书 ${c.certificateNo ?? ''}（${c.qualificationType ?? ''}）已于 ${c.expiryDate ?? ''} 到期，现已标记为已过期。` +
          `如已延续，请在 ${c.portalUrl} 提交新证书。\n\n` +
          `Dear ${c.contactName},\n\nThe qualification certificate ${c.certificateNo ?? ''} (${c.qualificationType ?? ''}) of ${c.unitName} expired on ${c.expiryDate ?? ''} and is now marked expired. ` +
          `If it was renewed, submit the new certificate at ${c.portalUrl}.\n`,
      };
  }
}
