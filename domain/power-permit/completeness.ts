/**
 * The completeness check of a power-facility permit application (承装（修、试）电力设施许可,
 * seed 004 §4 "资料提交": every item that does not meet the requirements is listed, and the
 * application cannot be submitted until none is left). Pure: the data, the unit's current state
 * and the date in; the list of missing items and the computed totals out. Used by the API's
 * check endpoint, by the submit endpoint (422 with the same list) and by the browser page.
 */
import { POWER_CATEGORIES, POWER_LEVELS, POWER_PERMIT_PROCESS as PROCESS, type PowerCategory } from './ids';
import { CATEGORY_EN, CATEGORY_ZH, commonMaterials, LEVEL_ZH, materialsFor } from './materials';
import { isValidIdNumber, isValidMobile } from '../validators';

export interface MissingItem {
  /** the section the item belongs to (a tab of the application) */
  section: string;
  /** the field (dotted path into the data) */
  field: string;
  message: string;
}

export interface PowerTotals {
  electricians: number;
  skilledWorkers: number;
  projects: number;
  projectsByVoltage: Record<string, number>;
}

export interface CompletenessContext {
  now: Date;
  /** the unit's current registered values (basic info is read from here, never from the form) */
  unit: { name: string; legalRepresentative: string; address: string };
  /** the unit's active permit, if any */
  permit?: { number: string; categories: Array<{ category: string; level: string }>; personnel: Array<{ role: string; name: string; idNumber: string }> } | null;
  /** the free-trade-zone fast track: the reduced materials of the manual's reform measures */
  fastTrack?: boolean;
}

export interface CompletenessResult {
  complete: boolean;
  missing: MissingItem[];
  totals: PowerTotals;
  /** the materials missing for each category applied for (materials.<category>.<key>), the common ones under "common" */
  materialsByCategory: Record<string, MissingItem[]>;
}

export const VOLTAGE_LEVELS = ['500kV', '220kV', '110kV', '35kV', '10kV', '0.4kV'] as const;
/** the project record covers the last five years (规定年限内主要业绩) */
export const PROJECT_YEARS = 5;
const PERSON_ROLES = ['electrician', 'skilled-worker', 'technical-lead', 'safety-lead'] as const;

export const SECTION = {
  category: '申请类别 Category',
  submitter: '提交人 Submitter',
  equity: '股权结构 Equity structure',
  technicalLead: '技术负责人 Technical lead',
  safetyLead: '安全负责人 Safety lead',
  electricians: '电工人员 Electricians',
  skilledWorkers: '专业技能人员 Skilled workers',
  projects: '主要业绩 Project record',
  change: '变更内容 Change',
  attachments: '附件 Attachments',
  permit: '许可证 Permit',
  personnel: '人员变更 Personnel',
  materials: '申请材料 Materials',
} as const;

/** The section of a category's materials, e.g. "承装类材料 Install materials". */
export const materialsSection = (category: PowerCategory): string => `${CATEGORY_ZH[category]}类材料 ${CATEGORY_EN[category]} materials`;

type Data = Record<string, unknown>;
const obj = (v: unknown): Data => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});
const blank = (x: unknown): boolean => x === undefined || x === null || x === '' || (Array.isArray(x) && x.length === 0);
/** The rows of a list; a row left wholly empty (the blank row a form's grid starts with) is no row. */
const arr = (v: unknown): Data[] => (Array.isArray(v) ? v.map(obj).filter((row) => !Object.values(row).every(blank)) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const hasFiles = (v: unknown): boolean => Array.isArray(v) && v.some((f) => f && typeof f === 'object' && ('id' in f || 'data' in f));

class Collector {
  readonly items: MissingItem[] = [];
  add(section: string, field: string, zh: string, en: string): void {
    this.items.push({ section, field, message: `${zh} / ${en}` });
  }
  need(ok: boolean, section: string, field: string, zh: string, en: string): void {
    if (!ok) this.add(section, field, zh, en);
  }
}

export function computeTotals(data: Data, now: Date): PowerTotals {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - PROJECT_YEARS);
  const byVoltage: Record<string, number> = {};
  let projects = 0;
  for (const p of arr(data.projects)) {
    const done = new Date(text(p.completedOn));
    if (Number.isNaN(done.getTime()) || done < cutoff || done > now) continue;
    const v = text(p.voltageLevel) || '?';
    byVoltage[v] = (byVoltage[v] ?? 0) + 1;
    projects++;
  }
  return { electricians: arr(data.electricians).length, skilledWorkers: arr(data.skilledWorkers).length, projects, projectsByVoltage: byVoltage };
}

