/**
 * 注册人员管理 and 注册证书管理 (manual 000, the unit's menus): 未注册人员管理 (the persons the unit
 * has entered for publicity who are not registered yet: listed, added, modified, deleted until an
 * application uses them; api/services/publicity-persons.ts), the combined query of the unit's
 * registered persons (注册人员综合查询), the unit's statistics (单位注册人员统计 / 单位人员证书统计)
 * and the certificate query (注册人员证书查询). Unit accounts with the publicity area see their
 * own unit's records only; ID numbers and mobiles are masked; every list filters and pages on the
 * server.
 */
import { pageOf, type Db } from '../../core/db';
import { END_REASON_LABEL, GRADES, ITEMS, itemLabel, localDate } from '../../domain/publicity/rules';
import { PUBLICITY_TYPE_LABEL } from '../../domain/registry';
import { IdNumber, Uuid } from '../../domain/schema';
import { maskIdNumber, maskMobile, MESSAGES } from '../../domain/validators';
import { PERSON_STATUSES, personColumns, type PersonRow, personStatistics, unitRecords } from '../../db/publicity/persons';
import { validationFailed } from '../errors';
import { declare, RouteDef, unit, unitCaller, PAGING } from '../route';
import { NO_UNREGISTERED, type UnregisteredInput, unregisteredPersonsService } from '../services/publicity-persons';

const publicity = unit({ areas: ['publicity'] });

const DATE_MESSAGE = '日期格式应为 YYYY-MM-DD / Use the date format YYYY-MM-DD';
const NAME = { type: 'string', maxLength: 50, message: '姓名最多 50 个字符 / At most 50 characters' } as const;
const CERTIFICATE_NO = { type: 'string', maxLength: 40, message: '证书编号最多 40 个字符 / At most 40 characters' } as const;
const PERSON_FIELDS = {
  name: { type: 'string', pattern: '\\S', maxLength: 50, message: '请填写姓名（最多 50 个字符） / Enter the name (at most 50 characters)' },
  idNumber: IdNumber,
  gender: { type: 'string', enum: ['', '男', '女'], message: '性别应为男或女 / Male or female' },
  mobile: { type: 'string', pattern: '^(1[3-9]\\d{9})?$', message: MESSAGES.mobile },
  note: { type: 'string', maxLength: 200, message: '备注最多 200 个字符 / At most 200 characters' },
} as const;
const STATUS = { type: 'string', enum: [...PERSON_STATUSES], message: '注册状态应为有效、已到期或已终止 / Status: valid, expired or ended' } as const;

/** The item choices of the query conditions, by name. */
export const ITEM_OPTIONS = Object.entries(ITEMS).map(([code, i]) => ({ code, label: `${code} ${i.name}` }));

/** The grade's name for the item's kind: 检验师 for an inspection item, 检测师 for a testing one. */
const gradeLabel = (itemCode: string, grade: number): string => {
  const both = (GRADES[grade] ?? String(grade)).split(' / ');
  return (ITEMS[itemCode]?.category === 'testing' ? both[1] : both[0]) ?? both[0];
};

const DAY_MS = 86_400_000;
function present(r: PersonRow, today: string) {
  return {
    recordId: r.record_id,
    name: r.name,
    idNumber: maskIdNumber(r.id_number),
    mobile: r.mobile ? maskMobile(r.mobile) : null,
    itemLabels: r.items.map(itemLabel),
    typeLabel: PUBLICITY_TYPE_LABEL[r.type as keyof typeof PUBLICITY_TYPE_LABEL] ?? r.type,
    certificateNo: r.certificate_no,
    startDate: r.start_date,
    validUntil: r.valid_until,
    status: r.person_status,
    endReason: r.end_reason ? (END_REASON_LABEL[r.end_reason] ?? r.end_reason) : null,
    endedOn: r.ended_on,
    daysLeft: r.person_status === 'valid' ? Math.round((Date.parse(r.valid_until) - Date.parse(today)) / DAY_MS) : null,
  };
}

