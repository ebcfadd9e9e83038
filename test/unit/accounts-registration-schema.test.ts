import { validateRegistration } from '../../domain/accounts/registration';
import { registrationBody } from '../support/fixtures';

describe('registration validation (shared by API and worker)', () => {
  it('accepts a complete body, with or without qualifications', () => {
    expect(validateRegistration(registrationBody()).ok).toBe(true);
    const b = registrationBody();
    delete b.qualifications;
    expect(validateRegistration(b).ok).toBe(true);
  });

  it('reports nested and cross-field errors by path', () => {
    const b = registrationBody();
    b.qualifications![0].expiryDate = '2020-01-01';
    b.contact.password = 'short';
    b.contact.passwordConfirm = 'short';
    const r = validateRegistration(b);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields).sort()).toEqual(['contact.password', 'qualifications.0.expiryDate']);
  });

  it('re-validates a stored body, which has no password', () => {
    const b = registrationBody();
    const { password: _p, passwordConfirm: _c, ...contact } = b.contact;
    expect(validateRegistration({ ...b, contact }, 'stored').ok).toBe(true);
    const r = validateRegistration({ ...b, contact }, 'submit');
    expect(r.ok).toBe(false);
  });

  it('rejects a body that is not an object', () => {
    const r = validateRegistration(null);
    expect(r.ok).toBe(false);
  });
});
