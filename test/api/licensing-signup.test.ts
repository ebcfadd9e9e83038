/**
 * Self-registration for licensing (个人注册 / 企业注册): an SMS code from the outbox confirms the
 * sign-up; the account signs in at once. An enterprise may give its 9-character organisation code
 * instead of the USCC; a wrong check character is refused on its field (422), nothing written.
 */
import { localDate } from '../../domain/calendar';
import { idCheckChar, orgCodeCheckChar, usccCheckChar } from '../../domain/validators';
import { SMS_CODES_PER_MOBILE_PER_DAY } from '../../core/codes';
import { outboxSmsProvider } from '../../core/sms';
import { issueMobileCode, MOBILE_CODE_PURPOSES } from '../../db/mobile-codes';
import { freshUscc, registrationBody } from '../support/fixtures';
import { signIn, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

type Answer = { status: number; body: { error?: { code: string; fields?: Record<string, string> }; [k: string]: unknown } };
const post = (path: string, body: unknown): Promise<Answer> =>
  fetch(`${sys.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Answer['body'] }));

const freshMobile = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const freshLogin = (p: string) => `${p}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const freshOrgCode = () => {
  const first8 = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  return first8 + orgCodeCheckChar(first8);
};
const freshIdNumber = () => {
  const f = `11010819900101${String(100 + Math.floor(Math.random() * 899))}`;
  return f + idCheckChar(f);
};

async function codeFor(mobile: string): Promise<string> {
  expect((await post('/api/signup/code', { mobile })).status).toBe(202);
  const row = await sys.db('sms_outbox').where({ recipient: mobile }).orderBy('id', 'desc').first();
  expect(row.text).toContain('注册');
  return /验证码 (\d{6})/.exec(row.text)![1];
}

const person = (mobile: string, extra: Record<string, unknown> = {}) => ({
  login: freshLogin('ps'), password: 'Person2026x', passwordConfirm: 'Person2026x', name: '孙雪峰', idNumber: freshIdNumber(), mobile, email: 'sxf@example.test', ...extra,
});
const enterprise = (mobile: string, extra: Record<string, unknown> = {}) => ({
  login: freshLogin('en'), password: 'Enterprise2026', passwordConfirm: 'Enterprise2026', entityKind: 'legal', name: '河北新武安钢铁集团烘熔钢铁有限公司', enterpriseType: 'limited',
  unitCode: freshOrgCode(), province: '130000', city: '130400', district: '130481', address: '武安市工业园区 8 号', contactName: '王建国', mobile, ...extra,
});

describe('personal self-registration', () => {
  it('a person signs up with the code sent to the mobile, signs in, and may apply for an inspector qualification', async () => {
    const mobile = freshMobile();
    const body = person(mobile);
    const wrong = await post('/api/signup/person', { ...body, code: '000000' });
    // no code was ever sent: expired
    expect(wrong.status).toBe(422);
    expect(wrong.body.error!.fields!.code).toMatch(/验证码/);
    const code = await codeFor(mobile);
    const bad = await post('/api/signup/person', { ...body, code: code === '111111' ? '222222' : '111111' });
    expect(bad.status).toBe(422);
    expect(bad.body.error!.fields!.code).toBe('短信验证码错误 / The SMS code is wrong');
    const ok = await post('/api/signup/person', { ...body, code });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ login: body.login, kind: 'person' });
    const row = await sys.db('accounts').where({ login: body.login }).first();
    expect(row).toMatchObject({ kind: 'person', display_name: '孙雪峰', mobile, id_number: body.idNumber, status: 'active', unit_id: null });
    const client = await signIn(sys.url, body.login, 'Person2026x');
    expect((await client.call('GET', '/api/inspector/applications')).status).toBe(200);
    // the code is used up; the same person cannot sign up twice
    const again = await post('/api/signup/person', { ...person(mobile, { idNumber: body.idNumber }), code });
    expect(again.status).toBe(409);
    expect(again.body.error!.fields!.idNumber).toMatch(/身份证号已注册/);
  });

  it('names every bad field at once (422), sends nothing and writes nothing', async () => {
    const mobile = freshMobile();
    const r = await post('/api/signup/person', { login: 'x', password: 'short', name: '', idNumber: '110108199001011234', mobile, email: 'not-mail', code: '12' });
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.error!.fields!).sort()).toEqual(['code', 'email', 'idNumber', 'login', 'name', 'password']);
    expect(r.body.error!.fields!.idNumber).toMatch(/身份证号码无效/);
    expect(await sys.db('accounts').where({ mobile })).toHaveLength(0);
  });
});

