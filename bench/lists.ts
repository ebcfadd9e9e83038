/**
 * bench/lists — prints (never asserts) how fast a unit's list pages answer a filtered page when the
 * unit has 10,000 rows in each: sub-accounts, secondary units, qualifications, publicity
 * applications (申报单), cancellation requests, information-change history and unregistered
 * persons. See bench/README.md.
 *
 *   node -r ts-node/register/transpile-only bench/lists.ts [--rows 10000] [--requests 200] [--warmup 20] [--batch 1000]
 *
 * Own database (permitflow_bench_lists, recreated; PF_BENCH_SLOT=N moves it to _b<N>), the bench's
 * Redis db and engine (bench/env.ts): it runs next to a development system and a test run.
 */
import '../test/support/env';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { arg, runBench } from './args';
import { benchEnv } from './env';

// The test environment moved out of the way of the test suite (and of bench/inbox's database),
// set before anything reads the configuration (every project module is imported dynamically below).
const env = benchEnv('system');
Object.assign(process.env, { ...env, DATABASE_URL: env.DATABASE_URL.replace('/permitflow_bench', '/permitflow_bench_lists') });

const ROWS = arg('rows', 10_000);
const REQUESTS = arg('requests', 200);
const WARMUP = arg('warmup', 20, 0);
const BATCH = arg('batch', 1000);
const PAGE = 20;

