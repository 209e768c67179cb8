import type { GreenReason } from '../backend';

/** The green-channel reason a resident ID number's birth date gives on `today`: 60 or older,
 *  or under 18; null for everyone else or a number without a readable date. */
export function ageGreenReason(idNumber: string | null | undefined, today: Date = new Date()): GreenReason | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(idNumber ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < mo || (today.getMonth() + 1 === mo && today.getDate() < d)) age -= 1;
  if (age < 0) return null;
  return age >= 60 ? 'senior' : age < 18 ? 'minor' : null;
}
