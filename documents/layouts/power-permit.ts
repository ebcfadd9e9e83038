/** The power-facility permit 承装（修、试）电力设施许可证. */
import type { DocLayout } from '../render';

/** categories: the permit's categories and levels as words (e.g. 承装类一级、承修类二级). */
export function permitLayout(p: { number: string; unit: Record<string, unknown>; categories: string; issuedOn: string; validUntil: string; note?: string }): DocLayout {
  return {
    title: '承装（修、试）电力设施许可证',
    subtitle: 'Power-facility installation, repair and testing permit',
    number: { label: '许可证编号', value: p.number },
    sections: [
      {
        fields: [
          ['单位名称', String(p.unit.name)],
          ['统一社会信用代码', String(p.unit.uscc)],
          ['法定代表人', String(p.unit.legal_representative)],
          ['住所', String(p.unit.address)],
          ['许可类别和等级', p.categories],
          ['发证日期', p.issuedOn],
          ['有效期至', p.validUntil],
        ],
      },
      ...(p.note ? [{ paragraphs: [p.note] }] : []),
    ],
    signatures: ['发证机关（盖章） / Issuing authority'],
  };
}