describe('enterprise self-registration', () => {
  it('an enterprise with a 9-character organisation code signs up, signs in and reaches licence management', async () => {
    const mobile = freshMobile();
    const body = enterprise(mobile);
    const code = await codeFor(mobile);
    const ok = await post('/api/signup/enterprise', { ...body, code });
    expect(ok.status).toBe(201);
    const unit = await sys.db('units').where({ id: ok.body.unitId }).first();
    expect(unit).toMatchObject({ org_code: body.unitCode, uscc: null, name: body.name, entity_kind: 'legal', enterprise_type: 'limited', province: '130000', city: '130400', district: '130481', status: 'active' });
    const account = await sys.db('accounts').where({ login: body.login }).first();
    expect(account).toMatchObject({ kind: 'unit-main', unit_id: unit.id, display_name: '王建国', mobile });
    const client = await signIn(sys.url, body.login, 'Enterprise2026');
    expect((await client.call('GET', '/api/licensing/licences')).status).toBe(200);
    // the same organisation code, or a USCC holding it, is the same enterprise
    const m2 = freshMobile();
    const c2 = await codeFor(m2);
    const dup = await post('/api/signup/enterprise', { ...enterprise(m2, { unitCode: body.unitCode }), code: c2 });
    expect(dup.status).toBe(409);
    expect(dup.body.error!.fields!.unitCode).toMatch(/该企业已注册/);
    const first17 = `91130481${body.unitCode}`;
    const holding = first17 + usccCheckChar(first17);
    const viaUscc = await post('/api/signup/enterprise', { ...enterprise(m2, { unitCode: holding }), code: c2 });
    expect(viaUscc.status).toBe(409);
    expect(viaUscc.body.error!.fields!.unitCode).toMatch(/该企业已注册/);
    // nor may it register again as a unit with that USCC
    const registration = await post('/api/registrations', registrationBody({ unit: { uscc: holding } }));
    expect(registration.status).toBe(409);
    expect(registration.body.error!.fields!['unit.uscc']).toMatch(/已注册/);
  });

  it('accepts an 18-character USCC too', async () => {
    const mobile = freshMobile();
    const uscc = freshUscc();
    const r = await post('/api/signup/enterprise', { ...enterprise(mobile, { unitCode: uscc.toLowerCase() }), code: await codeFor(mobile) });
    expect(r.status).toBe(201);
    expect(await sys.db('units').where({ id: r.body.unitId }).first()).toMatchObject({ uscc, org_code: null });
  });

  it('refuses an organisation code with a wrong check character on its field (422), before the code is used, nothing written', async () => {
    const mobile = freshMobile();
    const good = freshOrgCode();
    const wrongCheck = good.slice(0, 8) + (good[8] === '1' ? '2' : '1');
    const code = await codeFor(mobile);
    const body = enterprise(mobile, { unitCode: wrongCheck });
    const r = await post('/api/signup/enterprise', { ...body, code });
    expect(r.status).toBe(422);
    expect(r.body.error!.fields).toEqual({ unitCode: '组织机构代码校验位错误 / Organisation code check character is wrong' });
    const short = await post('/api/signup/enterprise', { ...body, unitCode: '1234', province: '130000', city: '110100', district: '130481', code });
    expect(short.status).toBe(422);
    expect(Object.keys(short.body.error!.fields!).sort()).toEqual(['province', 'unitCode']);
    expect(short.body.error!.fields!.unitCode).toMatch(/9 位组织机构代码/);
    expect(await sys.db('units').where({ org_code: wrongCheck })).toHaveLength(0);
    expect(await sys.db('accounts').where({ login: body.login })).toHaveLength(0);
    // the code was not used up by the refusals
    expect((await post('/api/signup/enterprise', { ...body, unitCode: good, code })).status).toBe(201);
  });
});

describe('the SMS code caps', () => {
  it('a mobile gets at most 5 sign-up codes a day: the 6th is refused (429, in Chinese), nothing stored or sent; other purposes keep their own cap', async () => {
    const mobile = freshMobile();
    let fifth = '';
    for (let i = 0; i < 5; i++) fifth = await codeFor(mobile);
    const sixth = await post('/api/signup/code', { mobile });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error).toMatchObject({
      code: 'TOO_MANY_CODES',
      message: '同一手机号每天最多获取 5 次注册验证码 / At most 5 sign-up codes per mobile a day',
      fields: { mobile: '同一手机号每天最多获取 5 次注册验证码 / At most 5 sign-up codes per mobile a day' },
    });
    expect(Date.parse(String((sixth.body.error as { retryAt?: string }).retryAt))).toBeGreaterThan(Date.now());
    expect(await sys.db('sms_outbox').where({ recipient: mobile })).toHaveLength(5);
    // the refusal replaced nothing: the 5th code still signs up
    expect((await post('/api/signup/person', { ...person(mobile), code: fifth })).status).toBe(201);
    // the cap is the sign-up's: the same mobile still gets its 3 codes of another purpose, then that purpose's own refusal
    const sms = outboxSmsProvider(sys.db);
    const issue = () => issueMobileCode(sys.redis, sms, { purpose: 'person-mobile', subject: 'account-1', mobile, now: new Date() });
    for (let i = 0; i < MOBILE_CODE_PURPOSES['person-mobile'].perDay; i++) expect(await issue()).toMatchObject({ sent: true });
    expect(await issue()).toMatchObject({ sent: false, cap: 'purpose', perDay: 3 });
    expect(await sys.db('sms_outbox').where({ recipient: mobile })).toHaveLength(8);
  });

  it("the mobile's day of SMS codes is shared with every other code kind", async () => {
    const mobile = freshMobile();
    await sys.redis.set(`sms-code:day:${mobile}:${localDate(new Date())}`, String(SMS_CODES_PER_MOBILE_PER_DAY));
    const r = await post('/api/signup/code', { mobile });
    expect(r.status).toBe(429);
    expect(r.body.error!.code).toBe('TOO_MANY_CODES');
    expect(await sys.db('sms_outbox').where({ recipient: mobile })).toHaveLength(0);
  });

  it('refuses a malformed mobile by field', async () => {
    const r = await post('/api/signup/code', { mobile: '12345' });
    expect(r.status).toBe(400);
    expect(r.body.error!.fields!.mobile).toMatch(/手机号码/);
  });
});
