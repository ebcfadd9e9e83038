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
});
