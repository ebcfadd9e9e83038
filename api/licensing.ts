/**
 * Special-equipment licensing inside the generic application endpoints: checks on a submitted
 * production licence or inspector application, and the case as its readers may see it. The
 * licensing tasks' behaviours are in api/tasks/licensing.ts.
 */
import type { Db } from '../core/db';
import { applicationContentErrors, chosenItems } from '../domain/licensing/rules';
import { LICENSING_PROCESS as PROCESS } from '../domain/licensing/ids';
import { APPLICATION_KIND, caseClock, dateProposals, getLicenceCase, LicenceCaseRow, licenceStatus, ProductionLicenceRow, validLicences } from '../db/licensing';
import { localDate } from '../domain/calendar';
import { isValidDate } from '../domain/appraisal/rules';
import { APPLICATION_STATUS } from '../domain/registry';
import type { SessionUser } from './auth';

/** A case still in progress (not yet approved or refused). */
const OPEN_STATUSES = [APPLICATION_STATUS.submitted, APPLICATION_STATUS.inReview, APPLICATION_STATUS.correction, APPLICATION_STATUS.accepted, APPLICATION_STATUS.appraisal];

const STATUS_TEXT: Record<string, string> = { expired: '已过期 / has expired', cancelled: '已注销 / was cancelled', revoked: '已撤销 / was revoked' };

/**
 * The application category (申请类别) against the unit's licences: a change or upgrade starts from a
 * valid licence of this unit in the same licence category; a first-time application is refused when
 * the unit already holds a valid licence covering one of the chosen items.
 */
async function checkApplicationKind(
  db: Db, unitId: string, v: Record<string, unknown>, codes: string[], errors: Record<string, string>, today: string, applicationId: string | undefined,
): Promise<void> {
  const kind = v.applicationCategory ?? APPLICATION_KIND.first;
  // stored always, so that a form's default and an older submission without it read the same
  v.applicationCategory = kind;
  if (kind === APPLICATION_KIND.first) {
    delete v.currentLicence;
    const held = await validLicences(db, unitId, today).whereRaw('item_codes && ?::text[]', [codes]).orderBy('number').first();
    if (held) errors.applicationCategory ??= `本单位已持有有效许可证 ${held.number}，含所选项目，请在许可管理中选择该许可证申请变更或升级 / The unit holds valid licence ${held.number} covering a chosen item: apply for a change or upgrade of it`;
    return;
  }
  const number = typeof v.currentLicence === 'string' ? v.currentLicence.trim() : '';
  if (!number) {
    errors.currentLicence ??= '变更或升级须填写本单位现有许可证编号 / A change or upgrade needs the number of the unit\'s current licence';
    return;
  }
  v.currentLicence = number;
  const held = await db<ProductionLicenceRow>('production_licences').where({ unit_id: unitId, number }).first();
  if (!held) {
    errors.currentLicence ??= `本单位没有编号为 ${number} 的许可证 / The unit holds no licence numbered ${number}`;
    return;
  }
  const status = licenceStatus(held, today);
  if (status !== 'valid') {
    errors.currentLicence ??= `许可证 ${number} ${STATUS_TEXT[status].split(' / ')[0]}，不能${kind === APPLICATION_KIND.change ? '变更' : '升级'}，请首次申请 / Licence ${number} ${STATUS_TEXT[status].split(' / ')[1]}: apply first-time instead`;
    return;
  }
  if (held.category !== v.licenceCategory) errors.licenceCategory ??= '变更或升级不能改变许可类别，请按现有许可证的类别申请 / A change or upgrade keeps the licence category of the current licence';
  // one change or upgrade of a licence at a time
  const open = await db('applications')
    .where({ unit_id: unitId, process_id: PROCESS.productionLicence })
    .whereIn('status', OPEN_STATUSES)
    .whereRaw("data->>'currentLicence' = ?", [number])
    .whereRaw("coalesce(data->>'applicationCategory', 'first') <> 'first'")
    .modify((q) => (applicationId ? q.whereNot({ id: applicationId }) : q))
    .first('number');
  if (open) errors.currentLicence ??= `许可证 ${number} 已有办理中的变更或升级申请 ${open.number} / Licence ${number} has a change or upgrade in progress: ${open.number}`;
}

