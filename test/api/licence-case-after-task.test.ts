/**
 * A task's writes and its completion in the engine share one transaction (api/tasks/pipeline.ts),
 * so the job the completion starts can run before that transaction commits. The acceptance job
 * reads the case row after the task (getLicenceCaseAfterTask): it waits for the commit and sees the
 * receipt the authority entered, where a plain read would print the acceptance without it.
 */
import { createDb, type Db } from '../../core/db';
import { loadConfig } from '../../core/config';
import { getLicenceCase, getLicenceCaseAfterTask } from '../../db/licensing';
import { createApplication } from '../support/factories';
import { eventually } from '../support/harness';

let db: Db;
beforeAll(() => {
  db = createDb(loadConfig().databaseUrl);
});
afterAll(async () => {
  await db?.destroy();
});

it('waits for the completing transaction and reads the receipt it wrote', async () => {
  const app = await createApplication(db, { processId: 'production-licence' });
  await db('licence_cases').insert({ application_id: app.id, category: 'M', item_codes: ['M-ESV-B'], authority_level: 'provincial', authority_group: 'test-authority', authority_name: '测试市场监督管理局' });

  const completing = await db.transaction();
  try {
    await completing('licence_cases').where({ application_id: app.id }).update({ fee_charged: true, materials_received_on: '2026-12-01' });
    // before the commit a plain read sees no receipt
    expect(await getLicenceCase(db, app.id)).toMatchObject({ fee_charged: null, materials_received_on: null });
    let settled = false;
    const reading = getLicenceCaseAfterTask(db, app.id).then((row) => ((settled = true), row));
    // the read is waiting on the row's lock, not finished
    await eventually(async () => {
      const { rows } = await db.raw<{ rows: Array<{ n: number }> }>("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%licence_cases%for share%'");
      return rows[0].n > 0;
    }, 10_000, 'the read to wait for the lock');
    expect(settled).toBe(false);
    await completing.commit();
    expect(await reading).toMatchObject({ fee_charged: true, materials_received_on: '2026-12-01' });
  } finally {
    if (!completing.isCompleted()) await completing.rollback();
    await db('applications').where({ id: app.id }).delete();
  }
});
