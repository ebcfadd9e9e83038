/**
 * The materials of a power-facility permit application by category and level (承装、承修、承试,
 * 一级至五级; seed 004 §4.1: "当选择同时承装、承修、承试时分别提供各类型资料"). Each category the
 * applicant chooses brings its own set, at the level chosen; the free-trade-zone fast track drops
 * what the manual's reform measures drop (法人营业执照, 注册建造师证书, the special electricians:
 * obtained through information sharing or no longer a condition).
 * The data holds them as materials.<category>.<key> (files) and materials.common.<key>.
 */
import type { PowerCategory } from './ids';

export interface MaterialSpec {
  key: string;
  zh: string;
  en: string;
  /** the levels that need it ('1' is the highest); all levels when absent */
  levels?: readonly string[];
  /** not asked on the free-trade-zone fast track */
  waivedOnFastTrack?: boolean;
}

export const CATEGORY_ZH: Record<PowerCategory, string> = { install: '承装', repair: '承修', test: '承试' };
export const CATEGORY_EN: Record<PowerCategory, string> = { install: 'Install', repair: 'Repair', test: 'Test' };
export const LEVEL_ZH: Record<string, string> = { '1': '一级', '2': '二级', '3': '三级', '4': '四级', '5': '五级' };

const UPPER = ['1', '2', '3'] as const;
const TOP = ['1', '2'] as const;

/** Once per application, whatever the categories. */
export const COMMON_MATERIALS: readonly MaterialSpec[] = [
  { key: 'businessLicence', zh: '法人营业执照', en: 'business licence', waivedOnFastTrack: true },
  { key: 'premisesProof', zh: '经营场所证明（产权证明或租赁合同）', en: 'proof of the business premises' },
];

const constructorCertificates: MaterialSpec = { key: 'constructorCertificates', zh: '注册建造师证书复印件', en: 'registered constructor certificates', waivedOnFastTrack: true };
const safetyLicence: MaterialSpec = { key: 'safetyLicence', zh: '安全生产许可证', en: 'work safety licence', levels: UPPER };
const managementSystem: MaterialSpec = { key: 'managementSystem', zh: '质量、安全、职业健康管理体系文件', en: 'quality, safety and health management system documents', levels: TOP };
/** the special electricians of the category (特种作业操作证（电工）): no longer a condition on the fast track */
const specialElectricians = (work: string, en: string): MaterialSpec => ({ key: 'specialElectricians', zh: `${work}特种作业操作证（电工）`, en: `special operation certificates (${en})`, waivedOnFastTrack: true });

/** Each category's own set. */
export const CATEGORY_MATERIALS: Record<PowerCategory, readonly MaterialSpec[]> = {
  install: [
    { key: 'equipmentList', zh: '承装类施工机具设备清单及购置凭证', en: 'list of construction equipment with purchase proof' },
    constructorCertificates, specialElectricians('电力电缆作业', 'power cable work'), safetyLicence, managementSystem,
  ],
  repair: [
    { key: 'equipmentList', zh: '承修类检修机具设备清单及购置凭证', en: 'list of repair equipment with purchase proof' },
    constructorCertificates, specialElectricians('继电保护作业', 'relay protection work'), safetyLicence, managementSystem,
  ],
  test: [
    { key: 'instrumentList', zh: '承试类试验仪器仪表清单', en: 'list of test instruments' },
    { key: 'calibrationCertificates', zh: '试验仪器检定（校准）证书', en: 'calibration certificates of the test instruments' },
    specialElectricians('电气试验作业', 'electrical testing'),
    { key: 'laboratoryProof', zh: '试验室（场所）证明', en: 'proof of the testing laboratory', levels: UPPER },
    managementSystem,
  ],
};

const applies = (m: MaterialSpec, level: string, fastTrack: boolean) => (!m.levels || m.levels.includes(level)) && !(fastTrack && m.waivedOnFastTrack);

/** The materials a category at a level needs (on the fast track or not). */
export function materialsFor(category: PowerCategory, level: string, fastTrack = false): MaterialSpec[] {
  return CATEGORY_MATERIALS[category].filter((m) => applies(m, level, fastTrack));
}

/** The materials every application needs once. */
export function commonMaterials(fastTrack = false): MaterialSpec[] {
  return COMMON_MATERIALS.filter((m) => applies(m, '5', fastTrack));
}
