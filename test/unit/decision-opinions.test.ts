/**
 * Decisions carry reasons: every shipped form (forms/, shared sections resolved as deployed) whose
 * decision offers a value against the applicant (reject, return, correction, rectification, redo,
 * fails, re-review) is checked by the server's own check of a task submission
 * (api/tasks/pipeline.ts checkDecisionForm): that value without an opinion is refused naming a
 * text field (the opinion), the same value with that field filled is not refused for it, and a
 * positive value asks for no opinion.
 */
import path from 'node:path';
import { checkDecisionForm, OPINION_REQUIRED } from '../../api/tasks/pipeline';
import { NEGATIVE_DECISIONS } from '../../domain/form-lint';
import type { FormDefinition } from '../../domain/formio';
import { readForm } from '../../domain/form-sections';
import { formFiles } from '../../domain/models';

type Node = Record<string, unknown> & { key?: string; type?: string; values?: Array<{ value: string }> };

function components(schema: Record<string, unknown>): Node[] {
  const out: Node[] = [];
  const walk = (cs: unknown) => {
    for (const c of (Array.isArray(cs) ? cs : []) as Node[]) {
      out.push(c);
      walk(c.components);
      for (const col of (Array.isArray(c.columns) ? c.columns : []) as Node[]) walk(col.components);
    }
  };
  walk(schema.components);
  return out;
}

/** what reads as a decision against the applicant, whatever the form calls it */
const AGAINST = /reject|return|redo|fail|correct|rectif|re-review/;
/** the fields that carry words: a text, or a list of flagged items each with its reason (a correction notice) */
const TEXT = new Set(['textarea', 'textfield', 'datagrid']);
const WORDS = '材料不全，请补充营业执照副本';
/** an opinion as the reviewer gives it: the text, or one row of the list (its first option, its words) */
const opinionValue = (c: Node, words: string): unknown =>
  c.type !== 'datagrid'
    ? words
    : [Object.fromEntries(((c.components as Node[]) ?? []).map((i) => [i.key, (i.values ?? (i.data as Node | undefined)?.values as Node['values'])?.[0]?.value ?? words]))];

const forms = formFiles().map((file) => ({ key: path.basename(file, '.json'), schema: readForm(file) }));
const decisions = forms.flatMap(({ key, schema }) =>
  components(schema)
    .filter((c) => (c.key === 'decision' || c.key === 'conclusion') && Array.isArray(c.values))
    .map((c) => ({ form: key, schema, field: c.key!, values: c.values!.map((v) => String(v.value)) })),
);
const negative = decisions.flatMap((d) => d.values.filter((v) => AGAINST.test(v)).map((value) => [`${d.form}: ${d.field}=${value}`, { ...d, value }] as const));

it('walks every review form that can decide against the applicant', () => {
  const covered = new Set(negative.map(([, d]) => d.form));
  // registration, appeal, qualification, info change, publicity, appraisal, licensing, power permit
  for (const f of [
    'unit-registration-review', 'account-appeal-review', 'unit-qualification-review', 'unit-info-change-review', 'publicity-application-review', 'publicity-cancel-review',
    'identity-manual-verification-review', 'appraisal-pre-review', 'appraisal-invitation-review', 'appraisal-conclusion', 'appraisal-rectification-verify',
    'inspector-qualification-accept', 'inspector-qualification-review', 'production-licence-formal-review', 'production-licence-dates-opinion', 'production-licence-appraisal',
    'production-licence-decision', 'power-permit-formal-review', 'power-permit-substantive-review', 'power-permit-committee', 'power-permit-sign-off', 'personnel-change-review',
  ]) expect({ f, covered: covered.has(f) }).toEqual({ f, covered: true });
});

it.each(negative)('%s needs an opinion: refused naming it, accepted once given', (_name, d) => {
  // the value is one the pipeline knows goes against the applicant
  expect(NEGATIVE_DECISIONS.has(d.value)).toBe(true);
  const texts = new Map(components(d.schema).filter((c) => TEXT.has(String(c.type)) && c.key).map((c) => [c.key!, c]));
  const refused = checkDecisionForm(d.schema as unknown as FormDefinition, { [d.field]: d.value });
  const opinion = Object.keys(refused.errors).filter((k) => texts.has(k));
  expect({ opinionNamed: opinion.length > 0, errors: refused.errors }).toEqual({ opinionNamed: true, errors: refused.errors });
  expect(refused.errors[opinion[0]]).toMatch(/[\u4e00-\u9fa5]/);
  // given (whitespace is no opinion)
  const withOpinion = (words: string) => ({ [d.field]: d.value, ...Object.fromEntries(opinion.map((k) => [k, opinionValue(texts.get(k)!, words)])) });
  const blank = checkDecisionForm(d.schema as unknown as FormDefinition, withOpinion('  ')).errors;
  expect(Object.keys(blank).some((k) => opinion.some((o) => k === o || k.startsWith(`${o}.`)))).toBe(true);
  const given = checkDecisionForm(d.schema as unknown as FormDefinition, withOpinion(WORDS));
  for (const k of opinion) expect(Object.keys(given.errors).filter((e) => e === k || e.startsWith(`${k}.`))).toEqual([]);
});

it.each(decisions.flatMap((d) => d.values.filter((v) => !AGAINST.test(v)).map((value) => [`${d.form}: ${d.field}=${value}`, { ...d, value }] as const)))('%s asks for no opinion', (_name, d) => {
  const r = checkDecisionForm(d.schema as unknown as FormDefinition, { [d.field]: d.value });
  expect(Object.values(r.errors)).not.toContain(OPINION_REQUIRED);
  expect(NEGATIVE_DECISIONS.has(d.value)).toBe(false);
});
