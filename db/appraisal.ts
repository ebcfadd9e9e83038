/**
 * The unit's appraisal projects as the manual's list shows them (002 §3: 项目编号, 省份, 单位名称,
 * 统一社会信用代码, 联系人, 联系电话, 状态, 阶段, 期限): each project with the step it waits at
 * (its open task) and that step's deadline, filtered and paged in PostgreSQL.
 */
import type { Knex } from 'knex';
import { containsPattern, pageOf, type Db } from '../core/db';
import { PROCESS, TASK_STATE } from '../domain/registry';

export interface ProjectConditions {
  number?: string;
  province?: string;
  status?: string;
  /** the step (user task element id) the project waits at */
  stage?: string;
  /** a deadline on or before this day (YYYY-MM-DD, Asia/Shanghai) */
  dueBefore?: string;
  page?: string;
  pageSize?: string;
}

export interface ProjectRow {
  id: string;
  number: string;
  status: string;
  data: Record<string, unknown>;
  unit_name: string | null;
  stage: string | null;
  due_date: Date | null;
  created_at: Date;
}

/**
 * Each of the unit's projects' open task with the nearest deadline (a project waits at one step at
 * a time, but be safe); only that unit's projects' tasks are read, not the whole inbox.
 */
const openStep = (db: Db, unitId: string) =>
  db('tasks as t')
    .select('t.application_id', 't.element_id', 't.due_date')
    .distinctOn('t.application_id')
    .where('t.state', TASK_STATE.created)
    .whereIn('t.application_id', db('applications').select('id').where({ unit_id: unitId, process_id: PROCESS.appraisalReview }))
    .orderBy([{ column: 't.application_id' }, { column: 't.due_date', order: 'asc', nulls: 'last' }])
    .as('s');

export async function listProjects(db: Db, unitId: string, c: ProjectConditions) {
  const filtered = (): Knex.QueryBuilder => {
    const b = db('applications as a')
      .leftJoin('units as u', 'u.id', 'a.unit_id')
      .leftJoin(openStep(db, unitId), 's.application_id', 'a.id')
      .where({ 'a.unit_id': unitId, 'a.process_id': PROCESS.appraisalReview });
    if (c.number?.trim()) b.whereRaw('a.number ilike ?', [containsPattern(c.number.trim())]);
    if (c.province) b.whereRaw("a.data->>'province' = ?", [c.province]);
    if (c.status) b.where('a.status', c.status);
    if (c.stage) b.where('s.element_id', c.stage);
    // the end of that day in Asia/Shanghai
    if (c.dueBefore) b.whereRaw("s.due_date < ((?::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')", [c.dueBefore]);
    return b;
  };
  return pageOf<ProjectRow>(filtered, c, (b) =>
    b
      .orderBy([{ column: 'a.created_at', order: 'desc' }, { column: 'a.id', order: 'desc' }])
      .select('a.id', 'a.number', 'a.status', 'a.data', 'a.created_at', 'u.name as unit_name', 's.element_id as stage', 's.due_date'),
  );
}
