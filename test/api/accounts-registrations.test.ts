/** POST /api/registrations: field-level 400s with nothing stored or started; 409 on duplicates. */
import { registrationBody } from '../support/fixtures';
import { startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

async function post(body: unknown, raw?: string) {
  const res = await fetch(`${sys.url}/api/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } } };
}

async function counts() {
  const [{ count: apps }] = await sys.db('applications').count();
  const [{ count: audits }] = await sys.db('audit').count();
  const instances = await sys.engineRest<{ page: { totalItems: number } }>('POST', '/v2/process-instances/search', { filter: { processDefinitionId: 'unit-registration' } });
  return { apps: Number(apps), audits: Number(audits), instances: instances.body.page.totalItems };
}

describe('POST /api/registrations validation', () => {
  it('names every bad field at once: wrong USCC check character, bad mobile, missing field', async () => {
    const before = await counts();
    const body = registrationBody();
    const last = body.unit.uscc.slice(-1);
    body.unit.uscc = body.unit.uscc.slice(0, 17) + (last === '0' ? '1' : '0');
    body.contact.mobile = '12345678901';
    delete (body.unit as Partial<typeof body.unit>).legalRepresentative;
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.error.fields!).sort()).toEqual(['contact.mobile', 'unit.legalRepresentative', 'unit.uscc']);
    expect(res.body.error.fields!['unit.uscc']).toMatch(/统一社会信用代码/);
    expect(res.body.error.fields!['contact.mobile']).toMatch(/手机/);
    expect(res.body.error.fields!['unit.legalRepresentative']).toMatch(/required|必填/i);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['postcode', (b: ReturnType<typeof registrationBody>) => void (b.unit.postcode = '10002'), 'unit.postcode'],
    ['e-mail', (b: ReturnType<typeof registrationBody>) => void (b.contact.email = 'not-an-email'), 'contact.email'],
    ['district outside the city', (b: ReturnType<typeof registrationBody>) => void (b.unit.district = '310104'), 'unit.district'],
    ['passwords that differ', (b: ReturnType<typeof registrationBody>) => void (b.contact.passwordConfirm = 'Other2026'), 'contact.passwordConfirm'],
    ['an unknown field', (b: ReturnType<typeof registrationBody>) => void ((b.unit as Record<string, unknown>).colour = 'red'), 'unit.colour'],
    ['a qualification type not in the list', (b: ReturnType<typeof registrationBody>) => void (b.qualifications![0].qualificationType = '特种设备检验' as never), 'qualifications.0.qualificationType'],
    ['a certificate image that was never uploaded', (b: ReturnType<typeof registrationBody>) => void (b.qualifications![0].certificate = [{ data: { id: '00000000-0000-4000-8000-00000000dead' } }]), 'qualifications.0.certificate'],
  ])('rejects %s', async (_name, spoil, field) => {
    const before = await counts();
    const body = registrationBody();
    spoil(body);
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields!)).toEqual([field]);
    expect(await counts()).toEqual(before);
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const res = await post(undefined, '{"unit":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });

  it('answers a registration for an already registered USCC with 409 naming the field', async () => {
    const body = registrationBody();
    await sys.db('units').insert({
      uscc: body.unit.uscc, name: '已注册单位', legal_representative: '赵六', province: '110000', city: '110100', district: '110105',
      address: '北京市朝阳区某路 1 号', postcode: '100022', phone: '010-1', status: 'active',
    });
    const before = await counts();
    const res = await post(body);
    expect(res.status).toBe(409);
    expect(Object.keys(res.body.error.fields!)).toEqual(['unit.uscc']);
    expect(await counts()).toEqual(before);
  });

  it('stores a valid registration without the password and starts the process', async () => {
    const before = await counts();
    const body = registrationBody();
    const res = (await post(body)) as unknown as { status: number; body: { id: string; number: string; processInstanceKey: string } };
    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^REG\d{8}-\d{5}$/);
    const row = await sys.db('applications').where({ id: res.body.id }).first();
    expect(row.process_instance_key).toBe(res.body.processInstanceKey);
    expect(JSON.stringify(row.data)).not.toContain('Secret2026');
    expect(row.secret_hash).toMatch(/^scrypt\$/);
    expect(row.data.contact.login).toBe(body.unit.uscc);
    const after = await counts();
    expect(after.apps).toBe(before.apps + 1);
    expect(after.instances).toBe(before.instances + 1);
  });
});
