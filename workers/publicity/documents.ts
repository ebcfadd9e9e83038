/**
 * publicity.form-document and publicity.certificate — the PDFs of a publicity application: the
 * application form 执业公示申请表 (to print, sign, stamp and upload within 7 days) and, on
 * approval, the publicity certificate 执业公示证明. Issued once per application (business key).
 */
import { DOCUMENT_KIND, PUBLICITY_TYPE_LABEL } from '../../domain/names';
import { COMMITMENTS, GRADES, ITEMS, addDays, localDate, UPLOAD_WINDOW } from '../../domain/publicity/rules';
import { issueDocument } from '../../db/documents';
import { getApplication } from '../../db/applications';
import { getPractitioner, publicityRowsOf } from '../../db/practitioners';
import type { DocLayout } from '../../documents/render';
import { Deps, Handler, defineJob } from '../types';
import { PUBLICITY_JOB } from '../../domain/publicity/ids';

const WINDOW_DAYS = Number(UPLOAD_WINDOW.replace(/\D/g, ''));

async function facts(deps: Deps, applicationId: string) {
  const app = await getApplication(deps.db, applicationId);
  if (!app) throw new Error(`application ${applicationId} does not exist`);
  const [row] = await publicityRowsOf(deps.db, applicationId);
  if (!row) throw new Error(`application ${app.number} has no publicity row`);
  const person = (await getPractitioner(deps.db, row.practitioner_id))!;
  const unit = await deps.db('units').where({ id: row.unit_id }).first();
  const previous = row.previous_unit_id ? await deps.db('units').where({ id: row.previous_unit_id }).first() : undefined;
  return { app, row, person, unit, previous };
}

const itemsTable = (items: Array<{ itemCode: string; grade: number }>) => ({
  columns: ['项目代号 Code', '资质项目 Item', '级别 Grade'],
  rows: items.map((i) => [i.itemCode, ITEMS[i.itemCode]?.name ?? '', GRADES[i.grade] ?? String(i.grade)]),
});

export function applicationFormLayout(f: Awaited<ReturnType<typeof facts>>, issuedOn: string): DocLayout {
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

export const publicityFormDocumentJob: Handler<{ applicationId: string }, { formDocumentId: string }> = async (vars, _job, deps) => {
  const f = await facts(deps, vars.applicationId);
  const doc = await issueDocument(deps, {
    key: `${DOCUMENT_KIND.publicityApplicationForm}:${f.app.id}`, kind: DOCUMENT_KIND.publicityApplicationForm, title: '执业公示申请表',
    applicationId: f.app.id, unitId: f.row.unit_id, number: f.app.number, layout: applicationFormLayout(f, localDate(deps.now())),
  });
  return { formDocumentId: doc.id };
};

export const publicityCertificateJob: Handler<{ applicationId: string }, { certificateDocumentId: string }> = async (vars, _job, deps) => {
  const f = await facts(deps, vars.applicationId);
  const data = f.app.data as { certificateNo?: string; validUntil?: string };
  const doc = await issueDocument(deps, {
    key: `${DOCUMENT_KIND.publicityCertificate}:${f.app.id}`, kind: DOCUMENT_KIND.publicityCertificate, title: '执业公示证明',
    applicationId: f.app.id, unitId: f.row.unit_id, number: data.certificateNo ?? null,
    layout: {
      title: '特种设备检验检测人员执业公示证明',
      number: { label: '证明编号', value: data.certificateNo ?? '' },
      sections: [
        { fields: [['姓名', f.person.name], ['身份证号', f.person.id_number], ['执业单位', f.unit?.name ?? ''], ['申报单号', f.app.number], ['公示类型', PUBLICITY_TYPE_LABEL[f.row.type]], ['有效期至', data.validUntil ?? '']] },
        { heading: '公示资质项目 Items', table: itemsTable(f.row.items) },
      ],
      signatures: ['发证机构（盖章）Issuer'],
      note: '本证明可通过下方二维码或验证码在 PermitFlow 公共查询中核验。',
    },
  });
  return { certificateDocumentId: doc.id };
};

/** The jobs above, with the variables each fetches. */
export const publicityDocumentJobs = [
  defineJob({ type: PUBLICITY_JOB.publicityFormDocument, fetch: ['applicationId'], handler: publicityFormDocumentJob }),
  defineJob({ type: PUBLICITY_JOB.publicityCertificate, fetch: ['applicationId'], handler: publicityCertificateJob }),
];
