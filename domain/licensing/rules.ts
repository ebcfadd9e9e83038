/**
 * Special-equipment licensing, the pure parts: which authority approves a set of items,
 * which fields a supplement/correction notice opens, the application form with every other field
 * locked (Form.io `disabled`), and which fields a resubmission changed.
 */
import type { FormComponent, FormDefinition } from '../formio';
import { AUTHORITY_LEVEL, AuthorityLevel, LICENSING_GROUP as GROUP, licenceProvinceGroup } from './ids';
import { divisionName } from '../admin-divisions';
import { APPRAISAL_INVITATION_MIN_DAYS, chineseDate, earliestInvitationDate, isValidDate } from '../appraisal/rules';
import { localDate } from '../calendar';

/** Statutory limit of a production licence after acceptance, appraisal time excluded. */
export const LICENCE_STATUTORY_WORKING_DAYS = 20;

export const NATIONAL_AUTHORITY_NAME = '国家市场监督管理总局';

/** Any national-level item → the national authority; otherwise the applicant's province's authority. */
export function licensingAuthority(items: Array<{ level: string }>, provinceCode: string): { level: AuthorityLevel; group: string; name: string } {
  if (items.some((i) => i.level === AUTHORITY_LEVEL.national)) {
    return { level: AUTHORITY_LEVEL.national, group: GROUP.licenceNationalAuthority, name: NATIONAL_AUTHORITY_NAME };
  }
  return { level: AUTHORITY_LEVEL.provincial, group: licenceProvinceGroup(provinceCode), name: `${divisionName(provinceCode) ?? provinceCode}市场监督管理局` };
}

/** The item codes chosen in a Form.io selectboxes value ({ code: true }) or a list. */
export function chosenItems(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === 'object') return Object.entries(value as Record<string, unknown>).filter(([, on]) => on === true).map(([k]) => k);
  return [];
}

export interface CorrectionItem {
  /** a field key, or a part's (panel's) key: the whole part */
  field: string;
  reason: string;
}

const isPart = (c: FormComponent) => c.type === 'panel';

/** Every input field of the form, with the part it lies in. */
export function formFields(form: FormDefinition): Array<{ key: string; label: string; part: string | null }> {
  const out: Array<{ key: string; label: string; part: string | null }> = [];
  const walk = (cs: FormComponent[], part: string | null) => {
    for (const c of cs) {
      if (isPart(c)) walk(c.components ?? [], c.key);
      else if (c.input && c.type !== 'button') out.push({ key: c.key, label: c.label ?? c.key, part });
      else if (c.components && c.type !== 'datagrid') walk(c.components, part);
    }
  };
  walk(form.components, null);
  return out;
}

/** The field keys a notice opens for editing: the flagged fields, and every field of a flagged part. */
export function editableFields(form: FormDefinition, items: CorrectionItem[]): Set<string> {
  const flagged = new Set(items.map((i) => i.field));
  return new Set(formFields(form).filter((f) => flagged.has(f.key) || (f.part && flagged.has(f.part))).map((f) => f.key));
}

/** A copy of the form for a correction round: one page, the open fields editable, every other field disabled. */
export function lockedForm(form: FormDefinition & Record<string, unknown>, editable: Set<string>, reasons: Map<string, string>): FormDefinition & Record<string, unknown> {
  const lock = (cs: FormComponent[]): FormComponent[] =>
    cs.map((c) => {
      const copy = { ...c } as FormComponent & Record<string, unknown>;
      if (isPart(c)) {
        copy.components = lock(c.components ?? []);
        const reason = reasons.get(c.key);
        if (reason) copy.title = `${String(copy.title ?? '')} — 需补正 To correct: ${reason}`;
        return copy;
      }
      if (c.input && c.type !== 'button') {
        if (!editable.has(c.key)) copy.disabled = true;
        else {
          const reason = reasons.get(c.key);
          if (reason) copy.description = `需补正 To correct: ${reason}`;
          copy.customClass = 'pf-flagged';
        }
        return copy;
      }
      if (c.components) copy.components = lock(c.components);
      return copy;
    });
  return { ...form, display: 'form', components: lock(form.components) };
}

const canonical = (v: unknown): string => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** The fields whose value differs between two submissions (missing and empty count as the same). */
export function changedFields(form: FormDefinition, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const norm = (v: unknown) => {
    if (v === undefined || v === null || v === '') return null;
    // selectboxes: the browser sends every option (false for the unticked); only the ticked ones count
    if (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((x) => typeof x === 'boolean')) return chosenItems(v).sort();
    return v;
  };
  return formFields(form)
    .map((f) => f.key)
    .filter((k) => canonical(norm(before[k])) !== canonical(norm(after[k])));
}

