import type { Knex } from 'knex';

/**
 * Special-equipment licensing: the catalogue of licence categories and items (each item
 * with its level: national items are approved by the national authority, the rest by the
 * province's), the inspector item codes, the state of a production-licence case (routing,
 * supplement/correction notices, acceptance, appraisal dates, the hidden review feedback, the
 * licence) and the statutory clock's periods. Also who submitted an application (persons have no unit).
 */
const CATEGORIES = [
  { code: 'manufacture', name: '特种设备制造单位许可', agency_name: '中国特种设备检测研究院', agency_contact: '段晓斌', agency_phone: '010-59068000', agency_address: '北京市朝阳区和平街西苑2号楼' },
  { code: 'installation', name: '特种设备安装改造修理单位许可', agency_name: '中国特种设备检测研究院', agency_contact: '孙晓', agency_phone: '010-59068001', agency_address: '北京市朝阳区和平街西苑2号楼' },
  { code: 'filling', name: '气瓶及移动式压力容器充装单位许可', agency_name: '省特种设备检验研究院', agency_contact: '刘平', agency_phone: '029-86100000', agency_address: '省会市未央区凤城八路 1 号' },
  { code: 'inspection', name: '特种设备检验检测机构核准', agency_name: '中国特种设备检测研究院', agency_contact: '段晓斌', agency_phone: '010-59068000', agency_address: '北京市朝阳区和平街西苑2号楼' },
  { code: 'valve-calibration', name: '安全阀校验机构核准', agency_name: '省特种设备检验研究院', agency_contact: '刘平', agency_phone: '029-86100000', agency_address: '省会市未央区凤城八路 1 号' },
];

const ITEMS = [
  ['M-SV-A', 'manufacture', '安全附件制造', '安全阀A', 'national'],
  ['M-SV-B', 'manufacture', '安全附件制造', '安全阀B', 'provincial'],
  ['M-ESV-A', 'manufacture', '安全附件制造', '紧急切断阀A', 'national'],
  ['M-ESV-B', 'manufacture', '安全附件制造', '紧急切断阀B', 'provincial'],
  ['M-PF-B1', 'manufacture', '压力管道元件制造', '压力管道管件(无缝管件)B1', 'provincial'],
  ['M-PE', 'manufacture', '压力管道元件制造', '聚乙烯管件', 'provincial'],
  ['M-BL-A', 'manufacture', '锅炉制造', 'A级锅炉', 'national'],
  ['M-PV-A1', 'manufacture', '压力容器制造', '大型高压容器A1', 'national'],
  ['I-EL-A1', 'installation', '电梯安装修理', '曳引驱动乘客电梯A1', 'national'],
  ['I-EL-A2', 'installation', '电梯安装修理', '曳引驱动乘客电梯A2', 'provincial'],
  ['I-CR-A', 'installation', '起重机械安装修理', '桥式起重机A', 'provincial'],
  ['F-CYL', 'filling', '气瓶充装', '永久气体气瓶充装', 'provincial'],
  ['F-MPV', 'filling', '移动式压力容器充装', '液化气体移动式压力容器充装', 'provincial'],
  ['X-COMP', 'inspection', '综合检验机构', '综合检验机构甲类', 'national'],
  ['X-NDT', 'inspection', '无损检测机构', '无损检测机构B级', 'provincial'],
  ['V-CAL', 'valve-calibration', '安全阀校验', '安全阀校验', 'provincial'],
].map(([code, category, project, name, level], i) => ({ code, category, project, name, level, sort: i }));

const INSPECTOR_ITEMS = [
  ['Y-GL', 'inspector', '锅炉检验员'],
  ['Y-RQ', 'inspector', '压力容器检验员'],
  ['Y-GD', 'inspector', '压力管道检验员'],
  ['Y-QP', 'inspector', '气瓶检验员'],
  ['Y-DT', 'inspector', '电梯检验员'],
  ['Y-QZ', 'inspector', '起重机械检验员'],
  ['S-QZ', 'tester', '起重机械安全监控检测员'],
  ['S-DT', 'tester', '电梯检测员'],
].map(([code, type, name], i) => ({ code, type, name, sort: i }));

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    t.string('applicant_login', 64).index();
  });
  await knex.schema.createTable('licence_categories', (t) => {
    t.string('code', 40).primary();
    t.string('name', 100).notNullable();
    t.string('agency_name', 100).notNullable();
    t.string('agency_contact', 40).notNullable();
    t.string('agency_phone', 40).notNullable();
    t.string('agency_address', 200).notNullable();
  });
  await knex.schema.createTable('licence_items', (t) => {
    t.string('code', 40).primary();
    t.string('category', 40).notNullable().references('licence_categories.code');
    t.string('project', 100).notNullable();
    t.string('name', 100).notNullable();
    t.string('level', 20).notNullable(); // national | provincial
    t.integer('sort').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('inspector_items', (t) => {
    t.string('code', 20).primary();
    t.string('type', 20).notNullable(); // inspector | tester
    t.string('name', 100).notNullable();
    t.integer('sort').notNullable().defaultTo(0);
  });
  await knex('licence_categories').insert(CATEGORIES);
  await knex('licence_items').insert(ITEMS);
  await knex('inspector_items').insert(INSPECTOR_ITEMS);

  await knex.schema.createTable('licence_cases', (t) => {
    t.uuid('application_id').primary().references('applications.id').onDelete('CASCADE');
    t.string('category', 40).notNullable();
    t.specificType('item_codes', 'text[]').notNullable();
    t.string('authority_level', 20).notNullable();
    t.string('authority_group', 64).notNullable();
    t.string('authority_name', 100).notNullable();
    t.integer('correction_round').notNullable().defaultTo(0);
    t.string('acceptance_number', 40).unique();
    t.timestamp('accepted_at', { useTz: true });
    t.string('appraisal_from', 10);
    t.string('appraisal_to', 10);
    t.integer('dates_returned').notNullable().defaultTo(0);
    t.string('appraisal_conclusion', 20);
    // the review feedback form (鉴定评审反馈表): authority roles only
    t.jsonb('feedback');
    t.timestamp('feedback_at', { useTz: true });
    t.string('licence_number', 40).unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('licence_corrections', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('applications.id').onDelete('CASCADE');
    t.integer('round').notNullable();
    t.jsonb('items').notNullable(); // [{ field, reason }]
    t.string('created_by', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('resolved_at', { useTz: true });
    t.unique(['application_id', 'round']);
  });
  await knex.schema.createTable('case_clock_periods', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('applications.id').onDelete('CASCADE');
    t.string('kind', 10).notNullable(); // counting | paused
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    // the job that opened it: a retried job opens it once
    t.string('opened_by', 64).notNullable().unique();
    t.index(['application_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['case_clock_periods', 'licence_corrections', 'licence_cases', 'inspector_items', 'licence_items', 'licence_categories']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('applications', (t) => t.dropColumn('applicant_login'));
}