const say = (msg: string) => console.log(`[bench] ${msg}`);
/** p50 / p99 / max by nearest rank, ms with one decimal. */
function percentiles(samples: number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const one = (x: number) => Math.round(x * 10) / 10;
  return { n: sorted.length, p50: one(rank(50)), p99: one(rank(99)), max: one(sorted[sorted.length - 1]) };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯健俊帆鑫毅晨阳';
/** Every 100th name starts with 欧阳 (the filtered pages look for it: 1% of the rows match). */
const personName = (i: number) => (i % 100 === 0 ? '欧阳' : SURNAMES[i % SURNAMES.length]) + GIVEN[(i * 7) % GIVEN.length] + GIVEN[(i * 13) % GIVEN.length];

async function main(): Promise<number> {
  const { loadConfig } = await import('../core/config');
  const { stopLocalEngine } = await import('../engine/launcher');
  const { freshDatabaseAndEngine } = await import('./fresh');
  const { startTestSystem, signIn } = await import('../test/support/harness');
  const { hashPassword } = await import('../core/passwords');
  const { makeIdNumber } = await import('../db/publicity/seed-practitioners');
  const { PROCESS } = await import('../domain/registry');

  const config = loadConfig();
  const figures: Record<string, unknown> = {
    bench: 'lists', at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, rows: ROWS, requests: REQUESTS, pageSize: PAGE,
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
  };

  const engine = await freshDatabaseAndEngine(config, say);
  let sys: Awaited<ReturnType<typeof startTestSystem>> | undefined;
  const latency: Record<string, ReturnType<typeof percentiles> & { total: number; path: string }> = {};
  try {
    sys = await startTestSystem({ workers: false });
    const db = sys.db;
    const insert = async (table: string, rows: Array<Record<string, unknown>>, returning?: string): Promise<Array<Record<string, unknown>>> => {
      const out: Array<Record<string, unknown>> = [];
      for (let i = 0; i < rows.length; i += BATCH) {
        const q = db(table).insert(rows.slice(i, i + BATCH));
        if (returning) out.push(...(await q.returning(returning)));
        else await q;
      }
      return out;
    };
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    /** A valid ID number, different for every i below 100,000 (a birthday from 1960 on, then the sequence). */
    const idNumber = (region: string, i: number) =>
      makeIdNumber(region, new Date(Date.UTC(1960, 0, 1) + (i % 10_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''), Math.floor(i / 10_000));
    const at = (i: number) => new Date(Date.now() - (ROWS - i) * 60_000).toISOString();

    // the unit, its main account, and another unit whose rows share every table
    const place = { legal_representative: '王一', province: '110000', city: '110100', district: '110105', address: '北京市朝阳区基准路 1 号', postcode: '100020', phone: '010-6000000', status: 'active' };
    const [unit, other] = await db('units').insert([{ ...place, uscc: '91110105MA00BENCH1', name: '列表基准检验有限公司' }, { ...place, uscc: '91110105MA00BENCH2', name: '列表基准另一公司' }]).returning('id');
    const hash = await hashPassword('Bench2026!x');
    const login = `benchlists${Date.now()}`;
    await db('accounts').insert({ login, password_hash: hash, kind: 'unit-main', display_name: '基准主帐号', email: `${login}@example.test`, unit_id: unit.id, status: 'active' });
    const t0 = performance.now();

    for (const owner of [unit.id, other.id]) {
      const tag = owner === unit.id ? 'a' : 'b';
      say(`seeding ${ROWS} rows of each list for unit ${tag}`);
      // secondary units
      const branches = await insert('units', range(ROWS).map((i) => ({ ...place, uscc: null, name: `${personName(i)}分公司${tag}${i}`, parent_unit_id: owner, created_at: at(i) })), 'id');
      // sub-accounts, every third in one of the first 100 secondary units
      await insert('accounts', range(ROWS).map((i) => ({
        login: `bl${tag}${i}`, password_hash: hash, kind: 'unit-sub', display_name: personName(i), email: `bl${tag}${i}@example.test`, unit_id: owner, status: i % 10 === 5 ? 'disabled' : 'active',
        permissions: ['publicity'], branch_unit_id: i % 3 === 0 ? branches[i % 100].id : null, created_at: at(i),
      })));
      // qualifications: each from an approved qualification application
      const qualApps = await insert('applications', range(ROWS).map((i) => ({ number: `BLQ${tag}${i}`, process_id: PROCESS.unitQualification, status: 'approved', unit_id: owner, data: '{}', created_at: at(i) })), 'id');
      await insert('unit_qualifications', range(ROWS).map((i) => ({
        unit_id: owner, application_id: qualApps[i].id, qualification_type: ['type-test', 'inspection', 'testing'][i % 3], certificate_no: `TS${tag}${i}`, issue_date: '2024-01-01',
        expiry_date: new Date(Date.UTC(2026, 0, 1) + (i % 1500) * 86_400_000).toISOString().slice(0, 10), status: 'active',
      })));
      // practitioners: one per publicity application and one per cancellation (their ID numbers unique)
      const people = await insert('practitioners', range(2 * ROWS).map((i) => ({
        name: personName(i), id_number: idNumber(tag === 'a' ? '110105' : '310115', i), mobile: `139${String(10_000_000 + i).slice(-8)}`,
      })), 'id');
      const statuses = ['awaiting_upload', 'in_review', 'approved', 'rejected', 'ineligible'];
      const pubApps = await insert('applications', range(ROWS).map((i) => ({ number: `BLP${tag}${i}`, process_id: PROCESS.publicityApplication, status: statuses[(i + 2) % 5], unit_id: owner, branch_unit_id: i % 7 === 0 ? branches[i % 100].id : null, data: '{}', created_at: at(i) })), 'id');
      await insert('publicity_applications', range(ROWS).map((i) => ({ application_id: pubApps[i].id, practitioner_id: people[i % people.length].id, unit_id: owner, type: 'initial' })));
      const cancelStatuses = ['pending', 'in_review', 'approved', 'rejected', 'deleted'];
      const cancels = await insert('applications', range(ROWS).map((i) => ({ number: `BLC${tag}${i}`, process_id: PROCESS.publicityCancel, status: cancelStatuses[(i + 2) % 5], unit_id: owner, data: JSON.stringify({ contactName: '联系人', contactPhone: '010-6000000' }), created_at: at(i) })), 'id');
      await insert('publicity_applications', range(ROWS).map((i) => ({ application_id: cancels[i].id, practitioner_id: people[(ROWS + i) % people.length].id, unit_id: owner, type: 'cancel', reason: '离职' })));
      // information changes
      const reasons = ['information-change', 'split', 'merge'];
      const changeStatuses = ['submitted', 'in_review', 'approved', 'rejected', 'terminated'];
      await insert('applications', range(ROWS).map((i) => ({ number: `BLI${tag}${i}`, process_id: PROCESS.unitInfoChange, status: changeStatuses[i % 5], unit_id: owner, data: JSON.stringify({ reason: reasons[i % 3], name: `新名称${i}` }), created_at: at(i) })));
      // unregistered persons
      await insert('unregistered_persons', range(ROWS).map((i) => ({
        unit_id: owner, name: personName(i), id_number: idNumber('440305', i), created_by: 'bench', created_at: at(i),
      })));
    }
    figures.seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
    for (const table of ['units', 'accounts', 'applications', 'unit_qualifications', 'practitioners', 'publicity_applications', 'unregistered_persons']) await db.raw(`ANALYZE ${table}`);
    say(`seeded in ${figures.seedSeconds} s`);

    // one filtered page of each list, as the unit's main account asks for it
    const client = await signIn(sys.url, login, 'Bench2026!x');
    const name = encodeURIComponent('欧阳');
    const SCENARIOS: Record<string, string> = {
      subAccounts: `/api/unit/accounts?name=${name}&kind=unit-sub&status=active&pageSize=${PAGE}`,
      branches: `/api/unit/branches?name=${name}&pageSize=${PAGE}`,
      qualifications: `/api/unit/qualifications?status=expiring&certificateNo=TSa1&pageSize=${PAGE}`,
      qualificationsFirstPage: `/api/unit/qualifications?pageSize=${PAGE}`,
      publicityApplications: `/api/publicity/applications?name=${name}&status=approved&pageSize=${PAGE}`,
      publicityApplicationsByBranch: `/api/publicity/applications?branchUnitId=BRANCH&pageSize=${PAGE}`,
      cancellations: `/api/publicity/cancellations?name=${name}&status=approved&pageSize=${PAGE}`,
      infoChanges: `/api/unit/info-changes?reason=split&status=approved&pageSize=${PAGE}`,
      unregisteredPersons: `/api/publicity/unregistered-persons?name=${name}&pageSize=${PAGE}`,
      unregisteredPersonsLastPage: `/api/publicity/unregistered-persons?pageSize=${PAGE}&page=${Math.floor(ROWS / PAGE)}`,
    };
    const someBranch = await db('units').where({ parent_unit_id: unit.id }).orderBy('created_at').first('id');
    for (const [key, template] of Object.entries(SCENARIOS)) {
      const path = template.replace('BRANCH', someBranch.id);
      let total = 0;
      const samples: number[] = [];
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const s = performance.now();
        const r = await client.call('GET', path);
        const ms = performance.now() - s;
        if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        total = r.body.total ?? r.body.items.length;
        if (i >= WARMUP) samples.push(ms);
      }
      latency[key] = { ...percentiles(samples), total, path };
      say(`${key.padEnd(30)} p50 ${latency[key].p50.toFixed(1).padStart(7)}  p99 ${latency[key].p99.toFixed(1).padStart(7)}  max ${latency[key].max.toFixed(1).padStart(7)} ms  (matching ${total})`);
    }
    figures.latencyMs = latency;
  } finally {
    if (sys) await sys.stop().catch((err) => console.error('[bench] stopping the system:', err));
    if (engine.started) await stopLocalEngine(config.engine.dataDir).catch((err) => console.error('[bench] stopping the engine:', err));
  }

  console.log('');
  console.log('==================== bench/lists summary ====================');
  console.log(`machine: ${os.cpus().length} CPUs, node ${process.version}; load average at the start ${(figures.loadAverage as number[]).join(' ')}`);
  console.log(`seeded ${ROWS} rows per list for the unit and as many for another unit in ${figures.seedSeconds} s`);
  console.log(`GET, ms (${REQUESTS} sequential requests each after ${WARMUP} warm-up; page size ${PAGE}):`);
  for (const [k, v] of Object.entries(latency)) console.log(`  ${k.padEnd(30)} p50 ${v.p50.toFixed(1).padStart(7)}  p99 ${v.p99.toFixed(1).padStart(7)}  max ${v.max.toFixed(1).padStart(7)}  (matching ${v.total})`);
  console.log('==============================================================');
  console.log(JSON.stringify(figures));
  return 0;
}

runBench(main);