function checkCategories(c: Collector, data: Data): void {
  const cats = arr(data.categories);
  c.need(cats.length > 0, SECTION.category, 'categories', '请至少选择一个申请类别（承装、承修、承试）及级别', 'Choose at least one category (install, repair, test) with its level');
  const seen = new Set<string>();
  cats.forEach((cat, i) => {
    const name = text(cat.category);
    c.need((POWER_CATEGORIES as readonly string[]).includes(name), SECTION.category, `categories.${i}.category`, '申请类别应为承装、承修或承试', 'The category must be install, repair or test');
    c.need((POWER_LEVELS as readonly string[]).includes(text(cat.level)), SECTION.category, `categories.${i}.level`, '请选择该类别的级别（一级至五级）', 'Choose the level of this category (1 to 5)');
    if (seen.has(name)) c.add(SECTION.category, `categories.${i}.category`, '同一类别只能申请一次', 'Each category once only');
    seen.add(name);
  });
}

function checkSubmitter(c: Collector, data: Data, now: Date): void {
  const s = obj(data.submitter);
  const type = text(s.type);
  c.need(type === 'legal-representative' || type === 'delegate', SECTION.submitter, 'submitter.type', '请选择提交方式：法定代表人提交或委托他人提交', 'Choose who submits: the legal representative or a delegate');
  c.need(!!text(s.name), SECTION.submitter, 'submitter.name', '请填写提交人姓名', "Enter the submitter's name");
  c.need(isValidIdNumber(text(s.idNumber), now), SECTION.submitter, 'submitter.idNumber', '提交人身份证号码缺失或不正确', "The submitter's ID number is missing or invalid");
  if (type === 'legal-representative') {
    c.need(hasFiles(s.legalRepresentativeStatement), SECTION.submitter, 'submitter.legalRepresentativeStatement', '法定代表人提交须上传法人声明', 'Submission by the legal representative needs the signed statement');
  } else if (type === 'delegate') {
    c.need(hasFiles(s.delegationLetter), SECTION.submitter, 'submitter.delegationLetter', '委托他人提交须上传授权委托书', 'Submission by a delegate needs the letter of authorisation');
  }
}

function checkPerson(c: Collector, section: string, key: string, p: Data, now: Date, opts: { training: boolean }): void {
  c.need(!!text(p.name), section, `${key}.name`, `${section.split(' ')[0]}：请填写姓名`, 'Enter the name');
  c.need(isValidIdNumber(text(p.idNumber), now), section, `${key}.idNumber`, `${section.split(' ')[0]}：身份证号码缺失或不正确`, 'The ID number is missing or invalid');
  c.need(!!text(p.title), section, `${key}.title`, `${section.split(' ')[0]}：请填写职称`, 'Enter the professional title');
  const work = arr(p.workHistory);
  c.need(work.length > 0, section, `${key}.workHistory`, `${section.split(' ')[0]}：请至少填写一条工作经历`, 'Add at least one work history entry');
  work.forEach((w, i) => {
    c.need(!!text(w.employer) && !!text(w.from), section, `${key}.workHistory.${i}`, `${section.split(' ')[0]}：工作经历须填写单位和起始时间`, 'Each work history entry needs the employer and the start');
    c.need(isValidMobile(text(w.refereePhone)), section, `${key}.workHistory.${i}.refereePhone`, `${section.split(' ')[0]}：证明人电话应为正确的手机号码`, "The referee's phone must be a valid mobile number");
  });
  if (opts.training) {
    c.need(arr(p.trainingHistory).length > 0, section, `${key}.trainingHistory`, `${section.split(' ')[0]}：请至少填写一条培训经历`, 'Add at least one training entry');
  }
}

