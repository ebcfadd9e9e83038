/**
 * The service catalogue (办事指南): one guide per service an applicant starts, generated from the
 * registry (STARTABLE, plus the unit registration with its own endpoint), the BPMN model (its steps:
 * the user-task names in order of appearance, a called process's included) and the start form (its materials: the file-upload
 * fields with their accepted formats and size limits). Time limits come from the area's rules;
 * fees and legal basis are given only where the rules define them (null otherwise, never
 * invented). Built once per process (the files do not change while it runs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { LICENCE_STATUTORY_WORKING_DAYS } from './licensing/rules';
import { FORMS_DIR, loadModels } from './models';
import { readForm } from './form-sections';
import { STATUTORY_DAYS } from './power-permit/rules';
import { ACCOUNTS_FORM, ACCOUNTS_PROCESS, PROCESS, ProcessId, STARTABLE, StartableProcess } from './registry';

export interface Material {
  key: string;
  label: string;
  /** accepted file extensions (from the field's filePattern), empty when any */
  formats: string[];
  /** as the form states it (e.g. "5MB"), and in bytes; null when the form sets none */
  maxSize: string | null;
  maxBytes: number | null;
  required: boolean;
  multiple: boolean;
}

export interface TimeLimit {
  workingDays: number;
  /** statutory (法定) or promised (承诺) */
  kind: 'statutory' | 'promised';
  /** the shorter limit for units in the free-trade zone, where the rules give one */
  fastTrackWorkingDays: number | null;
  note: string | null;
}

export interface ServiceGuide {
  area: string;
  processId: string;
  name: string;
  /** who may apply: 'visitor' (no account yet), 'unit-main', 'unit:<area>' (main account or a sub-account with the area), 'person' */
  applicants: string[];
  applicantText: string;
  /** the endpoint that starts it */
  startWith: string;
  formKey: string;
  materials: Material[];
  steps: string[];
  timeLimit: TimeLimit | null;
  fees: string | null;
  legalBasis: string | null;
}

const REGISTRATION: StartableProcess = {
  formKey: ACCOUNTS_FORM.unitRegistration,
  numberPrefix: 'REG',
  title: '单位注册 Unit registration',
  area: 'qualification',
  via: 'applications',
  applicant: 'unit',
};

/** "5MB", "500KB", "1 GB", "2048" → bytes. */
export function sizeInBytes(size: unknown): number | null {
  if (typeof size !== 'string' && typeof size !== 'number') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)?\s*$/i.exec(String(size));
  if (!m) return null;
  const unit = (m[2] ?? '').toUpperCase().replace('B', '');
  const factor = unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * factor);
}

type Node = Record<string, unknown>;

/** The file-upload fields of a form (nested panels, columns, tables included), in order. */
export function materialsOf(form: Node): Material[] {
  const out: Material[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const c = v as Node;
    if (c.type === 'file' && typeof c.key === 'string') {
      const pattern = typeof c.filePattern === 'string' ? c.filePattern : '';
      out.push({
        key: c.key,
        label: typeof c.label === 'string' ? c.label : c.key,
        formats: pattern.split(',').map((s) => s.trim().replace(/^\*?\./, '').toLowerCase()).filter((s) => s && s !== '*'),
        maxSize: typeof c.fileMaxSize === 'string' ? c.fileMaxSize : null,
        maxBytes: sizeInBytes(c.fileMaxSize),
        required: (c.validate as Node | undefined)?.required === true,
        multiple: c.multiple === true,
      });
      return;
    }
    for (const k of ['components', 'columns', 'rows']) if (k in c) walk(c[k]);
  };
  walk(form.components);
  return out;
}

function timeLimitOf(processId: string): TimeLimit | null {
  const pp = STATUTORY_DAYS[processId as ProcessId];
  if (pp) return { workingDays: pp.normal, kind: 'statutory', fastTrackWorkingDays: pp.fastTrack, note: '自受理之日起计算 / Counted from acceptance' };
  if (processId === PROCESS.productionLicence) {
    return { workingDays: LICENCE_STATUTORY_WORKING_DAYS, kind: 'statutory', fastTrackWorkingDays: null, note: '自受理之日起计算，鉴定评审时间不计入 / Counted from acceptance; time at the appraisal agency is not counted' };
  }
  return null;
}

function applicantsOf(processId: string, s: StartableProcess): { applicants: string[]; text: string } {
  if (processId === ACCOUNTS_PROCESS.unitRegistration) return { applicants: ['visitor'], text: '尚未注册的单位（无需登录） / Units not yet registered (no sign-in needed)' };
  if (s.applicant === 'person') return { applicants: ['person'], text: '个人（以本人帐号登录；帐号在“特种设备许可帐号注册”自行注册，短信验证码确认） / Individuals, signed in with their own account (self-registered, confirmed by an SMS code)' };
  if (s.area === 'power-permit') return { applicants: ['unit-main'], text: '单位主帐号 / The unit main account' };
  return { applicants: ['unit-main', `unit:${s.area}`], text: `单位主帐号，或有“${s.area}”权限的子帐号 / The unit main account, or a sub-account with the ${s.area} permission` };
}

const START_WITH: Record<StartableProcess['via'], string> = {
  applications: 'POST /api/applications',
  'power-permits': 'POST /api/power-permits/applications',
};

/** The user-task names of a model in order of appearance, a called process's in place of its call. */
export function stepsOf(processId: string, seen = new Set<string>()): string[] {
  const model = loadModels().find((m) => m.id === processId);
  if (!model || seen.has(processId)) return [];
  seen.add(processId);
  const xml = fs.readFileSync(model.file, 'utf8');
  const called = [...xml.matchAll(/calledElement\s+processId="([^"]+)"/g)].map((m) => m[1]);
  return [...new Set([...model.userTasks.map((t) => t.name), ...called.flatMap((id) => stepsOf(id, seen))])];
}

function guide(processId: string, s: StartableProcess): ServiceGuide {
  const model = loadModels().find((m) => m.id === processId);
  const form = readForm(path.join(FORMS_DIR, `${s.formKey}.json`));
  const who = applicantsOf(processId, s);
  return {
    area: s.area,
    processId,
    name: model?.name ?? s.title,
    applicants: who.applicants,
    applicantText: who.text,
    startWith: processId === ACCOUNTS_PROCESS.unitRegistration ? 'POST /api/registrations' : START_WITH[s.via],
    formKey: s.formKey,
    materials: materialsOf(form),
    steps: stepsOf(processId),
    timeLimit: timeLimitOf(processId),
    fees: null,
    legalBasis: null,
  };
}

let cached: ServiceGuide[] | undefined;
/** Every startable service's guide, by area (built on first use, then kept). */
export function serviceCatalogue(): ServiceGuide[] {
  if (!cached) {
    const entries: Array<[string, StartableProcess]> = [[ACCOUNTS_PROCESS.unitRegistration, REGISTRATION], ...Object.entries(STARTABLE).filter((e): e is [string, StartableProcess] => !!e[1])];
    cached = entries.map(([id, s]) => guide(id, s));
  }
  return cached;
}
