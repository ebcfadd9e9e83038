/** E-mail texts, zh-CN first and English second. One template per MAIL_TEMPLATE name. */
import { MAIL_TEMPLATE, MailTemplate } from './registry';

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
    case MAIL_TEMPLATE.applicationReturned:
      return {
        subject: `【PermitFlow】申请已退回补正 Application returned for correction (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的${c.processTitle ?? '申请'}（${c.applicationNumber}）已退回补正。\n意见：${c.reason ?? ''}\n` +
          `请登录 ${c.portalUrl} 在“我的许可申请”中修改后重新提交；不再办理的，可以申请废弃。\n\n` +
          `Dear ${c.contactName},\n\nThe application ${c.applicationNumber} of ${c.unitName} was returned for correction.\nOpinion: ${c.reason ?? ''}\n` +
          `Sign in at ${c.portalUrl}, correct it and submit it again under "My permit applications", or discard it.\n`,
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
    case MAIL_TEMPLATE.publicityIneligible:
      return {
        subject: `【PermitFlow】执业公示申报不符合条件 Publicity application not eligible`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的执业公示申报不符合申报条件，未能创建申报单。\n原因：${c.reason ?? ''}\n\n` +
          `Dear ${c.contactName},\n\nThe practitioner publicity application of ${c.unitName} does not meet the conditions and was not created.\nReasons: ${c.reason ?? ''}\n`,
      };
    case MAIL_TEMPLATE.publicityExpired:
      return {
        subject: `【PermitFlow】执业公示申报单已过期作废 Publicity application expired (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的执业公示申报单 ${c.applicationNumber} 未在 7 天内上传签字盖章的申报单并完成短信确认，申请以不通过状态结束，` +
          `此次申报（含已打印的申请表）作废，如需公示请重新申请。\n\n` +
          `Dear ${c.contactName},\n\nThe publicity application ${c.applicationNumber} of ${c.unitName} was not uploaded and confirmed within 7 days. ` +
          `It has ended as failed and the printed form is void; apply again if needed.\n`,
      };
    case MAIL_TEMPLATE.publicityIdentityFailed:
      return {
        subject: `【PermitFlow】执业公示人员实名验证未通过 Identity verification failed (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的执业公示申报单 ${c.applicationNumber} 的人员实名人工验证未通过，申报结束。\n原因：${c.reason ?? ''}\n\n` +
          `Dear ${c.contactName},\n\nThe manual identity verification for the publicity application ${c.applicationNumber} of ${c.unitName} failed; the application has ended.\nReason: ${c.reason ?? ''}\n`,
      };
    case MAIL_TEMPLATE.registrationEscalated:
      return {
        subject: `【PermitFlow】注册审核已超期 Registration review overdue (${c.applicationNumber})`,
        text:
          `单位 ${c.unitName} 的注册申请 ${c.applicationNumber} 审核已超过期限（${c.dueDate ?? ''}），请尽快处理。\n\n` +
          `The registration ${c.applicationNumber} of ${c.unitName} is past its review due date (${c.dueDate ?? ''}). Please act on it.\n`,
      };
    case MAIL_TEMPLATE.appraisalRectificationReminder:
      return {
        subject: `【PermitFlow】评审整改即将到期 Rectification due soon (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的鉴定评审项目（${c.applicationNumber}）整改期限为 ${c.dueDate ?? ''}，请在期限前上传整改资料：${c.portalUrl}\n\n` +
          `Dear ${c.contactName},\n\nThe rectification of appraisal project ${c.applicationNumber} (${c.unitName}) is due on ${c.dueDate ?? ''}. Upload the rectification materials before then: ${c.portalUrl}\n`,
      };
    case MAIL_TEMPLATE.appraisalRectificationOverdue:
      return {
        subject: `【PermitFlow】评审整改已超期 Rectification overdue (${c.applicationNumber})`,
        text:
          `${c.contactName}，您好：\n\n${c.unitName} 的鉴定评审项目（${c.applicationNumber}）整改期限（${c.dueDate ?? ''}）已过，请尽快上传整改资料或与中特协联系。\n\n` +
          `Dear ${c.contactName},\n\nThe rectification of appraisal project ${c.applicationNumber} (${c.unitName}) was due on ${c.dueDate ?? ''}. Upload the materials as soon as possible or contact the association.\n`,
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
    // to the approving authority's staff (reason: the working days left)
    case MAIL_TEMPLATE.licenceClockReminder:
      return {
        subject: `【PermitFlow】许可案件法定办结时限即将届满 Statutory limit ending soon (${c.applicationNumber})`,
        text:
          `${c.unitName} 的${c.processTitle ?? '许可申请'}（${c.applicationNumber}）法定办结时限将于 ${c.dueDate ?? ''} 届满（${c.reason ?? ''}），请及时作出许可决定：${c.portalUrl}\n\n` +
          `The statutory limit of ${c.applicationNumber} (${c.unitName}) ends on ${c.dueDate ?? ''} (${c.reason ?? ''}). Please decide it in time: ${c.portalUrl}\n`,
      };
    case MAIL_TEMPLATE.licenceClockOverdue:
      return {
        subject: `【PermitFlow】许可案件已超过法定办结时限 Statutory limit passed (${c.applicationNumber})`,
        text:
          `${c.unitName} 的${c.processTitle ?? '许可申请'}（${c.applicationNumber}）法定办结时限已于 ${c.dueDate ?? ''} 届满，案件已标记为超期，请尽快作出许可决定：${c.portalUrl}\n\n` +
          `The statutory limit of ${c.applicationNumber} (${c.unitName}) ended on ${c.dueDate ?? ''}; the case is marked overdue. Please decide it as soon as possible: ${c.portalUrl}\n`,
      };
  }
}
