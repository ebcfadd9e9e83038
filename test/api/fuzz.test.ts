/**
 * Property-based bad input (fast-check) over every JSON operation of the OpenAPI document
 * (api/openapi.ts, so a new route is fuzzed without touching this file): random JSON, malformed
 * text and bodies shaped like the operation's schema with wrong values never give a 5xx and never
 * store anything (the row count of every table unchanged). Uploads: random names (path traversal,
 * control characters) are stored as metadata only, random content is refused 415 and leaves no
 * file, oversized uploads 413. Prints how many operations and inputs it covered.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { openapi } from '../../api/openapi';
import { hashPassword } from '../../core/passwords';
import { issueDocument } from '../../db/documents';
import { DOCUMENT_KIND, MEMBERSHIP_TYPES, UNIT_AREAS, UNIT_NATURES } from '../../domain/registry';
import { isValidEmail, isValidIdNumber, isValidPhone, isValidUscc } from '../../domain/validators';
import { isValidDivisionPath } from '../../domain/admin-divisions';
import { freshUscc, PNG, registrationBody } from '../support/fixtures';
import { Client, createAccount, signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
/** A session for raw requests (bodies that are not JSON): cookie and CSRF token. */
type Session = { cookie: string; csrf: string };
let admin: Session;
let unitMain: Session;
let reviewer: Session;
let unitClient: Client;
let unitId: string;
let subAccountId: string;
const openTaskKey = String(5_200_000_000_000 + Math.floor(Math.random() * 1e9));
const doneTaskKey = String(5_300_000_000_000 + Math.floor(Math.random() * 1e9));
let sent = 0;
const USED_ID_NUMBER = '11010519880303006X';
const fuzzed: string[] = [];
let tables: string[] = [];
/** The unit's own objects of the later processes, so bad input reaches the checks behind the 404. */
const own = { branchId: '', usedPersonId: '', cancellationId: '', handedInCancellationId: '', powerPermitId: '', selfInspectionId: '', ratingToken: '', selfInspectionTaskKey: String(5_400_000_000_000 + Math.floor(Math.random() * 1e9)) };

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
  const a = await createAccount(sys, { kind: 'admin' });
  admin = await session(a.login, a.password);
  const r = await createAccount(sys, { groups: ['unit-reviewers', 'review-leads'] });
  reviewer = await session(r.login, r.password);
  const [unit] = await sys.db('units')
    .insert({ uscc: freshUscc(), name: '模糊测试公司', legal_representative: '郑一', province: '110000', city: '110100', district: '110101', address: '北京市东城区模糊路 1 号', postcode: '100010', phone: '010-1111111', status: 'active' })
    .returning('*');
  unitId = unit.id;
  const login = `fz${Date.now()}`;
  const hash = await hashPassword('Fuzz2026!x');
  const [, sub] = await sys.db('accounts')
    .insert([
      { login, password_hash: hash, kind: 'unit-main', display_name: '郑一', email: `${login}@example.test`, unit_id: unit.id, status: 'active' },
      { login: `${login}s`, password_hash: hash, kind: 'unit-sub', display_name: '郑二', email: `${login}s@example.test`, unit_id: unit.id, status: 'active', permissions: ['publicity'] },
    ])
    .returning('*');
  subAccountId = sub.id;
  unitMain = await session(login, 'Fuzz2026!x');
  unitClient = await signIn(sys.url, login, 'Fuzz2026!x');
  const [app] = await sys.db('applications').insert({ number: `FZ-${Date.now()}`, process_id: 'unit-qualification', status: 'submitted', unit_id: unit.id, data: '{}' }).returning('id');
  const task = { process_instance_key: '1', process_definition_id: 'unit-qualification', element_id: 'review', application_id: app.id, form_key: 'unit-qualification-review', candidate_groups: ['unit-reviewers'], candidate_users: [], last_event: 'creating' };
  await sys.db('tasks').insert([
    { ...task, user_task_key: openTaskKey, state: 'CREATED' },
    { ...task, user_task_key: doneTaskKey, state: 'COMPLETED' },
  ]);
  const row = (processId: string, status: string, over: Record<string, unknown> = {}) =>
    ({ number: `FZ-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, process_id: processId, status, unit_id: unit.id, data: '{}', ...over });
  const [campaign] = await sys.db('self_inspection_campaigns').insert({ year: 2026, title: '模糊测试自查', launched_by: 'fuzz' }).returning('id');
  const ids = await sys.db('applications')
    .insert([
      row('publicity-cancel', 'submitted'),
      // accepted with missing materials, still running: a delivery is checked for completeness
      row('power-permit-new', 'submitted', { data: JSON.stringify({ missingItems: [{ field: 'x', message: 'x' }] }) }),
      row('self-inspection-campaign', 'pending', { campaign_id: campaign.id }),
      row('unit-qualification', 'approved'),
      // handed in: a delete is refused whatever the body (a request not handed in is deleted by any DELETE: no bad input there)
      row('publicity-cancel', 'in_review'),
    ])
    .returning('id');
  [own.cancellationId, own.powerPermitId, own.selfInspectionId] = ids.map((r: { id: string }) => r.id);
  own.handedInCancellationId = ids[4].id;
  own.ratingToken = `fuzz${Date.now()}token`;
  await sys.db('rating_links').insert({ token: own.ratingToken, application_id: ids[3].id });
  await sys.db('tasks').insert({ ...task, user_task_key: own.selfInspectionTaskKey, application_id: own.selfInspectionId, process_definition_id: 'self-inspection-campaign', element_id: 'self-inspect', form_key: 'self-inspection', candidate_groups: [`unit:${unit.id}`], state: 'CREATED' });
  // a secondary unit an application was made for (a DELETE is refused 409), and an unregistered
  // person that application uses (a change or a DELETE is refused 409)
  const [branch] = await sys.db('units')
    .insert({ name: '模糊测试分公司', legal_representative: '郑一', province: '110000', city: '110100', district: '110101', address: '北京市东城区模糊路 2 号', postcode: '100010', phone: '010-1111112', status: 'active', parent_unit_id: unit.id })
    .returning('id');
  own.branchId = branch.id;
  const [publicity] = await sys.db('applications').insert(row('publicity-application', 'awaiting_upload', { branch_unit_id: branch.id })).returning('id');
  const [practitioner] = await sys.db('practitioners').insert({ name: '模糊人员', id_number: USED_ID_NUMBER }).onConflict('id_number').merge().returning('id');
  await sys.db('publicity_applications').insert({ application_id: publicity.id, practitioner_id: practitioner.id, unit_id: unit.id, type: 'initial' });
  const [person] = await sys.db('unregistered_persons').insert({ unit_id: unit.id, name: '模糊人员', id_number: USED_ID_NUMBER, created_by: 'fuzz' }).returning('id');
  own.usedPersonId = person.id;
  tables = (await sys.db.raw("select tablename from pg_tables where schemaname = 'public' and tablename not like 'knex_%' order by 1")).rows.map((t: { tablename: string }) => t.tablename);
});
afterAll(async () => {
  process.stdout.write(`\nfuzz: ${fuzzed.filter((f) => !f.startsWith('GET')).length} operations with a body + ${fuzzed.filter((f) => f.startsWith('GET')).length} GET operations from the OpenAPI document (+ POST /api/files), ${sent} inputs sent; row counts of ${tables.length} tables watched\n`);
  await sys.db('tasks').whereIn('user_task_key', [openTaskKey, doneTaskKey, own.selfInspectionTaskKey]).delete();
  // the anonymous limits this run used up are not the next suite's
  const limited = [...(await sys.redis.keys('rl:public-publicity:*')), ...(await sys.redis.keys('rl:verify:*')), ...(await sys.redis.keys('rl:anon:*'))];
  if (limited.length) await sys.redis.del(...limited);
  await sys?.stop();
});

async function session(login: string, password: string): Promise<Session> {
  const res = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrf: body.csrfToken };
}

/** Row count of every table, and the rows an accepted no-op PATCH could touch. */
async function snapshot() {
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await sys.db(t).count('* as n'))[0].n);
  const unit = await sys.db('units').where({ id: unitId }).first();
  const sub = await sys.db('accounts').where({ id: subAccountId }).first('status', 'permissions', 'display_name', 'email', 'mobile');
  return { counts, unit: { ...unit, updated_at: undefined }, sub };
}

type Op = { method: string; path: string; op: { security?: unknown[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown>; $ref?: string } }> } } };
const OPERATIONS: Op[] = Object.entries(openapi.paths as unknown as Record<string, Record<string, Op['op']>>).flatMap(([p, ops]) =>
  Object.entries(ops)
    .filter(([m]) => ['post', 'put', 'patch', 'delete'].includes(m))
    .map(([m, op]) => ({ method: m.toUpperCase(), path: p, op })),
);
const isJson = (o: Op) => !o.op.requestBody || Boolean(o.op.requestBody.content?.['application/json']);

/** Path parameters: real objects where that gets the request further than a 404. */
function concretePath(o: Op): string {
  if (o.method === 'DELETE' && o.path === '/api/publicity/cancellations/{id}') return `/api/publicity/cancellations/${own.handedInCancellationId}`;
  return o.path
    .replace('/api/tasks/{id}/claim', `/api/tasks/${doneTaskKey}/claim`)
    .replace('{processInstanceKey}', '1')
    .replace('{key}', '1')
    .replace('{scope}', 'start:fuzz')
    .replace(/\/api\/tasks\/\{id\}/, `/api/tasks/${openTaskKey}`)
    .replace('/api/unit/accounts/{id}', `/api/unit/accounts/${subAccountId}`)
    .replace('/api/unit/branches/{id}', `/api/unit/branches/${own.branchId}`)
    .replace('/api/publicity/unregistered-persons/{id}', `/api/publicity/unregistered-persons/${own.usedPersonId}`)
    .replace('/api/publicity/cancellations/{id}', `/api/publicity/cancellations/${own.cancellationId}`)
    .replace('/api/power-permits/applications/{id}', `/api/power-permits/applications/${own.powerPermitId}`)
    .replace('/api/self-inspections/{id}', `/api/self-inspections/${own.selfInspectionId}`)
    .replace('{token}', own.ratingToken)
    .replace('{id}', '00000000-0000-4000-8000-000000000000');
}

/** Who sends: anonymous for public operations, else the role that gets past the access check. */
function sender(o: Op): Session | undefined {
  if (Array.isArray(o.op.security) && o.op.security.length === 0) return undefined;
  if (o.path === '/api/auth/logout') return undefined; // a signed-in logout would end the session the test uses
  if (o.path.startsWith('/api/admin') || o.path === '/api/appraisal-documents') return admin;
  if (o.path.startsWith('/api/tasks')) return reviewer;
  return unitMain;
}

/** Operations that may accept a body with nothing to do in it (2xx, nothing changed). */
const NO_OP_OK = new Set(['POST /api/admin/lint', 'POST /api/tasks/{id}/unclaim', 'DELETE /api/drafts/{scope}', 'POST /api/auth/logout', 'POST /api/messages/read']);

/** Bodies that are valid input for an operation, so not bad input (a draft may hold any object). */
const VALID: Record<string, (body: unknown) => boolean> = {
  'PUT /api/drafts/{scope}': (b) => hasDataObject(b),
  // a new appraisal project is a draft: any object of values starts one (and its process)
  'POST /api/appraisals': (b) => hasDataObject(b),
  // a saved inbox filter: a name and the inbox's own conditions (an empty set of conditions is one)
  'POST /api/inbox/filters': (b) => {
    if (!b || typeof b !== 'object' || Array.isArray(b)) return false;
    const o = b as Record<string, unknown>;
    const f = o.filter as Record<string, unknown> | undefined;
    const text = (v: unknown, max: number) => v === undefined || (typeof v === 'string' && v.length <= max);
    const conditions =
      !!f && typeof f === 'object' && !Array.isArray(f) &&
      Object.keys(f).every((k) => ['candidateGroup', 'assignee', 'processId', 'text', 'overdue', 'dueBefore'].includes(k)) &&
      text(f.candidateGroup, 100) && text(f.processId, 100) && text(f.text, 100) &&
      (f.assignee === undefined || ['', 'me', 'none'].includes(f.assignee as string)) &&
      (f.overdue === undefined || typeof f.overdue === 'boolean') &&
      (f.dueBefore === undefined || (typeof f.dueBefore === 'string' && /^(\d{4}-\d{2}-\d{2})?$/.test(f.dueBefore)));
    return typeof o.name === 'string' && /\S/.test(o.name) && o.name.length <= 40 && conditions && Object.keys(o).every((k) => k === 'name' || k === 'filter');
  },
  // a sub-account's change: a list of known areas (none at all is a valid change) and/or a status, or its unit ('' for the unit itself)
  'PATCH /api/unit/accounts/{id}': (b) => {
    if (!b || typeof b !== 'object' || Array.isArray(b)) return false;
    const o = b as Record<string, unknown>;
    const areas = Array.isArray(o.permissions) && o.permissions.every((p) => typeof p === 'string' && (UNIT_AREAS as readonly string[]).includes(p));
    const status = o.status === 'active' || o.status === 'disabled';
    // '' names the unit itself (no secondary unit)
    const unit = o.unitId === '';
    if (o.unitId !== undefined && !unit) return false;
    return (areas && (o.status === undefined || status)) || (status && o.permissions === undefined) || (unit && o.permissions === undefined && o.status === undefined);
  },
  // the unit's own information: any of its editable fields with a right value (a free-text approval number or title is one)
  'PATCH /api/unit/profile': (b) => {
    if (!b || typeof b !== 'object' || Array.isArray(b)) return false;
    const o = b as Record<string, unknown>;
    const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
    const invoice = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v)
      && Object.entries(v).every(([k, x]) => ['title', 'taxNumber', 'bank', 'bankAccount', 'address', 'phone'].includes(k) && text(x, 200))
      && ([undefined, ''].includes((v as { taxNumber?: string }).taxNumber) || isValidUscc(String((v as { taxNumber?: string }).taxNumber)));
    const rules: Record<string, (v: unknown) => boolean> = {
      phone: isValidPhone, invoice, membershipType: (v) => (MEMBERSHIP_TYPES as readonly unknown[]).includes(v), unitNature: (v) => (UNIT_NATURES as readonly unknown[]).includes(v),
      approvalNumber: (v) => text(v, 50), contactTitle: (v) => text(v, 100), approvalValidUntil: (v) => typeof v === 'string' && /^(\d{4}-\d{2}-\d{2})?$/.test(v),
      contactEmail: (v) => typeof v === 'string' && isValidEmail(v), orgCodeFileId: (v) => v === '', qualificationProofFileId: (v) => v === '',
      // a superior enterprise is a registered unit's id: a random one is refused; '' takes it away
      superiorUnitId: (v) => v === '',
    };
    const known = Object.keys(o).filter((k) => Object.hasOwn(rules, k));
    const forbidden = Object.keys(o).some((k) => ['name', 'legalRepresentative', 'uscc', 'address', 'postcode', 'contactName', 'contactMobile'].includes(k));
    return known.length > 0 && !forbidden && known.every((k) => rules[k](o[k]));
  },
  // a secondary unit's fields, all of them right (the division a real county)
  'PUT /api/unit/branches/{id}': (b) => {
    if (!b || typeof b !== 'object' || Array.isArray(b)) return false;
    const o = b as Record<string, unknown>;
    const text = (v: unknown, min: number) => typeof v === 'string' && v.trim().length >= min;
    return text(o.name, 2) && text(o.address, 5) && typeof o.postcode === 'string' && /^\d{6}$/.test(o.postcode) && isValidPhone(o.phone)
      && (o.uscc === undefined || o.uscc === '' || isValidUscc(String(o.uscc))) && isValidDivisionPath(String(o.province), String(o.city), String(o.district));
  },
  // a new unregistered person: a name and a valid ID number (the rest optional)
  'POST /api/publicity/unregistered-persons': (b) => {
    if (!b || typeof b !== 'object' || Array.isArray(b)) return false;
    const o = b as Record<string, unknown>;
    return typeof o.name === 'string' && /\S/.test(o.name) && o.name.length <= 50 && typeof o.idNumber === 'string' && isValidIdNumber(o.idNumber);
  },
  // a publication needs only a title; the other fields are optional text
  'POST /api/appraisal-documents': (b) => {
    if (!b || typeof b !== 'object' || Array.isArray(b)) return false;
    const o = b as Record<string, unknown>;
    const text = (k: string, max: number) => o[k] === undefined || o[k] === null || (typeof o[k] === 'string' && (o[k] as string).length <= max);
    return typeof o.title === 'string' && o.title.trim() !== '' && o.title.length <= 255 && o.fileId === undefined && text('docNumber', 100) && text('category', 50) && text('summary', 5000);
  },
};
function hasDataObject(b: unknown): boolean {
  return Boolean(b && typeof b === 'object' && !Array.isArray(b) && (b as { data?: unknown }).data && typeof (b as { data?: unknown }).data === 'object' && !Array.isArray((b as { data?: unknown }).data));
}
const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const junk = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('valueOf', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'unit-registration'), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }));
const registrationKeys = ['unit', 'certification', 'qualifications', 'contact'];
/** Raw bodies: random JSON, text that is not JSON, and the operation's own fields with wrong values. */
function bodies(o: Op): fc.Arbitrary<string> {
  const schema = o.op.requestBody?.content?.['application/json']?.schema;
  const keys = [...Object.keys(schema?.properties ?? {}), ...(schema?.$ref || JSON.stringify(schema ?? {}).includes('Registration') ? registrationKeys : [])];
  const shaped = keys.length ? fc.record(Object.fromEntries(keys.map((k) => [k, junk])), { requiredKeys: [] }).map((v) => JSON.stringify(v)) : fc.constant('{}');
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 120 }),
    fc.constantFrom('{', '{"a":', '[1,2', '\u0000', '{"unit":{"name":"\\u0000"}}', 'null', '""', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}'),
    shaped,
  ).filter((text) => !VALID[`${o.method} ${o.path}`]?.(parsed(text)));
}

async function send(o: Op, who: Session | undefined, body: string): Promise<number> {
  sent++;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}) };
  const r = await fetch(`${sys.url}${concretePath(o)}`, { method: o.method, headers, body });
  await r.arrayBuffer();
  return r.status;
}

it('covers every JSON operation of the OpenAPI document', () => {
  const json = OPERATIONS.filter(isJson);
  expect(json.length).toBeGreaterThan(20);
  expect(OPERATIONS.filter((o) => !isJson(o)).map((o) => `${o.method} ${o.path}`)).toEqual(['POST /api/files', 'POST /api/public/verify/{code}']);
});

describe.each(OPERATIONS.filter(isJson).map((o) => [`${o.method} ${o.path}`, o] as const))('%s', (name, o) => {
  it('never answers 5xx and never stores anything', async () => {
    fuzzed.push(name);
    const client = sender(o);
    const before = await snapshot();
    const bad: string[] = [];
    await fc.assert(
      fc.asyncProperty(bodies(o), async (body) => {
        const status = await send(o, client, body);
        const ok = status < 500 && (status >= 400 || (NO_OP_OK.has(name) && status < 300));
        if (!ok) bad.push(`${status} for ${body.slice(0, 200)}`);
        return true; // every input is run; the wrong answers are listed below
      }),
      { numRuns: 30 },
    );
    expect(bad).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});


describe('POST /api/files (multipart)', () => {
  const storeDir = () => sys.config.fileStoreDir;
  const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
  const NAMES = fc.oneof(
    fc.string({ minLength: 1, maxLength: 80 }),
    fc.tuple(fc.constantFrom('../', '..\\', '/etc/', 'C:\\Windows\\', '%2e%2e%2f', '....//', './.', '\u0000', '\r\n', '<script>'), fc.string({ maxLength: 20 }), fc.constantFrom('.png', '.pdf', '.png\u0000.exe', '')).map(([a, b, c]) => `${a}${a}${b}${c}`),
  );

  it('stores any file name as metadata only: the bytes at <store>/<id>, nothing written elsewhere', async () => {
    const uploadBad: string[] = [];
    let malformedNames = 0;
    const parent = path.dirname(storeDir());
    const parentBefore = entries(parent);
    await fc.assert(
      fc.asyncProperty(NAMES, async (name) => {
        sent++;
        const before = entries(storeDir());
        const r = await unitClient.upload(name, PNG);
        if (r.status === 400 && r.body?.error?.code === 'MALFORMED_UPLOAD') {
          // a name the multipart parser cannot read (a NUL in the part header): refused, nothing kept
          malformedNames++;
          if (entries(storeDir()).length !== before.length) uploadBad.push(`400 left a file behind for ${JSON.stringify(name)}`);
          return true;
        }
        if (r.status !== 201) {
          uploadBad.push(`${r.status} for ${JSON.stringify(name)}: ${JSON.stringify(r.body)}`);
          return true;
        }
        const after = entries(storeDir());
        const row = await sys.db('files').where({ id: r.body.id }).first();
        const download = await fetch(`${sys.url}/api/files/${r.body.id}`, { headers: {} });
        await download.arrayBuffer();
        return (
          after.length === before.length + 1 &&
          after.includes(r.body.id) &&
          fs.readFileSync(path.join(storeDir(), r.body.id)).equals(PNG) &&
          typeof row.original_name === 'string' &&
          !row.original_name.includes('\u0000') &&
          !/[\\/]/.test(row.original_name)
        );
      }),
      { numRuns: 40 },
    );
    process.stdout.write(`\nfuzz: upload names — ${40 - malformedNames} stored as metadata, ${malformedNames} refused as malformed multipart (400)\n`);
    expect(uploadBad).toEqual([]);
    expect(entries(parent)).toEqual(parentBefore);
  }, 60_000);

  it('refuses random content under any name (415, or 400 for an unreadable part header) and keeps neither a row nor a file', async () => {
    const files = Number((await sys.db('files').count('* as n'))[0].n);
    const stored = entries(storeDir());
    const refused: string[] = [];
    const notAFile = fc.uint8Array({ minLength: 1, maxLength: 2048 }).filter((b) => {
      const h = Buffer.from(b);
      return !(h[0] === 0xff && h[1] === 0xd8) && !h.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) && !h.subarray(0, 4).equals(Buffer.from('%PDF'));
    });
    await fc.assert(
      fc.asyncProperty(notAFile, NAMES, async (bytes, name) => {
        sent++;
        const r = await unitClient.upload(name.endsWith('.png') ? name : `${name}.png`, Buffer.from(bytes));
        if (r.status !== 415 && !(r.status === 400 && r.body?.error?.code === 'MALFORMED_UPLOAD')) refused.push(`${r.status} for ${JSON.stringify(name)} ${bytes.length} bytes`);
        return true;
      }),
      { numRuns: 40 },
    );
    expect(refused).toEqual([]);
    expect(Number((await sys.db('files').count('* as n'))[0].n)).toBe(files);
    expect(entries(storeDir())).toEqual(stored);
  }, 60_000);

  it('answers 413 to an oversized upload and 415 to a body that is not multipart, keeping nothing', async () => {
    const files = Number((await sys.db('files').count('* as n'))[0].n);
    const stored = entries(storeDir());
    sent += 2;
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 1)]);
    expect((await unitClient.upload('big.png', big)).status).toBe(413);
    const notMultipart = await fetch(`${sys.url}/api/files`, { method: 'POST', headers: { cookie: unitMain.cookie, 'x-csrf-token': unitMain.csrf, 'content-type': 'application/json' }, body: '{"file":"x"}' });
    expect(notMultipart.status).toBe(415);
    expect(Number((await sys.db('files').count('* as n'))[0].n)).toBe(files);
    expect(entries(storeDir())).toEqual(stored);
  }, 60_000);
});

it('POST /api/public/verify/{code}: any bytes under any content type against any code, never a 5xx and nothing stored', async () => {
  const doc = await issueDocument({ db: sys.db, fileStoreDir: sys.config.fileStoreDir, publicUrl: 'https://permitflow.example', now: () => new Date() }, {
    key: `sample:fuzz:${unitId}`, kind: DOCUMENT_KIND.sample, title: '模糊测试文件', unitId, layout: { title: '模糊测试文件', sections: [{ paragraphs: ['模糊'] }] },
  });
  const before = await snapshot();
  const bad: string[] = [];
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.constant(doc.code), fc.constant(doc.code.toLowerCase()), fc.string({ maxLength: 30 }), fc.constantFrom('..', '%00', 'x'.repeat(500))),
      fc.constantFrom('application/pdf', 'application/PDF; charset=x', 'application/json', 'text/plain', 'multipart/form-data', ''),
      fc.uint8Array({ maxLength: 4096 }),
      async (code, type, bytes) => {
        sent++;
        const r = await fetch(`${sys.url}/api/public/verify/${encodeURIComponent(code)}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body: Buffer.from(bytes) });
        const body = await r.text();
        if (r.status >= 500 || (r.status === 200 && JSON.parse(body).matches !== false)) bad.push(`${r.status} for ${JSON.stringify(code)} ${type} ${bytes.length} bytes`);
        return true;
      },
    ),
    { numRuns: 25 },
  );
  expect(bad).toEqual([]);
  expect(await snapshot()).toEqual(before);
}, 60_000);

