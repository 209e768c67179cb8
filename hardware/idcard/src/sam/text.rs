//! The data of a read answer: length fields, the 256-byte UCS-2LE text block, the WLT photo
//! and (for `30 10`) the fingerprint block.
//!
//! Answer layout (after SW1 SW2 SW3), all lengths big-endian:
//! - `30 01`: text len (0x0100), photo len (0x0400), text, photo;
//! - `30 10`: text len, photo len, fingerprint len, text, photo, fingerprint.
//!
//! The `30 10` order (three length fields, then the three blocks) follows vendor SDK sample code
//! that reads the fingerprint length at answer offset 14 and the text at 16.
//!
//! Text fields are space-padded; trailing spaces (and NULs) are trimmed on reading.

use crate::document::{
    DocumentDetails, Fingerprint, IdentityDocument, Sex, Source, ValidUntil, Validity, WltPhoto,
};
use crate::error::{IdCardError, Result};
use crate::nation::Nation;
use crate::pii::{Address, IdNumber, PersonName};
use chrono::NaiveDate;

/// Size of the text block.
pub const TEXT_LEN: usize = 256;
/// Size of the WLT photo block.
pub const PHOTO_LEN: usize = 1024;
/// Size of the fingerprint block on cards that have one.
pub const FINGERPRINT_LEN: usize = 1024;
const LONG_TERM: &str = "长期";

/// A field's name and byte range in the text block.
#[derive(Clone, Copy)]
struct Slot(&'static str, usize, usize);

impl Slot {
    fn chars(self) -> usize {
        (self.2 - self.1) / 2
    }
}

// Resident ID (flag blank) and residence permit (flag J).
const NAME: Slot = Slot("name", 0, 30);
const SEX: Slot = Slot("sex", 30, 32);
const NATION: Slot = Slot("nation", 32, 36);
const BIRTH: Slot = Slot("birth_date", 36, 52);
const ADDRESS: Slot = Slot("address", 52, 122);
const NUMBER: Slot = Slot("number", 122, 158);
const AUTHORITY: Slot = Slot("issuing_authority", 158, 188);
const VALID_FROM: Slot = Slot("valid_from", 188, 204);
const VALID_UNTIL: Slot = Slot("valid_until", 204, 220);
const J_PERMIT: Slot = Slot("permit_number", 220, 238);
const J_ISSUES: Slot = Slot("issue_count", 238, 242);
const TYPE_FLAG: Slot = Slot("card_type", 248, 250);

// Foreign permanent resident card 2017 (flag I). Sex, birth, version and authority code are
// placed as in vendor SDK sample code; DOMAIN-FACTS confirms names, number and nationality.
const I_NAME_EN: Slot = Slot("name_en", 0, 120);
const I_SEX: Slot = Slot("sex", 120, 122);
const I_NUMBER: Slot = Slot("number", 122, 152);
const I_NATIONALITY: Slot = Slot("nationality", 152, 158);
const I_NAME: Slot = Slot("name", 158, 188);
const I_BIRTH: Slot = Slot("birth_date", 220, 236);
const I_VERSION: Slot = Slot("card_version", 236, 240);
const I_AUTHORITY_CODE: Slot = Slot("authority_code", 240, 248);

// Foreign permanent resident card 2023 (flag Y). Confirmed up to the number; validity is
// assumed where every other card has it, and nationality after it (unconfirmed).
const Y_RENEWALS: Slot = Slot("renewal_count", 32, 36);
const Y_NAME_EN: Slot = Slot("name_en", 52, 122);
const Y_NATIONALITY: Slot = Slot("nationality", 220, 226);

fn read(block: &[u8], slot: Slot) -> Result<String> {
    let bytes = &block[slot.1..slot.2];
    let units = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]));
    let s: String = char::decode_utf16(units)
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| IdCardError::TextEncoding { field: slot.0 })?;
    Ok(s.trim_end_matches([' ', '\0']).to_owned())
}