/**
 * The appraisal-date negotiation (协商鉴定评审时间): the applicant's proposed range must start after
 * the refused window, the same one the appraisal invitation uses (dates within 5 calendar days of
 * today, Asia/Shanghai, are refused), and end on or after its start. Field errors, empty when fine.
 */
export function proposedDatesErrors(from: unknown, to: unknown, now: Date): Record<string, string> {
  const errors: Record<string, string> = {};
  const earliest = earliestInvitationDate(now);
  if (!isValidDate(from)) errors.appraisalFrom = '日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD';
  else if (from < earliest) {
    errors.appraisalFrom = `拟约请鉴定评审日期不能在今天起 ${APPRAISAL_INVITATION_MIN_DAYS} 日内，最早可选 ${chineseDate(earliest)} / The proposed appraisal must start more than ${APPRAISAL_INVITATION_MIN_DAYS} days from today; the earliest is ${earliest}`;
  }
  if (!isValidDate(to)) errors.appraisalTo = '日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD';
  else if (isValidDate(from) && to < from) errors.appraisalTo = '结束日期不能早于开始日期 / The end must not be before the start';
  return errors;
}

/** The agency's final dates (最终确定的鉴定评审日期): a range from today on. */
export function finalDatesErrors(from: unknown, to: unknown, now: Date): Record<string, string> {
  const errors: Record<string, string> = {};
  const today = localDate(now);
  if (!isValidDate(from)) errors.finalFrom = '请填写最终确定的鉴定评审开始日期（YYYY-MM-DD） / Enter the final start date (YYYY-MM-DD)';
  else if (from < today) errors.finalFrom = '最终日期不能早于今天 / The final dates must not be in the past';
  if (!isValidDate(to)) errors.finalTo = '请填写最终确定的鉴定评审结束日期（YYYY-MM-DD） / Enter the final end date (YYYY-MM-DD)';
  else if (isValidDate(from) && to < from) errors.finalTo = '结束日期不能早于开始日期 / The end must not be before the start';
  return errors;
}

/**
 * The acceptance's receipt (受理决定书): whether the licensing is charged for and the day the materials
 * were received — not before the application was submitted, not after today.
 */
export function acceptanceReceiptErrors(feeCharged: unknown, receivedOn: unknown, submittedOn: string, now: Date): Record<string, string> {
  const errors: Record<string, string> = {};
  if (feeCharged !== 'yes' && feeCharged !== 'no') errors.feeCharged = '请选择是否收费 / Say whether the licensing is charged for';
  const today = localDate(now);
  if (!isValidDate(receivedOn)) errors.materialsReceivedOn = '请填写接收材料时间（YYYY-MM-DD） / Enter the day the materials were received (YYYY-MM-DD)';
  else if (receivedOn > today) errors.materialsReceivedOn = '接收材料时间不能晚于今天 / The materials cannot be received after today';
  else if (receivedOn < submittedOn) errors.materialsReceivedOn = `接收材料时间不能早于申请提交日期 ${submittedOn} / The materials cannot be received before the application was submitted (${submittedOn})`;
  return errors;
}

/** The feedback form's review period (评审起止日期): valid dates, the end not before the start. */
export function reviewPeriodErrors(from: unknown, to: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isValidDate(from)) errors.reviewFrom = '日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD';
  if (!isValidDate(to)) errors.reviewTo = '日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD';
  else if (isValidDate(from) && to < from) errors.reviewTo = '结束日期不能早于开始日期 / The end must not be before the start';
  return errors;
}

/**
 * The application's dated content: founded on or before today; a scope row per chosen item at most
 * once and only for a chosen item; each certification valid until a day after it was granted.
 */
export function applicationContentErrors(v: Record<string, unknown>, chosen: string[], today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (isValidDate(v.foundedOn) && v.foundedOn > today) errors.foundedOn = '成立日期不能晚于今天 / The founding date cannot be after today';
  const seen = new Set<string>();
  ((Array.isArray(v.itemScopes) ? v.itemScopes : []) as Array<Record<string, unknown>>).forEach((r, i) => {
    const item = String(r?.item ?? '');
    if (!chosen.includes(item)) errors[`itemScopes.${i}.item`] = '该项目未在许可项目中选择 / This item is not among the chosen licence items';
    else if (seen.has(item)) errors[`itemScopes.${i}.item`] = '每个项目只填一行 / One row per item';
    seen.add(item);
  });
  ((Array.isArray(v.certifications) ? v.certifications : []) as Array<Record<string, unknown>>).forEach((r, i) => {
    if (isValidDate(r?.certifiedOn) && isValidDate(r?.validUntil) && r.validUntil <= r.certifiedOn) errors[`certifications.${i}.validUntil`] = '有效期应晚于认证日期 / Valid until must be after the certification date';
  });
  return errors;
}
