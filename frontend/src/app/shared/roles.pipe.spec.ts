import { RolesPipe } from './roles.pipe';

describe(RolesPipe.name, () => {
  it('names the roles for people', () => {
    expect(new RolesPipe().transform(['admin', 'therapist'])).toBe('Administrator, Therapist');
    expect(new RolesPipe().transform([])).toBe('');
    expect(new RolesPipe().transform(null)).toBe('');
  });
});