function checkPeopleLists(c: Collector, data: Data, now: Date): void {
  const ids = new Map<string, string>();
  const list = (key: 'electricians' | 'skilledWorkers', section: string, certField: string, zhCert: string, enCert: string) => {
    const rows = arr(data[key]);
    c.need(rows.length > 0, section, key, `${section.split(' ')[0]}：请至少登记一人`, 'Register at least one person');
    rows.forEach((r, i) => {
      const id = text(r.idNumber).toUpperCase();
      c.need(!!text(r.name), section, `${key}.${i}.name`, `${section.split(' ')[0]}第 ${i + 1} 行：请填写姓名`, `Row ${i + 1}: enter the name`);
      if (!isValidIdNumber(id, now)) c.add(section, `${key}.${i}.idNumber`, `${section.split(' ')[0]}第 ${i + 1} 行：身份证号码缺失或不正确`, `Row ${i + 1}: the ID number is missing or invalid`);
      else if (ids.has(id)) c.add(section, `${key}.${i}.idNumber`, `${section.split(' ')[0]}第 ${i + 1} 行：身份证号码与${ids.get(id)}重复，同一人只能登记一次`, `Row ${i + 1}: the ID number repeats ${ids.get(id)}; a person is registered once only`);
      else ids.set(id, `${section.split(' ')[0]}第 ${i + 1} 行`);
      c.need(!!text(r[certField]), section, `${key}.${i}.${certField}`, `${section.split(' ')[0]}第 ${i + 1} 行：${zhCert}`, `Row ${i + 1}: ${enCert}`);
    });
  };
  list('electricians', SECTION.electricians, 'certificateNo', '请填写电工进网作业许可证编号', 'enter the electrician licence number');
  list('skilledWorkers', SECTION.skilledWorkers, 'trade', '请填写专业工种', 'enter the trade');
}

function checkProjects(c: Collector, data: Data, now: Date): void {
  const rows = arr(data.projects);
  rows.forEach((p, i) => {
    c.need(!!text(p.name), SECTION.projects, `projects.${i}.name`, `主要业绩第 ${i + 1} 行：请填写工程名称`, `Row ${i + 1}: enter the project name`);
    c.need((VOLTAGE_LEVELS as readonly string[]).includes(text(p.voltageLevel)), SECTION.projects, `projects.${i}.voltageLevel`, `主要业绩第 ${i + 1} 行：请选择电压等级`, `Row ${i + 1}: choose the voltage level`);
    c.need(!Number.isNaN(new Date(text(p.completedOn)).getTime()), SECTION.projects, `projects.${i}.completedOn`, `主要业绩第 ${i + 1} 行：请填写竣工日期`, `Row ${i + 1}: enter the completion date`);
  });
  c.need(computeTotals(data, now).projects > 0, SECTION.projects, 'projects', `请至少填写一项近 ${PROJECT_YEARS} 年内竣工的工程业绩`, `Add at least one project completed within the last ${PROJECT_YEARS} years`);
}

/**
 * The materials of each category applied for, at its level, and the common ones (on the fast
 * track the reduced set). A category named twice or not known is reported by checkCategories.
 */
function checkMaterials(c: Collector, data: Data, fastTrack: boolean): void {
  const materials = obj(data.materials);
  const common = obj(materials.common);
  for (const m of commonMaterials(fastTrack)) {
    c.need(hasFiles(common[m.key]), SECTION.materials, `materials.common.${m.key}`, `请上传${m.zh}`, `Upload the ${m.en}`);
  }
  const seen = new Set<string>();
  for (const cat of arr(data.categories)) {
    const category = text(cat.category) as PowerCategory;
    const level = text(cat.level);
    if (!(POWER_CATEGORIES as readonly string[]).includes(category) || !(POWER_LEVELS as readonly string[]).includes(level) || seen.has(category)) continue;
    seen.add(category);
    const given = obj(materials[category]);
    for (const m of materialsFor(category, level, fastTrack)) {
      c.need(hasFiles(given[m.key]), materialsSection(category), `materials.${category}.${m.key}`, `${CATEGORY_ZH[category]}类${LEVEL_ZH[level]}：请上传${m.zh}`, `${CATEGORY_EN[category]} (level ${level}): upload the ${m.en}`);
    }
  }
}

/** The missing materials by category (materials.<category>.…), the common ones under "common". */
function materialsByCategory(missing: MissingItem[]): Record<string, MissingItem[]> {
  const by: Record<string, MissingItem[]> = {};
  for (const m of missing) {
    const match = /^materials\.([a-z]+)\./.exec(m.field);
    if (match) (by[match[1]] ??= []).push(m);
  }
  return by;
}

