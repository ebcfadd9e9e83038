/** Unit accounts: registration, qualification, account appeal and unit information change. */
import type { StartableProcess } from '../ids';
export const ACCOUNTS_PROCESS = {
  unitRegistration: 'unit-registration',
  unitQualification: 'unit-qualification',
  accountAppeal: 'account-appeal',
  unitInfoChange: 'unit-info-change',
} as const;

export const ACCOUNTS_JOB = {
  registrationValidate: 'registration.validate',
  registrationActivate: 'registration.activate',
  registrationReject: 'registration.reject',
  registrationEscalate: 'registration.escalate',
  qualificationActivate: 'qualification.activate',
  qualificationExpiryDates: 'qualification.expiry-dates',
  qualificationExpire: 'qualification.expire',
  appealApply: 'appeal.apply',
  unitInfoApply: 'unit-info.apply',
  /** the rejection of a qualification, appeal or information change */
  applicationReject: 'application.reject',
} as const;

export const ACCOUNTS_FORM = {
  unitRegistration: 'unit-registration',
  unitRegistrationReview: 'unit-registration-review',
  unitQualification: 'unit-qualification',
  unitQualificationReview: 'unit-qualification-review',
  accountAppeal: 'account-appeal',
  accountAppealReview: 'account-appeal-review',
  unitInfoChange: 'unit-info-change',
  unitInfoChangeReview: 'unit-info-change-review',
} as const;

export const ACCOUNTS_GROUP = {
  registrationReviewers: 'registration-reviewers',
  unitReviewers: 'unit-reviewers',
} as const;

export const ACCOUNTS_VAR = {
  reviewDueDate: 'reviewDueDate',
  validationErrors: 'validationErrors',
} as const;

export const ACCOUNTS_BPMN_ERROR = { registrationInvalid: 'REGISTRATION_INVALID' } as const;

export const ACCOUNTS_MESSAGE = {
  /** correlation key: the application id */
  registrationResubmitted: 'registration-resubmitted',
} as const;

export const ACCOUNTS_MAIL = {
  registrationApproved: 'registration-approved',
  registrationRejected: 'registration-rejected',
  registrationEscalated: 'registration-escalated',
  appealApproved: 'appeal-approved',
  qualificationExpiring: 'qualification-expiring',
  qualificationExpired: 'qualification-expired',
} as const;

export const UNIT_STATUS = { active: 'active', disabled: 'disabled' } as const;

/** The unit fields an information change may request (seed 004 §3.2: not editable directly). */
export const UNIT_CHANGE_FIELDS = { name: 'name', legalRepresentative: 'legal_representative', uscc: 'uscc', address: 'address', postcode: 'postcode' } as const;
/**
 * The authorised contact (执业公示授权联系人) an information change may request (000 §3.2.4):
 * fields of the unit's main account. A new contact is confirmed by an SMS code sent to the
 * requested mobile before the request is taken.
 */
export const CONTACT_CHANGE_FIELDS = { contactName: 'display_name', contactMobile: 'mobile' } as const;
/** 会员性质 (000 §3.2.1). */
export const MEMBERSHIP_TYPES = ['member', 'non-member'] as const;
/** 单位性质 (000 §3.2.1). */
export const UNIT_NATURES = ['state-owned', 'collective', 'private', 'joint-venture', 'foreign', 'public-institution', 'government', 'other'] as const;

/** The areas a unit's sub-account can be allowed to act in (seed 004 §3: per-subsystem permissions). */
export const UNIT_AREAS = ['qualification', 'publicity', 'appraisal', 'licensing', 'unit-info'] as const;
export type UnitArea = (typeof UNIT_AREAS)[number];

export const QUALIFICATION_STATUS = { active: 'active', expired: 'expired' } as const;

/**
 * The unit qualification types: the codes of the one select in forms/sections/unit-qualification-type.json
 * (which holds their labels), used by the qualification application, the registration's
 * qualifications and the publicity rules (which item categories each type permits).
 */
export const UNIT_QUALIFICATION_TYPES = ['type-test-approval', 'inspection-approval', 'testing-approval'] as const;
export type UnitQualificationType = (typeof UNIT_QUALIFICATION_TYPES)[number];

/** What a unit starts from POST /api/applications. */
export const ACCOUNTS_STARTABLE: Record<string, StartableProcess> = {
  [ACCOUNTS_PROCESS.unitQualification]: { formKey: ACCOUNTS_FORM.unitQualification, numberPrefix: 'QUA', title: '单位资质 Unit qualification', area: 'qualification', via: 'applications', applicant: 'unit' },
  [ACCOUNTS_PROCESS.unitInfoChange]: { formKey: ACCOUNTS_FORM.unitInfoChange, numberPrefix: 'CHG', title: '单位信息变更 Unit information change', area: 'unit-info', via: 'applications', applicant: 'unit' },
};

/** A unit's institution type (registration's 机构类型), with its name as the registration form shows it. */
export const INSTITUTION_TYPE_LABELS = {
  inspection: '检验机构 Inspection',
  testing: '检测机构 Testing',
  'type-test': '型式试验机构 Type-test',
  appraisal: '鉴定评审机构 Appraisal',
  manufacturer: '制造单位 Manufacturer',
  operator: '使用单位 Operator',
  other: '其他 Other',
} as const;
export type InstitutionType = keyof typeof INSTITUTION_TYPE_LABELS;
export const INSTITUTION_TYPES = Object.keys(INSTITUTION_TYPE_LABELS) as InstitutionType[];

/** The name of an institution type ("检验机构 Inspection"), or the value itself when it is none of them. */
export const institutionTypeLabel = (type: string | null | undefined): string | null =>
  !type ? null : Object.hasOwn(INSTITUTION_TYPE_LABELS, type) ? INSTITUTION_TYPE_LABELS[type as InstitutionType] : type;
