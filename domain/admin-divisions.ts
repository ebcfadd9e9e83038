/**
 * Mainland-China administrative divisions (GB/T 2260): all province-level units, and the cities
 * and districts of the regions served so far. Extend the table as regions are added; a code not
 * in it is rejected, so an applicant is never registered under a made-up district.
 */
export interface Division {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district';
}

const PROVINCES: Record<string, string> = {
  '110000': '北京市', '120000': '天津市', '130000': '河北省', '140000': '山西省', '150000': '内蒙古自治区',
  '210000': '辽宁省', '220000': '吉林省', '230000': '黑龙江省', '310000': '上海市', '320000': '江苏省',
  '330000': '浙江省', '340000': '安徽省', '350000': '福建省', '360000': '江西省', '370000': '山东省',
  '410000': '河南省', '420000': '湖北省', '430000': '湖南省', '440000': '广东省', '450000': '广西壮族自治区',
  '460000': '海南省', '500000': '重庆市', '510000': '四川省', '520000': '贵州省', '530000': '云南省',
  '540000': '西藏自治区', '610000': '陕西省', '620000': '甘肃省', '630000': '青海省', '640000': '宁夏回族自治区',
  '650000': '新疆维吾尔自治区',
};

const CITIES: Record<string, string> = {
  '110100': '北京市市辖区', '310100': '上海市市辖区',
  '440100': '广州市', '440300': '深圳市', '330100': '杭州市', '320100': '南京市', '320500': '苏州市', '510100': '成都市',
};

const DISTRICTS: Record<string, string> = {
  '110101': '东城区', '110102': '西城区', '110105': '朝阳区', '110106': '丰台区', '110107': '石景山区', '110108': '海淀区',
  '310101': '黄浦区', '310104': '徐汇区', '310105': '长宁区', '310106': '静安区', '310107': '普陀区', '310115': '浦东新区',
  '440103': '荔湾区', '440104': '越秀区', '440105': '海珠区', '440106': '天河区',
  '440303': '罗湖区', '440304': '福田区', '440305': '南山区',
  '330102': '上城区', '330105': '拱墅区', '330106': '西湖区',
  '320102': '玄武区', '320104': '秦淮区', '320106': '鼓楼区',
  '320505': '虎丘区', '320506': '吴中区', '320508': '姑苏区',
  '510104': '锦江区', '510105': '青羊区', '510107': '武侯区',
};

export function findDivision(code: string): Division | undefined {
  if (PROVINCES[code]) return { code, name: PROVINCES[code], level: 'province' };
  if (CITIES[code]) return { code, name: CITIES[code], level: 'city' };
  if (DISTRICTS[code]) return { code, name: DISTRICTS[code], level: 'district' };
  return undefined;
}

export const divisionName = (code: string): string | undefined => findDivision(code)?.name;

/** A district that lies in the city, which lies in the province (by code prefix and table). */
export function isValidDivisionPath(province: string, city: string, district: string): boolean {
  if (findDivision(province)?.level !== 'province' || findDivision(district)?.level !== 'district') return false;
  if (findDivision(city)?.level !== 'city') return false;
  return city.slice(0, 2) === province.slice(0, 2) && district.slice(0, 4) === city.slice(0, 4);
}