/** The sections of a full application (new, item change, renewal): one set of rules for all three. */
function checkFullApplication(c: Collector, data: Data, now: Date, fastTrack: boolean): void {
  checkCategories(c, data);
  checkSubmitter(c, data, now);
  const equity = arr(data.equity);
  c.need(equity.length > 0, SECTION.equity, 'equity', '请填写股权结构', 'Enter the equity structure');
  if (equity.length) {
    const sum = equity.reduce((s, e) => s + (typeof e.share === 'number' ? e.share : Number(e.share) || 0), 0);
    c.need(equity.every((e) => !!text(e.holder)), SECTION.equity, 'equity', '股权结构：请填写每位股东名称', 'Name every shareholder');
    c.need(Math.abs(sum - 100) < 0.01, SECTION.equity, 'equity', `股权结构：持股比例合计应为 100%（现为 ${sum}%）`, `Equity shares must add up to 100% (now ${sum}%)`);
  }
  if (!data.technicalLead) c.add(SECTION.technicalLead, 'technicalLead', '请填写技术负责人', 'Enter the technical lead');
  else checkPerson(c, SECTION.technicalLead, 'technicalLead', obj(data.technicalLead), now, { training: false });
  if (!data.safetyLead) c.add(SECTION.safetyLead, 'safetyLead', '请填写安全负责人', 'Enter the safety lead');
  else checkPerson(c, SECTION.safetyLead, 'safetyLead', obj(data.safetyLead), now, { training: true });
  checkPeopleLists(c, data, now);
  checkProjects(c, data, now);
  checkMaterials(c, data, fastTrack);
}

