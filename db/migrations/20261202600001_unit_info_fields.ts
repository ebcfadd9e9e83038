import type { Knex } from 'knex';

/**
 * The unit information page as the unit maintains it (000 §3.2.1): membership type (会员性质),
 * approval number and its validity (核准证号 / 有效期), the nature of the unit (单位性质), and the
 * two attachments (组织代码证, 资质证明). The authorised contact's title and e-mail stay on the
 * unit's main account, with its name and mobile.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.string('membership_type', 20);
    t.string('approval_number', 50);
    t.date('approval_valid_until');
    t.string('unit_nature', 30);
    t.uuid('org_code_file_id').references('files.id');
    t.uuid('qualification_proof_file_id').references('files.id');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('units', (t) => {
    t.dropColumn('qualification_proof_file_id');
    t.dropColumn('org_code_file_id');
    t.dropColumn('unit_nature');
    t.dropColumn('approval_valid_until');
    t.dropColumn('approval_number');
    t.dropColumn('membership_type');
  });
}
