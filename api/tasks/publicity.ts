/**
 * The publicity reviews' additions to the task page: the persons the case is about, each with
 * their qualifications and their publicity records at any unit (the registry the decision rests on).
 */
import type { Db } from '../../core/db';
import { getPractitioner, publicityRowsOf, qualificationsOf, recordsWithUnits, verificationOfCase } from '../../db/publicity/practitioners';
import { PUBLICITY_FORM as FORM } from '../../domain/publicity/ids';
import { END_REASON_LABEL, itemLabel, localDate } from '../../domain/publicity/rules';
import type { RelatedPerson, TaskBehaviours, TaskCtx } from './contract';

/** The persons of a publicity case (one for an application, each person of a cancellation), in the case's order. */
async function personsOfCase(db: Db, applicationId: string, now: Date): Promise<RelatedPerson[]> {
  return personsWithRegistry(db, [...new Set((await publicityRowsOf(db, applicationId)).map((r) => r.practitioner_id))], now);
}

/** Each person with their qualifications and publicity records at any unit, by name. */
async function personsWithRegistry(db: Db, ids: string[], now: Date): Promise<RelatedPerson[]> {
  const today = localDate(now);
  const records = await recordsWithUnits(db, ids);
  const out: RelatedPerson[] = [];
  for (const id of ids) {
    const p = await getPractitioner(db, id);
    if (!p) continue;
    out.push({
      name: p.name,
      idNumber: p.id_number,
      qualifications: (await qualificationsOf(db, id)).map((q) => ({ item: itemLabel({ itemCode: q.item_code, grade: q.grade }), certificateNo: q.certificate_no, issueDate: q.issue_date, expiryDate: q.expiry_date })),
      records: records
        .filter((r) => r.practitioner_id === id)
        .map((r) => ({ unitName: r.unit_name, items: r.items.map(itemLabel), status: r.status === 'ended' ? 'ended' : r.valid_until < today ? 'expired' : 'valid', startDate: r.start_date, validUntil: r.valid_until, certificateNo: r.certificate_no, endReason: r.end_reason ? (END_REASON_LABEL[r.end_reason] ?? r.end_reason) : null })),
    });
  }
  return out;
}

const withPersons = { related: async ({ db, app, now }: TaskCtx) => (app ? { persons: await personsOfCase(db, app.id, now) } : {}) };

export const publicityTasks: TaskBehaviours = {
  [FORM.publicityApplicationReview]: withPersons,
  [FORM.publicityCancelReview]: withPersons,
  // an identity check: the name, ID number and mobile to verify (the case keeps no ID number), and
  // the person's registry when the number is a registered person's
  [FORM.identityManualVerificationReview]: {
    detail: async ({ db, app }) => {
      const v = app ? await verificationOfCase(db, app.id) : undefined;
      return v ? { subject: { name: v.name, idNumber: v.id_number, mobile: v.mobile } } : {};
    },
    related: async ({ db, app, now }) => {
      const v = app ? await verificationOfCase(db, app.id) : undefined;
      return v?.practitioner_id ? { persons: await personsWithRegistry(db, [v.practitioner_id], now) } : {};
    },
  },
};