fn write(block: &mut [u8], slot: Slot, value: &str) -> Result<()> {
    let units: Vec<u16> = value.encode_utf16().collect();
    if units.len() > slot.chars() {
        return Err(IdCardError::TextTooLong {
            field: slot.0,
            max_chars: slot.chars(),
        });
    }
    let pad = std::iter::repeat_n(u16::from(b' '), slot.chars() - units.len());
    for (i, u) in units.into_iter().chain(pad).enumerate() {
        let at = slot.1 + 2 * i;
        block[at..at + 2].copy_from_slice(&u.to_le_bytes());
    }
    Ok(())
}

fn bad(field: &'static str, reason: &'static str) -> IdCardError {
    IdCardError::TextField { field, reason }
}

fn read_date(block: &[u8], slot: Slot) -> Result<NaiveDate> {
    let s = read(block, slot)?;
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(slot.0, "not an 8-digit date"));
    }
    NaiveDate::parse_from_str(&s, "%Y%m%d").map_err(|_| bad(slot.0, "not a calendar date"))
}

fn read_number(block: &[u8], slot: Slot) -> Result<u8> {
    let s = read(block, slot)?;
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(slot.0, "not a number"));
    }
    s.parse().map_err(|_| bad(slot.0, "number out of range"))
}

fn read_sex(block: &[u8], slot: Slot) -> Result<Sex> {
    let code = read_number(block, slot)?;
    Sex::from_code(code).ok_or(bad(slot.0, "not a GB/T 2261.1 code"))
}

