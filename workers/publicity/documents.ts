/**
 * publicity.form-document and publicity.certificate — the PDFs of a publicity application: the
 * application form 执业公示申请表 (to print, sign, stamp and upload within 7 days) and, on
 * approval, the publicity certificate 执业公示证明. Issued once per application (business key).
 */
import { DOCUMENT_KIND } from '../../domain/registry';
import { localDate } from '../../domain/publicity/rules';
import { issueDocument } from '../../db/documents';
import { getApplication } from '../../db/applications';
import { getPractitioner, publicityRowsOf } from '../../db/publicity/practitioners';
import { applicationFormLayout, certificateLayout } from '../../documents/layouts/publicity';
import { Deps, Handler, defineJob } from '../types';
import { PUBLICITY_JOB } from '../../domain/publicity/ids';

/** What the publicity documents show: the application, its publicity row, the person and the units. */
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
    layout: certificateLayout(f),
  });
  return { certificateDocumentId: doc.id };
};

/** The jobs above, with the variables each fetches. */
export const publicityDocumentJobs = [
  defineJob({ type: PUBLICITY_JOB.publicityFormDocument, fetch: ['applicationId'], handler: publicityFormDocumentJob }),
  defineJob({ type: PUBLICITY_JOB.publicityCertificate, fetch: ['applicationId'], handler: publicityCertificateJob }),
];
