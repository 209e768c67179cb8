import { describe, expect, it } from 'vitest';
import fixture from '../../../hardware/idcard/data/typed-numbers.json';
import { checkNumberMemory } from './memoryIdNumber';

describe('the in-memory typed-number check', () => {
  it('finds what the Rust check finds on every number of the shared fixture', () => {
    const today = fixture.today.replaceAll('-', '');
    expect(fixture.numbers.length).toBeGreaterThanOrEqual(10);
    for (const { number, problem } of fixture.numbers) {
      expect([number, checkNumberMemory(number, today)]).toEqual([number, problem]);
    }
    expect(checkNumberMemory('  ', today)).toBeNull();
  });
});
