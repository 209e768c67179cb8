// The in-memory chip reader for component tests: a presented chip waits for its MRZ, a
// matching MRZ reads it, a wrong one is refused as the chip would (icao.bac_failed).
import { checkDigit, firstBadField, mrzNumber } from '../workstation/mrz';
import { BackendError, type DeviceState, type GalleryCard, type IdentityRead, type MrzEntry, type MrzKey } from './types';

/** A 1×1 image: component tests only look for an image, not its pixels. */
const FACE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==';

type ChipEntry = { card: GalleryCard; mrz: MrzEntry; read: IdentityRead };

export const memoryChipGallery: ChipEntry[] = [
  {
    card: {
      key: 'chip_valid',
      label_zh: '护照（有效）· 韩梅梅',
      label_en: 'Passport (valid) · HAN Meimei',
      expected_verdict: 'icao.verdict.valid',
      reader: 'chip',
      printed_mrz: 'EH0000001 · 900101 · 341231',
    },
    mrz: { document_number: 'EH0000001', birth_date: '900101', expiry_date: '341231' },
    read: {
      read_id: 0,
      source: 'chip',
      document: {
        kind: 'passport',
        name: '韩梅梅',
        name_en: 'HAN MEIMEI',
        sex: 'female',
        nation: null,
        nationality: 'CHN',
        birth_date: '1990-01-01',
        address: null,
        number: 'EH0000001',
        issuing_authority: null,
        valid_from: null,
        valid_until: '2034-12-31',
        verdict: 'icao.verdict.valid',
        read_at: '2026-03-02T09:00:00Z',
      },
      verdict: { status: 'valid', code: 'icao.verdict.valid', cause: null, findings: ['signature_verified'], green_channel: false },
      face: FACE,
      face_not_shown: null,
      photo_needs_decoder: false,
    },
  },
];

export function memoryChipReader(push: (r: IdentityRead) => void, setState: (s: DeviceState) => void) {
  let present: ChipEntry | null = null;
  let key: MrzEntry | null = null;
  const tryRead = () => {
    if (!present) return;
    if (!key) {
      setState({ state: 'needs_mrz' });
      return;
    }
    const k = key;
    key = null;
    const same = mrzNumber(k.document_number) === mrzNumber(present.mrz.document_number);
    if (same && k.birth_date === present.mrz.birth_date && k.expiry_date === present.mrz.expiry_date) {
      setState({ state: 'card_present' });
      push(structuredClone(present.read));
    } else {
      setState({ state: 'error', code: 'icao.bac_failed' });
      push({
        read_id: 0,
        source: 'chip',
        document: null,
        verdict: { status: 'unreadable', code: 'idcard.verdict.unreadable', cause: 'icao.bac_failed', findings: [], green_channel: false },
        face: null,
        face_not_shown: null,
        photo_needs_decoder: false,
      });
    }
  };
  return {
    gallery: memoryChipGallery.map((e) => e.card),
    present(cardKey: string): boolean {
      const e = memoryChipGallery.find((g) => g.card.key === cardKey);
      if (!e) return false;
      present = e;
      tryRead();
      return true;
    },
    remove() {
      present = null;
      setState({ state: 'ready' });
    },
    async mrz(entry: MrzEntry): Promise<MrzKey> {
      const bad = firstBadField(entry);
      if (bad) throw new BackendError({ code: 'identity.mrz_field', message: `bad ${bad}`, details: { field: bad } });
      key = entry;
      const digits = [checkDigit(mrzNumber(entry.document_number)), checkDigit(entry.birth_date), checkDigit(entry.expiry_date)];
      const card_present = present !== null;
      tryRead();
      return { check_digits: digits.join(''), card_present };
    },
  };
}