/**
 * Checks a production-licence or inspector submission against the seeded catalogues and, for a
 * production licence of a unit, its application category against the unit's licences (errors by field).
 */
export async function checkLicensingSubmission(
  db: Db, processId: string, v: Record<string, unknown>, errors: Record<string, string>, opts: { unitId?: string | null; now?: Date; applicationId?: string } = {},
): Promise<void> {
  if (processId === PROCESS.productionLicence) {
    const codes = chosenItems(v.licenceItems);
    if (!codes.length) {
      errors.licenceItems ??= '请至少选择一个许可项目 / Choose at least one licence item';
      return;
    }
    const items = await db('licence_items').whereIn('code', codes);
    if (items.length !== codes.length) errors.licenceItems ??= '许可项目不在目录中 / An item is not in the catalogue';
    else if (items.some((i) => i.category !== v.licenceCategory)) errors.licenceItems ??= '许可项目须属于所选许可类别 / The items must belong to the chosen category';
    const today = localDate(opts.now ?? new Date());
    for (const [k, e] of Object.entries(applicationContentErrors(v, codes, today))) errors[k] ??= e;
    if (opts.unitId) await checkApplicationKind(db, opts.unitId, v, codes, errors, today, opts.applicationId);
  }
  if (processId === PROCESS.inspectorQualification) {
    const item = await db('inspector_items').where({ code: String(v.itemCode ?? '') }).first();
    if (!item) errors.itemCode ??= '项目代号不在目录中 / Not a known item code';
    else if (v.personType && item.type !== v.personType) errors.itemCode ??= `${item.code} 不是${PERSON_TYPE_NAME[String(v.personType)] ?? '所选人员类型'}的项目 / ${item.code} is not an item of the chosen person type`;
    await checkHeldItems(db, v.heldItems, errors);
    // the photo must be a picture (its type is sniffed from the content at upload)
    const photo = Array.isArray(v.photo) ? (v.photo[0] as { id?: string } | undefined) : undefined;
    if (photo?.id) {
      const file = await db('files').where({ id: photo.id }).first('mime_type');
      if (file && !String(file.mime_type).startsWith('image/')) errors.photo ??= '照片应为 JPG 或 PNG 图片 / The photo must be a JPG or PNG image';
    }
  }
}

const PERSON_TYPE_NAME: Record<string, string> = { inspector: '检验人员', tester: '检测人员' };

/** 已持项目: each row a catalogue item of its type, obtained on a real date, valid until a date after it; no item twice. */
async function checkHeldItems(db: Db, held: unknown, errors: Record<string, string>): Promise<void> {
  if (!Array.isArray(held) || !held.length) return;
  const rows = held as Array<Record<string, unknown>>;
  const catalogue = new Map((await db('inspector_items').whereIn('code', rows.map((r) => String(r?.itemCode ?? ''))).select('code', 'type')).map((i) => [i.code, i.type]));
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const code = String(r?.itemCode ?? '');
    const at = `heldItems.${i}`;
    if (!catalogue.has(code)) errors[`${at}.itemCode`] ??= '项目代号不在目录中 / Not a known item code';
    else if (r.personType && catalogue.get(code) !== r.personType) errors[`${at}.itemCode`] ??= `${code} 不是${PERSON_TYPE_NAME[String(r.personType)] ?? '该类型'}的项目 / ${code} is not an item of that type`;
    else if (seen.has(code)) errors[`${at}.itemCode`] ??= `${code} 已填写过 / ${code} is listed twice`;
    seen.add(code);
    if (!isValidDate(r.firstIssued)) errors[`${at}.firstIssued`] ??= '初次取证日期无效（YYYY-MM-DD） / Not a valid date (YYYY-MM-DD)';
    if (!isValidDate(r.validUntil)) errors[`${at}.validUntil`] ??= '证书有效期无效（YYYY-MM-DD） / Not a valid date (YYYY-MM-DD)';
    else if (isValidDate(r.firstIssued) && r.validUntil <= r.firstIssued) errors[`${at}.validUntil`] ??= '证书有效期应晚于初次取证日期 / Valid until must be after the date first obtained';
  });
}

