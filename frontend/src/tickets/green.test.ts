import { describe, expect, it } from 'vitest';
import { ageGreenReason } from './green';

describe('ageGreenReason', () => {
  const today = new Date(2026, 11, 3);
  it('offers the senior reason from the 60th birthday on', () => {
    expect(ageGreenReason('110105196612030011', today)).toBe('senior');
    expect(ageGreenReason('110105196612040011', today)).toBeNull();
  });
  it('offers the minor reason until the 18th birthday', () => {
    expect(ageGreenReason('110105200812040011', today)).toBe('minor');
    expect(ageGreenReason('110105200812030011', today)).toBeNull();
  });
  it('offers nothing for a number without a date', () => {
    expect(ageGreenReason('1101051966', today)).toBeNull();
    expect(ageGreenReason('110105196613030011', today)).toBeNull();
    expect(ageGreenReason(null, today)).toBeNull();
  });
});