it('takes control characters and odd Unicode in the fields of a valid registration without a 5xx', async () => {
  const odd5xx: string[] = [];
  const odd = fc.oneof(fc.constantFrom('\u0000', '\u0000abc', 'a\u202eb', '\ud800', '\uffff', '𠀀𠀀', 'a\r\nb', '\u0008'), fc.string({ minLength: 2, maxLength: 20 }));
  const fields = fc.constantFrom(['unit', 'name'], ['unit', 'address'], ['unit', 'legalRepresentative'], ['contact', 'name'], ['contact', 'title'], ['certification', 'industry']);
  await fc.assert(
    fc.asyncProperty(fields, odd, async ([group, key], value) => {
      sent++;
      const body = registrationBody() as unknown as Record<string, Record<string, unknown>>;
      body[group][key] = `名称${value}`;
      const r = await fetch(`${sys.url}/api/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await r.arrayBuffer();
      if (r.status >= 500) odd5xx.push(`${r.status} for ${group}.${key} = ${JSON.stringify(value)}`);
      return true;
    }),
    { numRuns: 25 },
  );
  expect(odd5xx).toEqual([]);
}, 60_000);

/** Every GET operation: random path parameters (traversal, NUL, huge numbers, long text) and random query strings. */
const GETS = Object.entries(openapi.paths as unknown as Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>)
  .filter(([p, ops]) => ops.get && p !== '/api/tasks/stream' && p !== '/health')
  .map(([p, ops]) => ({ path: p, query: (ops.get.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name) }));

describe.each(GETS.map((g) => [`GET ${g.path}`, g] as const))('%s', (name, g) => {
  it('never answers 5xx to odd path parameters and query strings', async () => {
    fuzzed.push(name);
    // the unit's own areas as its main account (staff would stop at 403), everything else as an admin
    const who = /^\/api\/(unit|publicity|power-permits|self-inspections|inspector)\b/.test(g.path) ? unitMain : admin;
    const segment = fc.oneof(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.constantFrom('..', '../../etc/passwd', '%00', '\u0000', '-1', '0', '1.5', '99999999999999999999999', 'NaN', 'null', '[]', '{}', ' ', 'x'.repeat(2000), '😀', 'unit-registration', '00000000-0000-4000-8000-000000000000'),
    );
    const queryValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('-1', '0', '100000', 'true', 'yes', '2026-13-45T99:99', 'due', 'created', 'me', 'none', '\u0000', '%', '%E0%A4%A', 'x'.repeat(3000)));
    const bad: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 4, maxLength: 4 }), fc.dictionary(fc.constantFrom(...g.query, 'x', 'limit', 'cursor'), queryValue, { maxKeys: 4 }), fc.boolean(), async (segs, query, rawPercent) => {
        sent++;
        let i = 0;
        const p = g.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(segs[i++]));
        const qs = Object.entries(query).map(([k, v]) => `${k}=${rawPercent ? v.replace(/[#&\s]/g, '') : encodeURIComponent(v)}`).join('&');
        const r = await fetch(`${sys.url}${p}${qs ? `?${qs}` : ''}`, { headers: { cookie: who.cookie } });
        await r.arrayBuffer();
        if (r.status >= 500) bad.push(`${r.status} for ${p}?${qs}`.slice(0, 300));
        return true;
      }),
      { numRuns: 25 },
    );
    expect(bad).toEqual([]);
  }, 60_000);
});