/** Authority roles of a case: its authority's group (and admins). */
export function isAuthority(user: SessionUser, lc: Pick<LicenceCaseRow, 'authority_group'>): boolean {
  return user.kind === 'admin' || user.groups.includes(lc.authority_group);
}

/**
 * The statutory clock as it acts: when the limit ends (set when the clock counts again after the
 * agency), when the authority was reminded, and overdue once the limit passed (the BPMN timer marks
 * the case; the count of working days agrees from the next working day on).
 */
async function clockOf(db: Db, lc: LicenceCaseRow, now: Date) {
  const clock = await caseClock(db, lc.application_id, now);
  if (!clock) return null;
  return { ...clock, overdue: clock.overdue || !!lc.overdue_at, dueDate: lc.statutory_due_at, remindedAt: lc.clock_reminded_at, overdueAt: lc.overdue_at };
}

/** The case as its readers may see it: the feedback form only for the authority. */
export async function licenceSummary(db: Db, applicationId: string, user: SessionUser, now = new Date()) {
  const lc = await getLicenceCase(db, applicationId);
  if (!lc) return null;
  const items = await db('licence_items').whereIn('code', lc.item_codes).orderBy('sort').select('code', 'project', 'name', 'level');
  const category = await db('licence_categories').where({ code: lc.category }).first();
  const corrections = await db('licence_corrections').where({ application_id: applicationId }).orderBy('round').select('round', 'items', 'created_at', 'resolved_at');
  const authority = isAuthority(user, lc);
  const held = lc.licence_id ? await db('production_licences').where({ id: lc.licence_id }).first('number') : undefined;
  return {
    // 申请类别: first-time, or a change or upgrade of the licence it started from
    applicationCategory: lc.application_kind,
    currentLicence: held?.number ?? null,
    category: lc.category,
    categoryName: category?.name ?? null,
    items,
    authority: { level: lc.authority_level, name: lc.authority_name, group: lc.authority_group },
    agency: category ? { name: category.agency_name, contact: category.agency_contact, phone: category.agency_phone, address: category.agency_address } : null,
    acceptanceNumber: lc.acceptance_number,
    acceptedAt: lc.accepted_at,
    feeCharged: lc.fee_charged,
    materialsReceivedOn: lc.materials_received_on,
    appraisal: { from: lc.appraisal_from, to: lc.appraisal_to, returned: lc.dates_returned, conclusion: lc.appraisal_conclusion },
    corrections: corrections.map((c) => ({ round: c.round, items: c.items, createdAt: c.created_at, resolvedAt: c.resolved_at })),
    // 协商鉴定评审时间: each letter's proposed dates and the agency's answer (the contact block is on the tasks)
    negotiation: (await dateProposals(db, applicationId)).map((r) => ({
      round: r.round, proposedFrom: r.proposed_from, proposedTo: r.proposed_to, note: r.note, proposedAt: r.proposed_at,
      decision: r.decision, opinion: r.opinion, finalFrom: r.final_from, finalTo: r.final_to, answeredAt: r.answered_at,
    })),
    licenceNumber: lc.licence_number,
    feedbackSubmitted: !!lc.feedback_at,
    // 鉴定评审反馈表: the approving authority only, never the applicant or the agency
    feedback: authority ? lc.feedback : null,
    statutoryClock: await clockOf(db, lc, now),
  };
}
