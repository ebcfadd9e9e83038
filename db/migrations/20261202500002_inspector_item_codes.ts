import type { Knex } from 'knex';

/**
 * The inspector qualification's full item-code list (项目代号) in the order the manual shows it:
 * Y- inspection items and the GS- senior-inspector items are for inspectors (检验人员), S- items for
 * testers (检测人员). The eight codes seeded before keep their names; the rest are added.
 */
const ITEMS: Array<[string, 'inspector' | 'tester', string]> = [
  ['Y-GL', 'inspector', '锅炉检验员'],
  ['Y-NX', 'inspector', '锅炉能效测试员'],
  ['Y-RQ', 'inspector', '压力容器检验员'],
  ['Y-SZ', 'inspector', '锅炉水（介）质检验员'],
  ['Y-GD', 'inspector', '压力管道检验员'],
  ['Y-QP', 'inspector', '气瓶检验员'],
  ['Y-DT', 'inspector', '电梯检验员'],
  ['Y-QZ', 'inspector', '起重机械检验员'],
  ['Y-YL', 'inspector', '大型游乐设施检验员'],
  ['Y-SD', 'inspector', '客运索道检验员'],
  ['Y-CC', 'inspector', '场（厂）内专用机动车辆检验员'],
  ['GS-CY', 'inspector', '承压类设备高级检验师'],
  ['GS-JD', 'inspector', '机电类设备高级检验师'],
  ['S-GL', 'tester', '锅炉检测员'],
  ['S-QZ', 'tester', '起重机械安全监控检测员'],
  ['S-SD', 'tester', '客运索道检测员'],
  ['S-JJ', 'tester', '机电类设备检测员'],
  ['S-RG', 'tester', '燃气管道检测员'],
  ['S-DT', 'tester', '电梯检测员'],
  ['S-YL', 'tester', '大型游乐设施检测员'],
];
const BEFORE = ['Y-GL', 'Y-RQ', 'Y-GD', 'Y-QP', 'Y-DT', 'Y-QZ', 'S-QZ', 'S-DT'];

export async function up(knex: Knex): Promise<void> {
  await knex('inspector_items')
    .insert(ITEMS.map(([code, type, name], sort) => ({ code, type, name, sort })))
    .onConflict('code')
    .merge(['sort', 'type']);
}

export async function down(knex: Knex): Promise<void> {
  await knex('inspector_items').whereNotIn('code', BEFORE).delete();
  for (const [i, code] of BEFORE.entries()) await knex('inspector_items').where({ code }).update({ sort: i });
}