fn read_validity(block: &[u8]) -> Result<Validity> {
    let from = read_date(block, VALID_FROM)?;
    let until = if read(block, VALID_UNTIL)? == LONG_TERM {
        ValidUntil::LongTerm
    } else {
        ValidUntil::Date(read_date(block, VALID_UNTIL)?)
    };
    Ok(Validity { from, until })
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Parses a 256-byte text block (longer input: the rest is ignored). The document has no photo
/// and its source is [`Source::SamReader`].
pub fn parse_text(block: &[u8]) -> Result<IdentityDocument> {
    let block = block.get(..TEXT_LEN).ok_or(IdCardError::TextLength {
        what: "text block",
        len: block.len(),
    })?;
    let flag = read(block, TYPE_FLAG)?;
    match flag.as_str() {
        "" | "J" => parse_resident_or_permit(block, flag == "J"),
        "I" => parse_foreigner_2017(block),
        "Y" => parse_foreigner_2023(block),
        _ => Err(bad(TYPE_FLAG.0, "unknown card type flag")),
    }
}

fn parse_resident_or_permit(block: &[u8], permit: bool) -> Result<IdentityDocument> {
    let details = if permit {
        DocumentDetails::ResidencePermit {
            permit_number: IdNumber::new(read(block, J_PERMIT)?),
            issue_count: read_number(block, J_ISSUES)?,
        }
    } else {
        let code = read_number(block, NATION)?;
        DocumentDetails::ResidentId {
            nation: Nation::from_code(code).ok_or(bad(NATION.0, "not a GB/T 3304 code"))?,
        }
    };
    Ok(IdentityDocument {
        details,
        name: PersonName::new(read(block, NAME)?),
        name_en: None,
        sex: read_sex(block, SEX)?,
        birth_date: read_date(block, BIRTH)?,
        address: non_empty(read(block, ADDRESS)?).map(Address::new),
        number: IdNumber::new(read(block, NUMBER)?),
        issuing_authority: non_empty(read(block, AUTHORITY)?),
        validity: read_validity(block)?,
        photo: None,
        fingerprint: None,
        source: Source::SamReader,
    })
}

fn parse_foreigner_2017(block: &[u8]) -> Result<IdentityDocument> {
    Ok(IdentityDocument {
        details: DocumentDetails::ForeignPermanentResident2017 {
            nationality: read(block, I_NATIONALITY)?,
            card_version: read(block, I_VERSION)?,
            authority_code: read(block, I_AUTHORITY_CODE)?,
        },
        name: PersonName::new(read(block, I_NAME)?),
        name_en: non_empty(read(block, I_NAME_EN)?).map(PersonName::new),
        sex: read_sex(block, I_SEX)?,
        birth_date: read_date(block, I_BIRTH)?,
        address: None,
        number: IdNumber::new(read(block, I_NUMBER)?),
        issuing_authority: None,
        validity: read_validity(block)?,
        photo: None,
        fingerprint: None,
        source: Source::SamReader,
    })
}

fn parse_foreigner_2023(block: &[u8]) -> Result<IdentityDocument> {
    Ok(IdentityDocument {
        details: DocumentDetails::ForeignPermanentResident2023 {
            renewal_count: read_number(block, Y_RENEWALS)?,
            nationality: read(block, Y_NATIONALITY)?,
        },
        name: PersonName::new(read(block, NAME)?),
        name_en: non_empty(read(block, Y_NAME_EN)?).map(PersonName::new),
        sex: read_sex(block, SEX)?,
        birth_date: read_date(block, BIRTH)?,
        address: None,
        number: IdNumber::new(read(block, NUMBER)?),
        issuing_authority: None,
        validity: read_validity(block)?,
        photo: None,
        fingerprint: None,
        source: Source::SamReader,
    })
}

fn no_slot(field: &'static str) -> IdCardError {
    bad(field, "this card type has no slot for it")
}

fn write_validity(block: &mut [u8], v: &Validity) -> Result<()> {
    write(block, VALID_FROM, &v.from.format("%Y%m%d").to_string())?;
    match v.until {
        ValidUntil::LongTerm => write(block, VALID_UNTIL, LONG_TERM),
        ValidUntil::Date(d) => write(block, VALID_UNTIL, &d.format("%Y%m%d").to_string()),
    }
}

fn write_date(block: &mut [u8], slot: Slot, d: NaiveDate) -> Result<()> {
    use chrono::Datelike;
    if !(0..=9999).contains(&d.year()) {
        return Err(bad(slot.0, "year outside 0000-9999"));
    }
    write(block, slot, &d.format("%Y%m%d").to_string())
}

/// Encodes a document's text block (the inverse of [`parse_text`]). Fields that the card type
/// has no slot for must be empty: encoding refuses rather than silently dropping data.
pub fn encode_text(doc: &IdentityDocument) -> Result<[u8; TEXT_LEN]> {
    let mut b = [0u8; TEXT_LEN];
    write(&mut b, Slot("", 0, TEXT_LEN), "")?; // spaces everywhere, as cards have
    match &doc.details {
        DocumentDetails::ResidentId { .. } | DocumentDetails::ResidencePermit { .. } => {
            if doc.name_en.is_some() {
                return Err(no_slot("name_en"));
            }
            write(&mut b, NAME, doc.name.expose())?;
            write(&mut b, SEX, &doc.sex.code().to_string())?;
            write_date(&mut b, BIRTH, doc.birth_date)?;
            let addr = doc.address.as_ref().map_or("", Address::expose);
            write(&mut b, ADDRESS, addr)?;
            write(&mut b, NUMBER, doc.number.expose())?;
            write(
                &mut b,
                AUTHORITY,
                doc.issuing_authority.as_deref().unwrap_or(""),
            )?;
            match &doc.details {
                DocumentDetails::ResidencePermit {
                    permit_number,
                    issue_count,
                } => {
                    write(&mut b, J_PERMIT, permit_number.expose())?;
                    write(&mut b, J_ISSUES, &format!("{issue_count:02}"))?;
                    write(&mut b, TYPE_FLAG, "J")?;
                }
                DocumentDetails::ResidentId { nation } => {
                    write(&mut b, NATION, &format!("{:02}", nation.code()))?;
                }
                _ => {}
            }
        }
        DocumentDetails::ForeignPermanentResident2017 {
            nationality,
            card_version,
            authority_code,
        } => {
            foreigner_has_no_extra_slots(doc)?;
            write(
                &mut b,
                I_NAME_EN,
                doc.name_en.as_ref().map_or("", PersonName::expose),
            )?;
            write(&mut b, I_SEX, &doc.sex.code().to_string())?;
            write(&mut b, I_NUMBER, doc.number.expose())?;
            write(&mut b, I_NATIONALITY, nationality)?;
            write(&mut b, I_NAME, doc.name.expose())?;
            write_date(&mut b, I_BIRTH, doc.birth_date)?;
            write(&mut b, I_VERSION, card_version)?;
            write(&mut b, I_AUTHORITY_CODE, authority_code)?;
            write(&mut b, TYPE_FLAG, "I")?;
        }
        DocumentDetails::ForeignPermanentResident2023 {
            renewal_count,
            nationality,
        } => {
            foreigner_has_no_extra_slots(doc)?;
            write(&mut b, NAME, doc.name.expose())?;
            write(&mut b, SEX, &doc.sex.code().to_string())?;
            write(&mut b, Y_RENEWALS, &format!("{renewal_count:02}"))?;
            write_date(&mut b, BIRTH, doc.birth_date)?;
            write(
                &mut b,
                Y_NAME_EN,
                doc.name_en.as_ref().map_or("", PersonName::expose),
            )?;
            write(&mut b, NUMBER, doc.number.expose())?;
            write(&mut b, Y_NATIONALITY, nationality)?;
            write(&mut b, TYPE_FLAG, "Y")?;
        }
        DocumentDetails::Passport { .. }
        | DocumentDetails::HkMacaoExitEntryPermit {}
        | DocumentDetails::TaiwanCompatriotPermit {} => {
            return Err(IdCardError::NotSamDocument {
                kind: doc.kind().as_str(),
            })
        }
    }
    write_validity(&mut b, &doc.validity)?;
    Ok(b)
}

fn foreigner_has_no_extra_slots(doc: &IdentityDocument) -> Result<()> {
    if doc.address.is_some() {
        return Err(no_slot("address"));
    }
    if doc.issuing_authority.is_some() {
        return Err(no_slot("issuing_authority"));
    }
    Ok(())
}

fn be16(data: &[u8], at: usize) -> Result<usize> {
    data.get(at..at + 2)
        .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        .ok_or(IdCardError::TextLength {
            what: "length fields",
            len: data.len(),
        })
}

/// Parses the data of a successful `30 01` (`with_fingerprint = false`) or `30 10` answer.
pub fn parse_answer(data: &[u8], with_fingerprint: bool) -> Result<IdentityDocument> {
    let text_len = be16(data, 0)?;
    let photo_len = be16(data, 2)?;
    let (fp_len, header) = if with_fingerprint {
        (be16(data, 4)?, 6)
    } else {
        (0, 4)
    };
    if text_len < TEXT_LEN {
        return Err(IdCardError::TextLength {
            what: "text block",
            len: text_len,
        });
    }
    let expected = header + text_len + photo_len + fp_len;
    if data.len() < expected {
        return Err(IdCardError::TextLength {
            what: "answer",
            len: data.len(),
        });
    }
    let text = &data[header..header + text_len];
    let photo = &data[header + text_len..header + text_len + photo_len];
    let fp = &data[header + text_len + photo_len..expected];
    let mut doc = parse_text(text)?;
    doc.photo = (!photo.is_empty()).then(|| WltPhoto(photo.to_vec()));
    doc.fingerprint = (!fp.is_empty()).then(|| Fingerprint(fp.to_vec()));
    Ok(doc)
}

/// Encodes the data of a read answer (the inverse of [`parse_answer`]). A document without a
/// photo gets a zero photo length.
pub fn encode_answer(doc: &IdentityDocument, with_fingerprint: bool) -> Result<Vec<u8>> {
    let text = encode_text(doc)?;
    let photo = doc.photo.as_ref().map_or(&[][..], |p| p.0.as_slice());
    let fp = match (&doc.fingerprint, with_fingerprint) {
        (Some(f), true) => f.0.as_slice(),
        _ => &[][..],
    };
    let len16 = |what: &'static str, n: usize| {
        u16::try_from(n).map_err(|_| IdCardError::TextLength { what, len: n })
    };
    let mut out = Vec::with_capacity(6 + TEXT_LEN + photo.len() + fp.len());
    out.extend_from_slice(&len16("text block", TEXT_LEN)?.to_be_bytes());
    out.extend_from_slice(&len16("photo", photo.len())?.to_be_bytes());
    if with_fingerprint {
        out.extend_from_slice(&len16("fingerprint", fp.len())?.to_be_bytes());
    }
    out.extend_from_slice(&text);
    out.extend_from_slice(photo);
    out.extend_from_slice(fp);
    Ok(out)
}