/** Everything missing from an application of the given power-permit process, and its totals. */
export function checkCompleteness(processId: string, input: unknown, ctx: CompletenessContext): CompletenessResult {
  const data = obj(input);
  const c = new Collector();
  const now = ctx.now;
  const fastTrack = ctx.fastTrack === true;
  const needPermit = () => c.need(!!ctx.permit, SECTION.permit, 'permit', '您的单位没有有效的许可证，不能办理此项业务', 'Your unit holds no valid permit for this service');
  switch (processId) {
    case PROCESS.powerPermitNew: {
      c.need(!ctx.permit, SECTION.permit, 'permit', `您的单位已持有许可证 ${ctx.permit?.number ?? ''}，请办理变更或延续`, 'Your unit already holds a permit; apply for a change or renewal');
      const nature = text(data.nature);
      c.need(['new', 'merger', 'split'].includes(nature), SECTION.category, 'nature', '请选择申请性质：新申请、合并后申请或分立后申请', 'Choose the nature: new, after a merger or after a split');
      if (nature === 'merger' || nature === 'split') {
        c.need(hasFiles(data.natureAttachments), SECTION.category, 'natureAttachments', nature === 'merger' ? '合并后申请须上传合并协议等证明材料' : '分立后申请须上传分立决议等证明材料', 'An application after a merger or split needs its supporting documents');
      }
      checkFullApplication(c, data, now, fastTrack);
      break;
    }
    case PROCESS.powerPermitItemChange: {
      needPermit();
      checkFullApplication(c, data, now, fastTrack);
      if (ctx.permit) {
        const key = (l: Array<{ category: string; level: string }>) => JSON.stringify(l.map((x) => `${x.category}:${x.level}`).sort());
        const requested = arr(data.categories).map((x) => ({ category: text(x.category), level: text(x.level) }));
        c.need(key(requested) !== key(ctx.permit.categories), SECTION.category, 'categories', '许可事项变更须变更类别或级别', 'An item change must change a category or a level');
      }
      break;
    }
    case PROCESS.powerPermitRenewal: {
      needPermit();
      checkFullApplication(c, data, now, fastTrack);
      break;
    }
    case PROCESS.powerPermitRegistrationChange: {
      needPermit();
      checkSubmitter(c, data, now);
      const after = obj(data.after);
      const fields: Array<[string, keyof CompletenessContext['unit']]> = [['name', 'name'], ['legalRepresentative', 'legalRepresentative'], ['address', 'address']];
      const changed = fields.filter(([f, u]) => text(after[f]) && text(after[f]) !== ctx.unit[u]);
      c.need(changed.length > 0, SECTION.change, 'after', '请至少变更一项登记事项（单位名称、法定代表人、住所）', 'Change at least one registered item (name, legal representative, address)');
      // the fast track reads the licence through information sharing (seed 004 §4.2 自贸区)
      if (!fastTrack) c.need(hasFiles(data.proof), SECTION.attachments, 'proof', '请上传变更证明材料（如变更后的营业执照）', 'Upload the proof of the change');
      break;
    }
    case PROCESS.powerPermitReissue: {
      needPermit();
      checkSubmitter(c, data, now);
      c.need(['lost', 'damaged', 'replace'].includes(text(data.reason)), SECTION.change, 'reason', '请选择补（换）证原因：遗失、损毁或换证', 'Choose the reason: lost, damaged or replacement');
      // the fast track: the licensing authority publishes the notice on its website (seed 004 §4.5 自贸区)
      if (text(data.reason) === 'lost' && !fastTrack) c.need(hasFiles(data.lostNotice), SECTION.attachments, 'lostNotice', '遗失补证须上传在规定媒体刊登的遗失声明', 'A lost permit needs the loss notice as published');
      break;
    }
    case PROCESS.powerPermitCancel: {
      needPermit();
      checkSubmitter(c, data, now);
      c.need(!!text(data.cancelItems), SECTION.change, 'cancelItems', '请填写注销事项', 'Describe what is to be cancelled');
      break;
    }
    case PROCESS.personnelChange: {
      needPermit();
      const changes = arr(data.changes);
      c.need(changes.length > 0, SECTION.personnel, 'changes', '请至少添加一项人员入职或离职', 'Add at least one person joining or leaving');
      const registered = new Set((ctx.permit?.personnel ?? []).map((p) => p.idNumber.toUpperCase()));
      const seen = new Set<string>();
      changes.forEach((ch, i) => {
        const id = text(ch.idNumber).toUpperCase();
        const action = text(ch.action);
        c.need(action === 'join' || action === 'leave', SECTION.personnel, `changes.${i}.action`, `第 ${i + 1} 项：请选择入职或离职`, `Item ${i + 1}: choose join or leave`);
        c.need((PERSON_ROLES as readonly string[]).includes(text(ch.role)), SECTION.personnel, `changes.${i}.role`, `第 ${i + 1} 项：请选择人员类型`, `Item ${i + 1}: choose the kind of person`);
        c.need(!!text(ch.name), SECTION.personnel, `changes.${i}.name`, `第 ${i + 1} 项：请填写姓名`, `Item ${i + 1}: enter the name`);
        if (!isValidIdNumber(id, now)) c.add(SECTION.personnel, `changes.${i}.idNumber`, `第 ${i + 1} 项：身份证号码缺失或不正确`, `Item ${i + 1}: the ID number is missing or invalid`);
        else if (seen.has(id)) c.add(SECTION.personnel, `changes.${i}.idNumber`, `第 ${i + 1} 项：同一人只能出现一次`, `Item ${i + 1}: a person appears once only`);
        else if (action === 'leave' && !registered.has(id)) c.add(SECTION.personnel, `changes.${i}.idNumber`, `第 ${i + 1} 项：该人员未在本单位登记，不能办理离职`, `Item ${i + 1}: this person is not registered with the unit`);
        else if (action === 'join' && registered.has(id)) c.add(SECTION.personnel, `changes.${i}.idNumber`, `第 ${i + 1} 项：该人员已在本单位登记`, `Item ${i + 1}: this person is already registered`);
        seen.add(id);
        if (action === 'join') c.need(hasFiles(ch.attachments), SECTION.personnel, `changes.${i}.attachments`, `第 ${i + 1} 项：入职人员须上传证书或劳动合同`, `Item ${i + 1}: a person joining needs a certificate or contract`);
      });
      break;
    }
    default:
      c.add(SECTION.permit, 'processId', '不是承装（修、试）许可业务', 'Not a power-permit process');
  }
  return { complete: c.items.length === 0, missing: c.items, totals: computeTotals(data, now), materialsByCategory: materialsByCategory(c.items) };
}
