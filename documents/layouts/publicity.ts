/**
 * The publicity documents: the application form 执业公示申请表 (to print, sign, stamp and upload),
 * the publicity certificate 执业公示证明 and the cancellation request 注销申请表.
 */
import type { DocLayout } from '../render';
import { PUBLICITY_TYPE_LABEL, type PublicityType } from '../../domain/publicity/ids';
import { COMMITMENTS, GRADES, ITEMS, addDays, UPLOAD_WINDOW } from '../../domain/publicity/rules';
import type { CancelData } from '../../domain/publicity/ops';

const WINDOW_DAYS = Number(UPLOAD_WINDOW.replace(/\D/g, ''));

/** The rows a publicity application's documents are made from. */
export interface PublicityFacts {
  app: { number: string; data: unknown };
  row: { type: PublicityType; items: Array<{ itemCode: string; grade: number }>; mobile?: string | null };
  person: { name: string; id_number: string; mobile?: string | null; gender?: string | null; work_years?: number | null };
  unit?: { name: string; uscc: string; address?: string | null };
  previous?: { name: string };
}

const itemsTable = (items: Array<{ itemCode: string; grade: number }>) => ({
  columns: ['项目代号 Code', '资质项目 Item', '级别 Grade'],
  rows: items.map((i) => [i.itemCode, ITEMS[i.itemCode]?.name ?? '', GRADES[i.grade] ?? String(i.grade)]),
});

export function applicationFormLayout(f: PublicityFacts, issuedOn: string): DocLayout {
  const { app, row, person, unit, previous } = f;
  return {
    title: '特种设备检验检测人员执业公示申请表',
    subtitle: `申报类型：${PUBLICITY_TYPE_LABEL[row.type]} / ${row.type}`,
    number: { label: '申报单号', value: app.number },
    sections: [
      {
        heading: '执业人员 Practitioner',
        fields: [
          ['姓名', person.name],
          ['身份证号', person.id_number],
          ['手机号码', row.mobile ?? person.mobile ?? ''],
          ['性别', person.gender ?? ''],
          ['工作年限', person.work_years != null ? `${person.work_years} 年` : ''],
        ],
      },
      {
        heading: '申报单位 Unit',
        fields: [
          ['单位名称', unit?.name ?? ''],
          ['统一社会信用代码', unit?.uscc ?? ''],
          ['单位地址', unit?.address ?? ''],
          ...(previous ? ([['原执业单位', previous.name]] as Array<[string, string]>) : []),
        ],
      },
      { heading: '申报资质项目 Items', table: itemsTable(row.items) },
      { heading: '承诺 Commitments', paragraphs: COMMITMENTS.map((c, i) => `${i + 1}. ${c}`) },
    ],
    signatures: ['执业人员签字 Practitioner', '单位授权人签字 Authorised person', '单位公章 Unit stamp'],
    note: `请于 ${addDays(issuedOn, WINDOW_DAYS)} 前打印本表，经执业人员本人、单位授权人签字并加盖单位公章后拍照上传，并填写执业人员收到的短信确认码；逾期本申请作废。`,
  };
}

export function certificateLayout(f: PublicityFacts): DocLayout {
  const data = f.app.data as { certificateNo?: string; validUntil?: string };
  return {
    title: '特种设备检验检测人员执业公示证明',
    number: { label: '证明编号', value: data.certificateNo ?? '' },
    sections: [
      { fields: [['姓名', f.person.name], ['身份证号', f.person.id_number], ['执业单位', f.unit?.name ?? ''], ['申报单号', f.app.number], ['公示类型', PUBLICITY_TYPE_LABEL[f.row.type]], ['有效期至', data.validUntil ?? '']] },
      { heading: '公示资质项目 Items', table: itemsTable(f.row.items) },
    ],
    signatures: ['发证机构（盖章）Issuer'],
    note: '本证明可通过下方二维码或验证码在 PermitFlow 公共查询中核验。',
  };
}

/** The cancellation request form (注销申请表): printed, stamped by the unit and uploaded. */
export function cancellationLayout(c: { number: string; unitName: string; uscc: string; date: string; data: CancelData }): DocLayout {
  return {
    title: '执业公示注销申请表',
    subtitle: 'Practitioner publicity cancellation request',
    number: { label: '申请单号', value: c.number },
    sections: [
      {
        heading: '申请单位',
        fields: [
          ['单位名称', c.unitName], ['统一社会信用代码', c.uscc], ['联系人', c.data.contactName], ['联系电话', c.data.contactPhone],
          ['注销人数', String(c.data.persons.length)], ['申请日期', c.date],
        ],
      },
      {
        heading: '注销人员',
        table: { columns: ['序号', '姓名', '身份证号', '公示项目', '注销原因'], rows: c.data.persons.map((p, i) => [String(i + 1), p.name, p.idNumber, p.items.join('、'), p.reason]) },
      },
      { paragraphs: ['本单位申请注销上述人员在本单位的执业公示，所填内容真实有效。请加盖单位公章后拍照或扫描上传。'] },
    ],
    signatures: ['单位授权人签字', '单位公章'],
    note: '注销经审核通过后，上述人员在本单位的执业公示即告结束。',
  };
}
