/**
 * The special-equipment licensing documents: the correction notice 补齐补正告知书, the acceptance
 * decision 受理决定书 and the production licence 特种设备生产许可证.
 */
import type { DocLayout } from '../render';
import { LICENCE_STATUTORY_WORKING_DAYS } from '../../domain/licensing/rules';

/** The notice lists each part or field to correct with its reason: rows of [label, reason]. */
export function correctionNoticeLayout(p: { number: string; round: number; unitName: string; authority: string; rows: Array<[string, string]> }): DocLayout {
  return {
    title: '特种设备行政许可补齐补正告知书',
    subtitle: `第 ${p.round} 次`,
    number: { label: '申请号', value: p.number },
    sections: [
      { fields: [['申请单位', p.unitName], ['审批机关', p.authority]] },
      { heading: '请补齐补正以下内容', table: { columns: ['序号', '部分或字段', '原因'], rows: p.rows.map(([label, reason], n) => [String(n + 1), label, reason]) } },
      { paragraphs: ['请按上述意见修改后再次提交。只有所列部分和字段可以修改。'] },
    ],
    signatures: [`${p.authority}（特种设备行政许可办公室）`],
  };
}

export function acceptanceLayout(p: {
  number: string;
  unit: { name: string; legal_representative: string | null; address: string };
  category: { name: string; agency_name: string; agency_contact: string; agency_phone: string; agency_address: string };
  items: Array<{ code: string; project: string; name: string; level: string }>;
  authority: string;
  acceptedAt: Date;
  /** 是否收费 and 接收材料时间 as the authority entered them */
  feeCharged: boolean | null;
  materialsReceivedOn: string | null;
}): DocLayout {
  return {
    title: '特种设备行政许可受理决定书',
    number: { label: '受理单号', value: p.number },
    sections: [
      { fields: [['项目名称', p.category.name], ['申请人', p.unit.name], ['法定代表人', p.unit.legal_representative ?? ''], ['住所', p.unit.address], ['受理机关', p.authority], ['接收材料时间', p.materialsReceivedOn ?? ''], ['受理日期', new Date(p.acceptedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10)], ['是否收费', p.feeCharged === null ? '' : p.feeCharged ? '是' : '否']] },
      { heading: '许可项目', table: { columns: ['项目代码', '项目', '子项目', '级别'], rows: p.items.map((i) => [i.code, i.project, i.name, i.level === 'national' ? '国家级' : '省级']) } },
      { heading: '委托鉴定评审机构', fields: [['机构名称', p.category.agency_name], ['联系人', p.category.agency_contact], ['电话', p.category.agency_phone], ['地址', p.category.agency_address]] },
      {
        heading: '法定办结时限',
        paragraphs: [
          `本机关自受理之日起 ${LICENCE_STATUTORY_WORKING_DAYS} 个工作日内作出许可决定。办理过程中所需的听证、检验、检测、检疫、鉴定、专家评审时间不计入办结时限。`,
          '请与上述鉴定评审机构协商鉴定评审日期。',
        ],
      },
    ],
    signatures: [`${p.authority}（印章）`],
  };
}

export function licenceLayout(p: {
  number: string;
  categoryName?: string;
  /** a unit registered with its organisation code (no USCC) shows that code */
  unit: { name: string; uscc: string | null; org_code?: string | null; address: string; legal_representative: string | null };
  acceptanceNumber: string;
  issuedOn: string;
  validUntil: string;
  items: Array<{ code: string; project: string; name: string }>;
  authority: string;
}): DocLayout {
  return {
    title: '中华人民共和国特种设备生产许可证',
    subtitle: p.categoryName,
    number: { label: '许可证编号', value: p.number },
    sections: [
      { fields: [['单位名称', p.unit.name], p.unit.uscc ? ['统一社会信用代码', p.unit.uscc] : ['组织机构代码', p.unit.org_code ?? ''], ['住所', p.unit.address], ['法定代表人', p.unit.legal_representative ?? ''], ['受理单号', p.acceptanceNumber], ['发证日期', p.issuedOn], ['有效期至', p.validUntil]] },
      { heading: '许可项目', table: { columns: ['项目代码', '项目', '子项目'], rows: p.items.map((i) => [i.code, i.project, i.name]) } },
    ],
    signatures: [`发证机关：${p.authority}（印章）`],
  };
}
