// The typed-number check for the in-memory backend: the rules of `verify_number_on` in
// hardware/idcard/src/checks.rs, held to them by the fixture both test suites read
// (hardware/idcard/data/typed-numbers.json).
import type { NumberProblem } from './types';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** `today` as `YYYYMMDD`. */
export function checkNumberMemory(number: string, today: string): NumberProblem | null {
  const n = number.trim();
  if (n === '') return null;
  if (!/^[0-9]{17}[0-9Xx]$/.test(n)) return { problem: 'malformed' };
  const sum = [...n.slice(0, 17)].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? 0), 0);
  const expected = CHECK[sum % 11] ?? '';
  const birth = n.slice(6, 14);
  const [y, m, d] = [Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { problem: 'no_such_birth_date' };
  if (n[17]?.toUpperCase() !== expected) return { problem: 'checksum_wrong', expected };
  if (birth > today) return { problem: 'born_in_future' };
  return null;
}

/** Today on this machine's calendar, as `YYYYMMDD`. */
export function localDay(at = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
}
