import { idCheckChar, isValidEmail, isValidIdNumber, isValidMobile, isValidOrgCode, isValidPostcode, isValidUscc, maskIdNumber, maskMobile, MESSAGES, orgCodeCheckChar, unitCodeError, usccCheckChar } from '../../domain/validators';

describe('USCC (GB 32100)', () => {
  it.each(['91350100M000100Y43', '91110000600037341L'])('accepts the real code %s', (code) => {
    expect(isValidUscc(code)).toBe(true);
  });
  it('computes the check character of a known code', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
  });
  it('rejects a wrong check character, a wrong organisation-code check, bad characters and lengths', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    const first16 = '91110105' + '12345678';
    const wrongOrg = first16 + (orgCodeCheckChar('12345678') === '0' ? '1' : '0');
    expect(isValidUscc(wrongOrg + usccCheckChar(wrongOrg))).toBe(false);
    const rightOrg = first16 + orgCodeCheckChar('12345678');
    expect(isValidUscc(rightOrg + usccCheckChar(rightOrg))).toBe(true);
    expect(isValidUscc('91350100M000100I43')).toBe(false); // I is not a USCC character
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('')).toBe(false);
  });
});

describe('organisation code on its own (GB 11714), where a unit may give it instead of the USCC', () => {
  it('accepts a code whose check character holds: 10 is written X, 11 is written 0', () => {
    expect(isValidOrgCode('M000100Y4')).toBe(true);
    expect(isValidOrgCode('69001234X')).toBe(true);
    expect(isValidOrgCode('100012340')).toBe(true);
  });
  it('refuses a wrong check character, small letters and other lengths', () => {
    expect(isValidOrgCode('M000100Y5')).toBe(false);
    expect(isValidOrgCode('690012341')).toBe(false);
    expect(isValidOrgCode('m000100Y4')).toBe(false);
    expect(isValidOrgCode('M000100Y')).toBe(false);
  });
  it('names what is wrong with a unit code of either kind', () => {
    expect(unitCodeError('M000100Y4')).toBeNull();
    expect(unitCodeError('91350100M000100Y43')).toBeNull();
    expect(unitCodeError('M000100Y5')).toBe(MESSAGES.orgCode);
    expect(unitCodeError('91350100M000100Y44')).toBe(MESSAGES.uscc);
    expect(unitCodeError('12345')).toBe(MESSAGES.unitCode);
    expect(unitCodeError('M000100YA')).toBe(MESSAGES.unitCode);
  });
});

describe('resident ID number (GB 11643)', () => {
  it('accepts a valid number, with a lowercase x too', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(idCheckChar('11010519491231002')).toBe('X');
  });
  it('rejects a wrong check digit, an impossible or future birth date', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    const feb30 = '11010519900230123';
    expect(isValidIdNumber(feb30 + idCheckChar(feb30))).toBe(false);
    const future = '11010520990101123';
    expect(isValidIdNumber(future + idCheckChar(future), new Date('2026-11-22'))).toBe(false);
  });
});

describe('contact formats', () => {
  it.each([['13812345678', true], ['19912345678', true], ['12345678901', false], ['1381234567', false], ['138123456789', false]])('mobile %s → %s', (m, ok) => {
    expect(isValidMobile(m)).toBe(ok);
  });
  it('postcode and e-mail', () => {
    expect(isValidPostcode('100022')).toBe(true);
    expect(isValidPostcode('10002')).toBe(false);
    expect(isValidEmail('lin.fang@example.test')).toBe(true);
    expect(isValidEmail('not-an-email')).toBe(false);
    expect(isValidEmail('a..b@example.test')).toBe(false);
  });
  it('masks personal data', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105***********X');
    expect(maskMobile('13812345678')).toBe('138****5678');
  });
});
