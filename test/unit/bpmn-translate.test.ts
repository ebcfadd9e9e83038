/**
 * The modeler's strings: the two bpmn catalogues hold the same keys; the palette, the context pad
 * and the replace menu (what an admin sees first) are all in Chinese; placeholders are filled;
 * a string the catalogue lacks stays as it is; the diagram and template texts show one language.
 */
import fs from 'node:fs';
import path from 'node:path';
import zhCN from '../../web/src/i18n/bpmn.zh-CN.json';
import en from '../../web/src/i18n/bpmn.en.json';
import { translateModule } from '../../web/src/components/BpmnTranslate';
import { localizeDiagramNames, localizeTemplates, pickLanguage } from '../../web/src/components/BpmnNames';

const BPMN_JS = path.join(__dirname, '..', '..', 'node_modules', 'bpmn-js', 'lib', 'features');
const translateOf = (locale: string) => translateModule(locale).translate[1] as (s: string, r?: Record<string, unknown>) => string;

/** The literal strings a bpmn-js source file passes to translate(…) or lists as a replace label. */
function stringsOf(file: string): string[] {
  const src = fs.readFileSync(path.join(BPMN_JS, file), 'utf8');
  return [...src.matchAll(/translate\(\s*'([^']+)'/g), ...src.matchAll(/label: '([^']+)'/g)].map((m) => m[1]);
}

it('has the same keys in both catalogues', () => {
  expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
});

it.each(['palette/PaletteProvider.js', 'context-pad/ContextPadProvider.js', 'replace/ReplaceOptions.js'])('translates every string of %s', (file) => {
  const strings = stringsOf(file);
  expect(strings.length).toBeGreaterThan(5);
  const zh = translateOf('zh-CN');
  expect(strings.filter((s) => !/[\u4e00-\u9fff]/.test(zh(s)))).toEqual([]);
});

it('fills placeholders and leaves unknown strings alone', () => {
  const zh = translateOf('zh-CN');
  expect(zh('{label} must not be empty.', { label: '名称' })).toBe('名称不能为空。');
  expect(zh('Something new {x}', { x: 1 })).toBe('Something new 1');
  expect(translateOf('en')('Append task')).toBe('Append task');
});

it('shows one language of the models’ bilingual names and template texts', () => {
  expect(pickLanguage('审核资质 Review qualification', 'zh-CN')).toBe('审核资质');
  expect(pickLanguage('计算审核期限 Review due date (3 working days)', 'en')).toBe('Review due date (3 working days)');
  expect(localizeDiagramNames('<bpmn:task id="a" name="审核 Review" />', 'en')).toBe('<bpmn:task id="a" name="Review" />');
  const [tpl] = localizeTemplates([{ name: '发送邮件 / Send e-mail', properties: [{ label: '邮件模板 Mail template', binding: { type: 'zeebe:input', name: 'template' } }] }], 'zh-CN');
  expect(tpl).toEqual({ name: '发送邮件', properties: [{ label: '邮件模板', binding: { type: 'zeebe:input', name: 'template' } }] });
});
