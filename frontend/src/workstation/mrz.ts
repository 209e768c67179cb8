// The three MRZ fields a clerk types to open an ICAO chip (document number, birth date,
// expiry date), with the 9303 check digits computed as the clerk types — so they can be
// compared with the digits printed after each field on the data page. The desk computes
// its own for the key; this is only for the clerk's eyes and for early field errors.

export type MrzField = 'document_number' | 'birth_date' | 'expiry_date';
export const MRZ_FIELDS: MrzField[] = ['document_number', 'birth_date', 'expiry_date'];
export type MrzValues = Record<MrzField, string>;

const WEIGHTS = [7, 3, 1];

function charValue(c: string): number | null {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  if (c === '<') return 0;
  return null;
}

/** ICAO 9303-3 §4.9 check digit; `null` when a character is not allowed in the MRZ. */
export function checkDigit(field: string): string | null {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const v = charValue(field[i]!);
    if (v === null) return null;
    sum += v * WEIGHTS[i % 3]!;
  }
  return String(sum % 10);
}

/** The document number as the MRZ holds it: upper case, no spaces, padded to 9 with `<`. */
export function mrzNumber(typed: string): string {
  return typed.toUpperCase().replace(/\s+/g, '').padEnd(9, '<');
}

function plausibleDate(d: string): boolean {
  if (!/^\d{6}$/.test(d)) return false;
  const m = Number(d.slice(2, 4));
  const day = Number(d.slice(4, 6));
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/** Whether one field's value can be right (the desk checks again). */
export function fieldOk(field: MrzField, value: string): boolean {
  const v = value.trim();
  if (field === 'document_number') {
    const n = v.toUpperCase().replace(/\s+/g, '');
    return n.length >= 1 && n.length <= 22 && /^[A-Z0-9<]+$/.test(n);
  }
  return plausibleDate(v);
}

/** The check digit shown beside a field, once the field can be right. */
export function fieldCheckDigit(field: MrzField, value: string): string | null {
  if (!fieldOk(field, value)) return null;
  return checkDigit(field === 'document_number' ? mrzNumber(value) : value.trim());
}

/** The first field that cannot be right, or `null` when all three can. */
export function firstBadField(values: MrzValues): MrzField | null {
  return MRZ_FIELDS.find((f) => !fieldOk(f, values[f])) ?? null;
}
