/**
 * A Form.io field's domain format (properties.format) is one rule on both sides: the server's form
 * check applies the rule and message the API's JSON schemas use (the browser's form applies the
 * same FORMATS entry, see web/src/components/form-schema.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { validateSubmission, type FormComponent } from '../../domain/formio';
import { createAjv, fieldErrorsOf } from '../../domain/schema';
import { FORMATS, MESSAGES } from '../../domain/validators';
import { ROOT } from '../../core/config';
import { freshUscc } from '../support/fixtures';
import { readForm } from '../../domain/form-sections';
import { domainFormats, REVIEW_PAGE, reviewSections, withReviewPage, wizardPages } from '../../web/src/components/form-schema';

const field = (key: string, format: string): FormComponent => ({ type: 'textfield', key, input: true, validate: { required: true }, properties: { format } });

describe('domain formats on form fields', () => {
  it('refuses a USCC with a wrong check character and a bad mobile, with the domain messages', () => {
    const form = { components: [field('uscc', 'uscc'), field('mobile', 'cn-mobile'), field('idNumber', 'cn-id-number')] };
    const { errors } = validateSubmission(form, { uscc: '91110105M104BT528H', mobile: '12812340000', idNumber: '11010519491231002X' });
    expect(errors).toEqual({ uscc: MESSAGES.uscc, mobile: MESSAGES.mobile });
    expect(validateSubmission(form, { uscc: freshUscc(), mobile: '13812340000', idNumber: '11010519491231002X' }).errors).toEqual({});
  });

  it('gives the same answer as the JSON schemas for every format', () => {
    const ajv = createAjv();
    const samples = ['91110105M104BT528H', '91110105M104BT528Y', freshUscc(), '13812340000', '100022', '010-65001234', 'a@b.cn', 'Secret2026', 'abc', '11010519491231002X', ''];
    for (const [name, rule] of Object.entries(FORMATS)) {
      const check = ajv.compile({ type: 'string', format: name });
      for (const s of samples) {
        expect([name, s, rule.test(s)]).toEqual([name, s, check(s)]);
        if (!check(s)) expect(fieldErrorsOf(check.errors)['(body)']).toBe(rule.message);
      }
    }
  });

  it('the registration form names the formats its fields must have', () => {
    const form = JSON.parse(fs.readFileSync(path.join(ROOT, 'forms', 'unit-registration.json'), 'utf8'));
    const formats: Record<string, string> = {};
    const walk = (c: { key?: string; properties?: { format?: string }; components?: unknown[] }) => {
      if (c.key && c.properties?.format) formats[c.key] = c.properties.format;
      (c.components ?? []).forEach((x) => walk(x as typeof c));
    };
    form.components.forEach(walk);
    expect(formats).toMatchObject({ 'unit.uscc': 'uscc', 'contact.mobile': 'cn-mobile', 'contact.email': 'pf-email', 'contact.password': 'pf-password' });
    expect(Object.values(formats).every((f) => f in FORMATS)).toBe(true);
  });

  // the applicant's application forms: each step is checked before the next by the same rule as on
  // the server (FormioForm applies domainFormats to every form), and a wizard ends with its summary
  const APPLICATION_FORMS = ['unit-registration', 'production-licence', 'publicity-application', 'power-permit-new', 'power-permit-registration-change', 'power-permit-item-change', 'power-permit-renewal', 'power-permit-reissue', 'power-permit-cancel', 'personnel-change'];
  type C = { key?: string; type?: string; disabled?: boolean; input?: boolean; properties?: { format?: string }; validate?: { json?: unknown }; components?: C[]; columns?: Array<{ components?: C[] }> };
  const fieldsOf = (list: C[] | undefined, grid = false, out: Array<{ c: C; grid: boolean }> = []) => {
    for (const c of list ?? []) {
      if (c.input && c.key) out.push({ c, grid });
      fieldsOf(c.components, grid || c.type === 'datagrid' || c.type === 'editgrid', out);
      for (const col of c.columns ?? []) fieldsOf(col.components, grid, out);
    }
    return out;
  };

  it.each(APPLICATION_FORMS)('%s: ID numbers, mobiles and USCCs typed by the applicant are checked in the browser by the server\'s rule', (key) => {
    const form = readForm(path.join(ROOT, 'forms', `${key}.json`)) as { display?: string; components: C[] };
    const domainValued = fieldsOf(form.components).filter(({ c }) => /(idNumber|[mM]obile|uscc|refereePhone)$/.test(c.key!) && !c.disabled);
    expect(domainValued.length).toBeGreaterThan(0);
    const shown = fieldsOf(domainFormats(form, 'zh-CN').components);
    for (const { c, grid } of domainValued) {
      const format = c.properties?.format;
      expect([key, c.key, format && format in FORMATS]).toEqual([key, c.key, true]);
      // the browser's rule: the same format, the server's message
      const rule = shown.find((x) => x.c.key === c.key)!.c.validate?.json;
      expect(rule).toEqual({ if: [{ pfValid: [format, { var: 'input' }] }, true, FORMATS[format!].message.split(' / ')[0]] });
      // the server's form check refuses a bad value with that message
      if (!grid) {
        const bad = format === 'uscc' ? '91110105M104BT528H' : format === 'cn-id-number' ? '110105194912310021' : '12812340000';
        const data = c.key!.split('.').reduceRight<unknown>((v, k) => ({ [k]: v }), bad) as Record<string, unknown>;
        expect(validateSubmission(form as never, data).errors[c.key!]).toBe(FORMATS[format!].message);
      }
    }
  });

  it('every application wizard ends with the summary page listing each step\'s fields', () => {
    for (const key of APPLICATION_FORMS) {
      const form = readForm(path.join(ROOT, 'forms', `${key}.json`)) as { display?: string; components: C[] };
      if (form.display !== 'wizard') continue;
      const steps = wizardPages(form as never);
      const reviewed = withReviewPage(form as never, '确认', '请核对') as { components: Array<{ key: string }> };
      expect(reviewed.components.map((p) => p.key)).toEqual([...steps.map((p) => p.key), REVIEW_PAGE]);
      const summary = reviewSections(reviewed as never, {}, { divisionName: (c) => c, yes: '是', no: '否' });
      expect(summary.map((s) => s.key)).toEqual(steps.map((p) => p.key));
      expect(summary.every((s) => s.rows.length > 0)).toBe(true);
    }
  });
});