export function publicityPersonsRoutes(deps: { db: Db }): RouteDef[] {
  const routes: RouteDef[] = [];
  const today = () => localDate(new Date());

  // 注册人员综合查询
  routes.push(declare({
    method: 'get',
    path: '/api/publicity/persons',
    summary: "注册人员综合查询: the unit's registered persons (current and ended publicity records) with the conditions name (a part), idNumber (whole), certificateNo (a part), itemCode, status (valid · expired · ended), validFrom / validTo (the end of the publicity between); by name, in pages with the total; ID numbers and mobiles masked",
    allow: [publicity],
    query: {
      name: NAME,
      idNumber: IdNumber,
      certificateNo: CERTIFICATE_NO,
      itemCode: { type: 'string', enum: Object.keys(ITEMS), message: '没有这个资质项目 / No such qualification item' },
      status: STATUS,
      validFrom: { type: 'string', format: 'date', message: DATE_MESSAGE },
      validTo: { type: 'string', format: 'date', message: DATE_MESSAGE },
      ...PAGING,
    },
    responses: { 200: "{ items: [{ recordId, name, idNumber, mobile, itemLabels, typeLabel, certificateNo, startDate, validUntil, status, endReason, endedOn, daysLeft }], total, page, pageSize, itemOptions, date }" },
    errors: [400, 401, 403],
    handler: async ({ req, user }) => {
      const { unitId } = unitCaller(user);
      const c = req.query as Record<string, string | undefined>;
      if (c.validFrom && c.validTo && c.validFrom > c.validTo) throw validationFailed({ validTo: '结束日期不能早于开始日期 / The end date is before the start date' });
      const day = today();
      const { items, ...paging } = await pageOf<PersonRow>(() => unitRecords(deps.db, unitId, day, c), c, (q) =>
        q.orderBy([{ column: 'p.name' }, { column: 'r.created_at', order: 'desc' }, { column: 'r.id' }]).select(personColumns(deps.db, day)));
      return { items: items.map((r) => present(r, day)), ...paging, itemOptions: ITEM_OPTIONS, date: day };
    },
  }));

  // 注册人员证书查询: the unit's publicity certificates with their validity
  routes.push(declare({
    method: 'get',
    path: '/api/publicity/certificates',
    summary: "注册人员证书查询: the unit's publicity certificates by certificateNo (a part), name (a part), idNumber (whole), status (valid · expired · ended) with their validity and the days left; soonest end first, in pages with the total",
    allow: [publicity],
    query: { certificateNo: CERTIFICATE_NO, name: NAME, idNumber: IdNumber, status: STATUS, ...PAGING },
    responses: { 200: "{ items: [{ recordId, certificateNo, name, idNumber, itemLabels, startDate, validUntil, status, daysLeft, endReason }], total, page, pageSize, date }" },
    errors: [400, 401, 403],
    handler: async ({ req, user }) => {
      const { unitId } = unitCaller(user);
      const c = req.query as Record<string, string | undefined>;
      const day = today();
      const { items, ...paging } = await pageOf<PersonRow>(() => unitRecords(deps.db, unitId, day, c).whereNotNull('r.certificate_no'), c, (q) =>
        q.orderBy([{ column: 'r.valid_until' }, { column: 'r.certificate_no' }, { column: 'r.id' }]).select(personColumns(deps.db, day)));
      return { items: items.map((r) => present(r, day)), ...paging, date: day };
    },
  }));

  // 单位注册人员统计 / 单位人员证书统计
  routes.push(declare({
    method: 'get',
    path: '/api/publicity/persons/statistics',
    summary: "单位注册人员统计 / 单位人员证书统计: the unit's registered persons by status (valid · expired · ended), the current ones by item and grade, and its certificates (valid, ending within 90 days, expired)",
    allow: [publicity],
    responses: { 200: "{ date, total, byStatus, byItem: [{ itemCode, grade, label, valid, expired }], certificates }" },
    errors: [401, 403],
    handler: async ({ user }) => {
      const { unitId } = unitCaller(user);
      const day = today();
      const s = await personStatistics(deps.db, unitId, day);
      return {
        date: day,
        ...s,
        byItem: s.byItem.map((i) => ({ ...i, label: `${i.itemCode} ${ITEMS[i.itemCode]?.name ?? ''}`, gradeLabel: gradeLabel(i.itemCode, i.grade) })),
      };
    },
  }));

  // 未注册人员管理
  const unregistered = unregisteredPersonsService(deps);
  routes.push(declare<unknown, { name?: string; idNumber?: string; page?: string; pageSize?: string }>({
    method: 'get',
    path: '/api/publicity/unregistered-persons',
    summary: "未注册人员管理: the persons the unit has entered for publicity who are not registered yet, with the conditions name (a part) and idNumber (a part); newest first, in pages with the total; ID numbers and mobiles masked; each with the application that used it (then not editable) and whether the person is registered now",
    allow: [publicity],
    query: { name: NAME, idNumber: { type: 'string', pattern: '^[0-9Xx]{0,18}$', message: '身份证号只含数字和 X，最多 18 位 / Digits and X, at most 18' }, ...PAGING },
    responses: { 200: '{ items: [{ id, name, idNumber, gender, mobile, note, registered, application, editable, createdAt }], total, page, pageSize }' },
    errors: [400, 401, 403],
    handler: async ({ user, query }) => unregistered.list(unitCaller(user).unitId, query),
  }));
  routes.push(declare<{ id: string }>({
    method: 'get',
    path: '/api/publicity/unregistered-persons/{id}',
    summary: 'One of the unit\'s unregistered persons, its ID number and mobile in full (to modify it or apply for it)',
    allow: [publicity],
    params: { id: Uuid },
    notFound: NO_UNREGISTERED,
    responses: { 200: 'the person' },
    errors: [401, 403, 404],
    handler: async ({ user, params }) => unregistered.get(unitCaller(user).unitId, params.id),
  }));
  routes.push(declare<unknown, unknown, UnregisteredInput>({
    method: 'post',
    path: '/api/publicity/unregistered-persons',
    summary: 'Enter an unregistered person: name, idNumber (GB 11643), gender (男 | 女), mobile, note. An ID number the unit already holds, or a registered person\'s: 409',
    allow: [publicity],
    body: { type: 'object', required: ['name', 'idNumber'], properties: PERSON_FIELDS },
    responses: { 201: 'the person' },
    errors: [400, 401, 403, 409],
    status: 201,
    handler: async ({ user, body }) => unregistered.create(unitCaller(user).unitId, user.login, body),
  }));
  routes.push(declare<{ id: string }, unknown, UnregisteredInput>({
    method: 'patch',
    path: '/api/publicity/unregistered-persons/{id}',
    summary: 'Modify an unregistered person (any of the fields) while no application of the unit has used it (409 after); another unit\'s: 404',
    allow: [publicity],
    params: { id: Uuid },
    notFound: NO_UNREGISTERED,
    body: { type: 'object', properties: PERSON_FIELDS },
    responses: { 200: 'the person' },
    errors: [400, 401, 403, 404, 409],
    handler: async ({ user, params, body }) => unregistered.update(unitCaller(user).unitId, params.id, body),
  }));
  routes.push(declare<{ id: string }>({
    method: 'delete',
    path: '/api/publicity/unregistered-persons/{id}',
    summary: 'Delete an unregistered person while no application of the unit has used it (409 after); another unit\'s: 404',
    allow: [publicity],
    params: { id: Uuid },
    notFound: NO_UNREGISTERED,
    status: 204,
    responses: { 204: 'deleted' },
    errors: [401, 403, 404, 409],
    handler: async ({ res, user, params }) => {
      await unregistered.remove(unitCaller(user).unitId, params.id);
      res.status(204).end();
    },
  }));

  return routes;
}
