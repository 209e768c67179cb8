//! Property tests: the decoders never panic on arbitrary input, and encode → decode is the
//! identity. Failing cases are kept in `tests/prop.proptest-regressions` (commit it).
#![allow(clippy::unwrap_used, clippy::panic)] // helpers outside #[test] fns

use chrono::NaiveDate;
use ow_idcard::document::{Fingerprint, WltPhoto};
use ow_idcard::sam::frame::{FrameDecoder, Request, Response, MAX_LEN};
use ow_idcard::sam::text::{encode_answer, parse_answer, parse_text};
use ow_idcard::sam::{Command, SamStatus};
use ow_idcard::{
    Address, DocumentDetails, IdNumber, IdentityDocument, Nation, PersonName, Sex, Source,
    ValidUntil, Validity,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn decode_chunks(chunks: &[Vec<u8>]) -> (FrameDecoder, Vec<Response>) {
    let mut d = FrameDecoder::new();
    let mut out = Vec::new();
    for c in chunks {
        d.push(c);
        while let Some(r) = d.next_frame() {
            if let Ok(raw) = r {
                if let Ok(resp) = Response::from_raw(raw) {
                    out.push(resp);
                }
            }
        }
    }
    (d, out)
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2100, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN))
}

fn sex() -> impl Strategy<Value = Sex> {
    prop_oneof![
        Just(Sex::Unknown),
        Just(Sex::Male),
        Just(Sex::Female),
        Just(Sex::Unstated)
    ]
}

fn validity() -> impl Strategy<Value = Validity> {
    let until = prop_oneof![
        Just(ValidUntil::LongTerm),
        date().prop_map(ValidUntil::Date)
    ];
    (date(), until).prop_map(|(from, until)| Validity { from, until })
}

fn details() -> impl Strategy<Value = DocumentDetails> {
    let nations: Vec<Nation> = Nation::all().collect();
    prop_oneof![
        proptest::sample::select(nations).prop_map(|nation| DocumentDetails::ResidentId { nation }),
        ("[A-Z0-9]{1,9}", 0u8..=99).prop_map(|(p, issue_count)| {
            DocumentDetails::ResidencePermit {
                permit_number: IdNumber::new(p),
                issue_count,
            }
        }),
        ("[A-Z]{3}", "[0-9]{2}", "[0-9]{4}").prop_map(
            |(nationality, card_version, authority_code)| {
                DocumentDetails::ForeignPermanentResident2017 {
                    nationality,
                    card_version,
                    authority_code,
                }
            }
        ),
        ("[A-Z]{3}", 0u8..=99).prop_map(|(nationality, renewal_count)| {
            DocumentDetails::ForeignPermanentResident2023 {
                renewal_count,
                nationality,
            }
        }),
    ]
}

/// Documents within what a card can carry, in the normal form the parser produces.
fn document() -> impl Strategy<Value = IdentityDocument> {
    let re = |p: &str| proptest::string::string_regex(p).unwrap();
    let text = (
        re("[\u{4e00}-\u{9fa5}]{0,15}"),
        re("[A-Z]([A-Z ,]{0,33}[A-Z])?"),
        re("[\u{4e00}-\u{9fa5}][\u{4e00}-\u{9fa5}0-9]{0,34}"),
        re("[\u{4e00}-\u{9fa5}]{1,15}"),
        re("[0-9]{17}[0-9X]"),
        re("[A-Z]{3}[0-9]{12}"),
    );
    let rest = (
        details(),
        sex(),
        date(),
        validity(),
        option::of(vec(any::<u8>(), 1..=1024)),
        option::of(vec(any::<u8>(), 1..=1024)),
    );
    (text, rest).prop_map(
        |((name, en, addr, auth, num18, num15), (details, sex, birth, validity, photo, fp))| {
            let (name_en, address, authority, number) = match &details {
                DocumentDetails::ResidentId { .. } | DocumentDetails::ResidencePermit { .. } => {
                    (None, Some(Address::new(addr)), Some(auth), num18)
                }
                DocumentDetails::ForeignPermanentResident2017 { .. } => {
                    (Some(en), None, None, num15)
                }
                _ => (Some(en), None, None, num18),
            };
            IdentityDocument {
                details,
                name: PersonName::new(name),
                name_en: name_en.map(PersonName::new),
                sex,
                birth_date: birth,
                address,
                number: IdNumber::new(number),
                issuing_authority: authority,
                validity,
                photo: photo.map(WltPhoto),
                fingerprint: fp.map(Fingerprint),
                source: Source::SamReader,
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoder_never_panics_and_stays_bounded(chunks in vec(vec(any::<u8>(), 0..300), 0..20)) {
        let (mut d, _) = decode_chunks(&chunks);
        prop_assert!(d.buffered() <= MAX_LEN + 7);
        let _ = d.finish();
        prop_assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn decoder_survives_frames_with_flipped_bytes(
        data in vec(any::<u8>(), 0..64), flip in any::<prop::sample::Index>(), mask in 1u8..,
    ) {
        let mut bytes = Response::new(SamStatus::Ok, data).encode().unwrap();
        let i = flip.index(bytes.len());
        bytes[i] ^= mask;
        let _ = decode_chunks(&[bytes]);
    }

    #[test]
    fn responses_round_trip_through_noise_and_any_split(
        frames in vec((any::<u8>(), any::<u8>(), any::<u8>(), vec(any::<u8>(), 0..1500)), 1..4),
        noise in vec(any::<u8>().prop_filter("no preamble byte", |b| *b != 0xAA), 0..40),
        cut in any::<prop::sample::Index>(),
    ) {
        let sent: Vec<Response> = frames.into_iter().map(|(sw1, sw2, sw3, data)| Response {
            sw1, sw2, status: SamStatus::from_sw3(sw3), data,
        }).collect();
        let mut stream = noise.clone();
        for r in &sent {
            stream.extend(r.encode().unwrap());
        }
        let at = cut.index(stream.len());
        let (d, got) = decode_chunks(&[stream[..at].to_vec(), stream[at..].to_vec()]);
        prop_assert_eq!(got, sent);
        prop_assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn requests_round_trip(cmd in any::<u8>(), para in any::<u8>(), data in vec(any::<u8>(), 0..100)) {
        let req = Request { command: Command::new(cmd, para), data };
        let mut d = FrameDecoder::new();
        d.push(&req.encode().unwrap());
        let raw = d.next_frame().unwrap().unwrap();
        prop_assert_eq!(Request::from_raw(raw).unwrap(), req);
    }

    #[test]
    fn text_parser_never_panics(block in vec(any::<u8>(), 0..400)) {
        let _ = parse_text(&block);
    }

    #[test]
    fn answer_parser_never_panics(data in vec(any::<u8>(), 0..1400), fp in any::<bool>()) {
        let _ = parse_answer(&data, fp);
    }

    #[test]
    fn documents_round_trip_through_the_answer(doc in document(), with_fp in any::<bool>()) {
        let data = encode_answer(&doc, with_fp).unwrap();
        let back = parse_answer(&data, with_fp).unwrap();
        let mut expected = doc;
        if !with_fp {
            expected.fingerprint = None;
        }
        prop_assert_eq!(back, expected);
    }
}
