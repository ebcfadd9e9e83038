/**
 * Development seed: one account of each kind (README lists them). Idempotent: existing logins are
 * left alone. Runs at start in development only (PF_SEED=false turns it off).
 */
import type { Db } from '../core/db';
import { hashPassword } from '../core/passwords';
import { GROUP, licenceProvinceGroup, UNIT_STATUS } from '../domain/registry';

export const SEED_ACCOUNTS = [
  { login: 'admin', password: 'Admin2026!', kind: 'admin', display_name: '系统管理员 Admin', groups: ['admins'], email: 'admin@permitflow.local' },
  { login: 'reviewer1', password: 'Review2026!', kind: 'reviewer', display_name: '审核员 王敏 Reviewer', groups: [GROUP.registrationReviewers, GROUP.unitReviewers, GROUP.publicityReviewers], email: 'reviewer1@permitflow.local' },
  { login: 'lead1', password: 'Lead2026!', kind: 'reviewer', display_name: '审核组长 赵强 Review lead', groups: [GROUP.registrationReviewers, GROUP.unitReviewers, GROUP.reviewLeads, GROUP.publicityReviewers], email: 'lead1@permitflow.local' },
  { login: 'office1', password: 'Office2026!', kind: 'reviewer', display_name: '中特协办公室 李静 Association office', groups: [GROUP.appraisalOffice], email: 'office1@permitflow.local' },
  { login: 'leader1', password: 'Leader2026!', kind: 'reviewer', display_name: '评审组长 陈伟 Review-team leader', groups: [GROUP.appraisalLeaders], email: 'leader1@permitflow.local' },
  { login: '91110000600037341L', password: 'Unit2026!', kind: 'unit-main', display_name: '示例检验有限公司 联系人 孙丽', groups: [], email: 'unit@permitflow.local' },
  // special-equipment licensing: the national authority, Beijing's authority, an appraisal agency, a person
  { login: 'samr1', password: 'Samr2026!', kind: 'reviewer', display_name: '国家市场监督管理总局 许可审查员 周华', groups: [GROUP.licenceNationalAuthority, GROUP.inspectorAuthority], email: 'samr1@permitflow.local' },
  { login: 'bjamr1', password: 'Bjamr2026!', kind: 'reviewer', display_name: '北京市市场监督管理局 许可审查员 陈立', groups: [licenceProvinceGroup('110000')], email: 'bjamr1@permitflow.local' },
  { login: 'agency1', password: 'Agency2026!', kind: 'reviewer', display_name: '中国特种设备检测研究院 鉴定评审 段晓斌', groups: [GROUP.appraisalAgencies], email: 'agency1@permitflow.local' },
  { login: 'inspector1', password: 'Person2026!', kind: 'person', display_name: '孙雪峰（个人）', groups: [], email: 'inspector1@permitflow.local' },
] as const;

export async function seedDevelopment(db: Db): Promise<string[]> {
  const created: string[] = [];
  let unit = await db('units').where({ uscc: '91110000600037341L' }).first();
  if (!unit) {
    [unit] = await db('units')
      .insert({
        uscc: '91110000600037341L', name: '示例检验有限公司', legal_representative: '周建国', province: '110000', city: '110100',
        district: '110108', address: '北京市海淀区中关村大街 1 号', postcode: '100080', phone: '010-62001234', institution_type: 'inspection',
        status: UNIT_STATUS.active, activated_at: db.fn.now(),
      })
      .returning('*');
  }
  for (const a of SEED_ACCOUNTS) {
    if (await db('accounts').where({ login: a.login }).first()) continue;
    await db('accounts').insert({
      login: a.login, password_hash: await hashPassword(a.password), kind: a.kind, display_name: a.display_name,
      groups: [...a.groups], email: a.email, status: 'active', unit_id: a.kind === 'unit-main' ? unit.id : null,
    });
    created.push(a.login);
  }
  // the association's published appraisal documents (鉴定评审文件), so the list is not empty in development
  if (!(await db('appraisal_publications').first())) {
    await db('appraisal_publications').insert([
      { title: '关于开展2026年度特种设备检验检测机构鉴定评审工作的通知', doc_number: '中特协〔2026〕12号', category: 'notice', summary: '鉴定评审的范围、程序、时间安排与材料要求。', published_by: 'office1' },
      { title: '特种设备检验检测机构鉴定评审细则（修订）', doc_number: '中特协〔2026〕8号', category: 'rule', summary: '评审组组成、现场评审、整改与复评的要求。', published_by: 'office1' },
    ]);
  }
  return created;
}
