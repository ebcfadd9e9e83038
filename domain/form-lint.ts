/**
 * Lint for Form.io forms before the form editor saves a version (and over forms/ in the tests):
 * keys present, well-formed and unique; every required input labelled in Chinese and in English.
 *
 * English labels: PermitFlow's forms carry both languages in the label itself ("单位名称 Unit
 * name", Chinese first). A label in Chinese only may instead give its English text in the
 * component's custom property `labelEn` (Form.io builder → API → Custom Properties), which
 * keeps it out of the Chinese page. Returns field errors keyed by the component key.
 */
export interface LintComponent {
  type?: string;
  key?: string;
  label?: string;
  input?: boolean;
  validate?: { required?: boolean };
  properties?: Record<string, string>;
  components?: LintComponent[];
  columns?: unknown;
  rows?: unknown;
  [k: string]: unknown;
}

export type FormLintErrors = Record<string, string>;

const CJK = /[\u3400-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{2,}/;
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
/** components that hold others and carry no value of their own */
const LAYOUT = new Set(['panel', 'columns', 'fieldset', 'well', 'table', 'tabs', 'htmlelement', 'content', 'button']);

function children(c: LintComponent): LintComponent[] {
  // (a textarea's `rows` is a number, a table's a grid of cells)
  const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  return [
    ...arr<LintComponent>(c.components),
    ...arr<{ components?: LintComponent[] }>(c.columns).flatMap((col) => arr<LintComponent>(col?.components)),
    ...arr<unknown>(c.rows).flatMap((row) => arr<{ components?: LintComponent[] }>(row).flatMap((cell) => arr<LintComponent>(cell?.components))),
  ];
}

/** Checks one Form.io form definition; an empty object means no errors. */
export function lintForm(schema: unknown): FormLintErrors {
  const errors: FormLintErrors = {};
  const form = schema as { components?: unknown; title?: unknown };
  if (!form || typeof form !== 'object' || !Array.isArray(form.components)) return { components: '表单须有组件列表 / The form needs a components list' };
  if (typeof form.title !== 'string' || !CJK.test(form.title)) errors.title = '表单标题须含中文 / The form title must be in Chinese (and English)';
  const seen = new Map<string, number>();
  let unnamed = 0;
  const visit = (c: LintComponent, scope: string) => {
    if (!c || typeof c !== 'object') return;
    const isInput = c.input === true && !LAYOUT.has(String(c.type));
    if (isInput || c.key !== undefined) {
      const key = typeof c.key === 'string' ? c.key : '';
      if (!key) errors[`component-${++unnamed}`] = `组件（${c.label ?? c.type}）缺少键 / A component (${c.label ?? c.type}) has no key`;
      else if (!KEY.test(key)) errors[key] = `键 ${key} 只能含字母、数字、_ 和 - / The key ${key} may hold letters, digits, _ and - only`;
      else {
        const full = scope + key;
        seen.set(full, (seen.get(full) ?? 0) + 1);
        if (seen.get(full) === 2) errors[key] = `键 ${key} 重复 / The key ${key} is used more than once`;
      }
    }
    if (isInput && c.validate?.required && typeof c.key === 'string' && !errors[c.key]) {
      const label = String(c.label ?? '').trim();
      const en = String(c.properties?.labelEn ?? '').trim();
      if (!CJK.test(label)) errors[c.key] = `必填项 ${c.key} 须有中文标签 / The required field ${c.key} needs a Chinese label`;
      else if (!LATIN_WORD.test(label.replace(/[\u3400-\u9fff]/g, ' ')) && !LATIN_WORD.test(en))
        errors[c.key] = `必填项 ${c.key} 须有英文标签（写在中文之后，或自定义属性 labelEn） / The required field ${c.key} needs an English label (after the Chinese, or the custom property labelEn)`;
    }
    // a data grid's rows are their own scope: its columns' keys may repeat keys outside it
    const inner = ['datagrid', 'editgrid', 'container'].includes(String(c.type)) && c.key ? `${scope}${c.key}.` : scope;
    for (const child of children(c)) visit(child, inner);
  };
  for (const c of form.components as LintComponent[]) visit(c, '');
  Object.assign(errors, opinionErrors(form.components as LintComponent[]));
  return errors;
}

/** The fields that carry the reviewer's words to the applicant. */
export const OPINION_KEYS = ['reason', 'opinion', 'findings', 'remarks'];

/**
 * The opinion field a negative decision leaves empty (the first opinion field of the submission's
 * form that is empty), or undefined when the decision is not negative or the opinion is given.
 */
export function missingOpinion(values: Record<string, unknown>, formKeys: string[]): string | undefined {
  const decision = [values.decision, values.conclusion].find((v) => typeof v === 'string') as string | undefined;
  if (!decision || !NEGATIVE_DECISIONS.has(decision)) return undefined;
  const fields = OPINION_KEYS.filter((k) => formKeys.includes(k));
  if (!fields.length || fields.some((k) => typeof values[k] === 'string' && (values[k] as string).trim())) return undefined;
  // a correction notice's flagged fields carry its words
  if (Array.isArray(values.corrections) && values.corrections.length) return undefined;
  return fields[0];
}

/** Decisions that go against the applicant: each needs the reviewer's words for them. */
export const NEGATIVE_DECISIONS = new Set(['reject', 'return', 'redo', 'failed', 'fails', 'correct', 'rectification', 're-review']);

/**
 * A decision field (decision / conclusion) offering a negative value needs a text field shown for
 * that value: a required one, or an opinion field (reason, opinion, findings, remarks), which the
 * task pipeline requires for a negative decision (missingOpinion).
 */
function opinionErrors(components: LintComponent[]): FormLintErrors {
  const all: LintComponent[] = [];
  const walk = (cs: LintComponent[]) => cs.forEach((c) => (all.push(c), walk(children(c))));
  walk(components);
  const errors: FormLintErrors = {};
  for (const d of all.filter((c) => (c.key === 'decision' || c.key === 'conclusion') && Array.isArray(c.values))) {
    for (const { value } of d.values as Array<{ value: string }>) {
      if (!NEGATIVE_DECISIONS.has(value)) continue;
      const opinion = all.find((c) => {
        const cond = c.conditional as { when?: string; eq?: string } | undefined;
        const shown = !cond?.when || (cond.when === d.key && cond.eq === value);
        const text = ['textarea', 'textfield', 'datagrid'].includes(String(c.type)) && c.key !== d.key;
        // required when shown for it, or an opinion field the pipeline requires for a negative decision
        return text && shown && (c.validate?.required || OPINION_KEYS.includes(String(c.key)));
      });
      if (!opinion) errors[d.key!] = `结论“${value}”须有必填的意见栏 / The decision "${value}" needs a required opinion field shown for it`;
    }
  }
  return errors;
}
