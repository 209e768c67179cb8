//! Text block parsing for each card type, from blocks laid out by hand at the documented
//! offsets (independent of the encoder), plus the read-answer envelope.
#![allow(clippy::unwrap_used, clippy::panic)] // helpers outside #[test] fns

use chrono::NaiveDate;
use ow_error::ErrorCode;
use ow_idcard::sam::text::{encode_answer, encode_text, parse_answer, parse_text, TEXT_LEN};
use ow_idcard::{gallery, DocumentDetails, DocumentKind, IdCardError, Sex, Source, ValidUntil};

/// A blank (all spaces) block with `fields` written at their byte offsets, UCS-2LE.
fn block(fields: &[(usize, &str)]) -> Vec<u8> {
    let mut b: Vec<u8> = std::iter::repeat_n([0x20, 0x00], TEXT_LEN / 2)
        .flatten()
        .collect();
    for (at, s) in fields {
        for (i, u) in s.encode_utf16().enumerate() {
            b[at + 2 * i..at + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
    }
    b
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const RESIDENT: &[(usize, &str)] = &[
    (0, "张示例"),
    (30, "1"),
    (32, "46"),
    (36, "19850312"),
    (52, "北京市朝阳区示例大街1号"),
    (122, "110105198503120012"),
    (158, "北京市公安局朝阳分局"),
    (188, "20200501"),
    (204, "长期"),
];

#[test]
fn resident_id_fields_sit_at_their_offsets() {
    let doc = parse_text(&block(RESIDENT)).unwrap();
    assert_eq!(doc.kind(), DocumentKind::ResidentId);
    assert_eq!(doc.name.expose(), "张示例");
    assert_eq!(doc.sex, Sex::Male);
    let DocumentDetails::ResidentId { nation } = doc.details else {
        panic!()
    };
    assert_eq!(nation.name_zh(), "德昂");
    assert_eq!(doc.birth_date, day(1985, 3, 12));
    assert_eq!(doc.address.unwrap().expose(), "北京市朝阳区示例大街1号");
    assert_eq!(doc.number.expose(), "110105198503120012");
    assert_eq!(
        doc.issuing_authority.as_deref(),
        Some("北京市公安局朝阳分局")
    );
    assert_eq!(doc.validity.from, day(2020, 5, 1));
    assert_eq!(doc.validity.until, ValidUntil::LongTerm);
    assert_eq!(doc.source, Source::SamReader);
    assert!(doc.name_en.is_none() && doc.photo.is_none());
}

#[test]
fn residence_permit_j_adds_permit_number_and_issue_count() {
    let mut fields = RESIDENT.to_vec();
    fields[2] = (32, "");
    fields[5] = (122, "81000019920229007X");
    fields[8] = (204, "20270101");
    fields.extend([(220, "H12345678"), (238, "03"), (248, "J")]);
    let doc = parse_text(&block(&fields)).unwrap();
    let DocumentDetails::ResidencePermit {
        permit_number,
        issue_count,
    } = &doc.details
    else {
        panic!("{:?}", doc.details)
    };
    assert_eq!((permit_number.expose(), *issue_count), ("H12345678", 3));
    assert_eq!(doc.validity.until, ValidUntil::Date(day(2027, 1, 1)));
}

#[test]
fn foreigner_2017_i_layout() {
    let fields = [
        (0, "SAMPLE, TESTER ALPHA"),
        (120, "2"),
        (122, "CAN110075031021"),
        (152, "CAN"),
        (158, "泰斯特"),
        (188, "20180101"),
        (204, "20280101"),
        (220, "19750310"),
        (236, "01"),
        (240, "1100"),
        (248, "I"),
    ];
    let doc = parse_text(&block(&fields)).unwrap();
    assert_eq!(doc.kind(), DocumentKind::ForeignPermanentResident2017);
    assert_eq!(
        doc.name_en.as_ref().unwrap().expose(),
        "SAMPLE, TESTER ALPHA"
    );
    assert_eq!(doc.name.expose(), "泰斯特");
    assert_eq!(doc.number.expose(), "CAN110075031021");
    assert_eq!(doc.sex, Sex::Female);
    assert_eq!(doc.birth_date, day(1975, 3, 10));
    let DocumentDetails::ForeignPermanentResident2017 { nationality, .. } = &doc.details else {
        panic!()
    };
    assert_eq!(nationality, "CAN");
    assert!(doc.address.is_none() && doc.issuing_authority.is_none());
}

#[test]
fn foreigner_2023_y_layout() {
    let fields = [
        (0, "样本"),
        (30, "1"),
        (32, "02"),
        (36, "19880808"),
        (52, "EXAMPLE, DEMO"),
        (122, "911124198808080014"),
        (188, "20231201"),
        (204, "20331201"),
        (248, "Y"),
    ];
    let doc = parse_text(&block(&fields)).unwrap();
    assert_eq!(doc.kind(), DocumentKind::ForeignPermanentResident2023);
    assert_eq!(doc.name.expose(), "样本");
    assert_eq!(doc.name_en.unwrap().expose(), "EXAMPLE, DEMO");
    assert_eq!(doc.number.expose(), "911124198808080014");
    let DocumentDetails::ForeignPermanentResident2023 { renewal_count, .. } = doc.details else {
        panic!()
    };
    assert_eq!(renewal_count, 2);
}

#[test]
fn every_gallery_card_round_trips_through_the_answer() {
    for e in gallery::entries().unwrap() {
        let doc = gallery::card(&e.key).unwrap();
        for fp in [false, true] {
            let data = encode_answer(&doc, fp).unwrap();
            assert_eq!(data.len(), if fp { 6 } else { 4 } + 256 + 1024);
            assert_eq!(parse_answer(&data, fp).unwrap(), doc, "{}", e.key);
        }
        assert_eq!(parse_text(&encode_text(&doc).unwrap()).unwrap().photo, None);
    }
}

#[test]
fn answer_envelopes_have_the_documented_lengths() {
    let mut doc = gallery::card("valid_adult").unwrap();
    doc.fingerprint = Some(ow_idcard::document::Fingerprint(vec![7; 1024]));
    let a = encode_answer(&doc, false).unwrap();
    assert_eq!(a[..4], [0x01, 0x00, 0x04, 0x00]);
    let b = encode_answer(&doc, true).unwrap();
    assert_eq!(b[..6], [0x01, 0x00, 0x04, 0x00, 0x04, 0x00]);
    assert_eq!(b[6..262], encode_text(&doc).unwrap());
    let back = parse_answer(&b, true).unwrap();
    assert_eq!(back.fingerprint.map(|f| f.0.len()), Some(1024));
}

#[test]
fn broken_answers_are_typed_errors() {
    let doc = gallery::card("valid_adult").unwrap();
    let data = encode_answer(&doc, false).unwrap();
    let err = parse_answer(&data[..1000], false).unwrap_err();
    assert!(matches!(
        err,
        IdCardError::TextLength { what: "answer", .. }
    ));
    assert!(matches!(
        parse_answer(&data[..3], false),
        Err(IdCardError::TextLength { .. })
    ));
    let mut short_text = data.clone();
    short_text[..2].copy_from_slice(&[0x00, 0x80]);
    assert!(matches!(
        parse_answer(&short_text, false),
        Err(IdCardError::TextLength { .. })
    ));
    assert!(matches!(
        parse_text(&[0; 100]),
        Err(IdCardError::TextLength { .. })
    ));
}

#[test]
fn bad_fields_name_the_field_and_never_the_value() {
    let cases: [(&[(usize, &str)], &str); 5] = [
        (&[(36, "19851332")], "birth_date"),
        (&[(30, "5")], "sex"),
        (&[(32, "77")], "nation"),
        (&[(204, "2020")], "valid_until"),
        (&[(248, "Z")], "card_type"),
    ];
    for (patch, field) in cases {
        let mut fields = RESIDENT.to_vec();
        fields.extend_from_slice(patch);
        let err = parse_text(&block(&fields)).unwrap_err();
        assert!(
            matches!(err, IdCardError::TextField { field: f, .. } if f == field),
            "{err:?}"
        );
        assert_eq!(err.code(), "idcard.text.field");
        assert!(!err.to_string().contains("1985"));
    }
    let mut b = block(RESIDENT);
    b[0..2].copy_from_slice(&0xD800u16.to_le_bytes());
    assert!(matches!(
        parse_text(&b),
        Err(IdCardError::TextEncoding { field: "name" })
    ));
}

#[test]
fn encoder_refuses_what_the_card_cannot_carry() {
    let mut doc = gallery::card("valid_adult").unwrap();
    doc.name = ow_idcard::PersonName::new("一二三四五六七八九十一二三四五六");
    assert!(matches!(
        encode_text(&doc),
        Err(IdCardError::TextTooLong {
            field: "name",
            max_chars: 15
        })
    ));
    let mut doc = gallery::card("valid_adult").unwrap();
    doc.name_en = Some(ow_idcard::PersonName::new("ZHANG"));
    assert!(matches!(
        encode_text(&doc),
        Err(IdCardError::TextField {
            field: "name_en",
            ..
        })
    ));
    let mut doc = gallery::card("valid_adult").unwrap();
    doc.details = DocumentDetails::Passport {
        issuing_state: "CHN".into(),
        nationality: "CHN".into(),
    };
    let err = encode_text(&doc).unwrap_err();
    assert_eq!(err.code(), "idcard.text.not_sam_document");
}

#[test]
fn debug_output_of_a_document_leaks_nothing() {
    let doc = gallery::card("valid_adult").unwrap();
    let dbg = format!("{doc:?}");
    for secret in [
        "示例",
        "110105198503120012",
        "19850312",
        "示例大街",
        "1024 bytes",
    ] {
        let leaked = dbg.contains(secret);
        assert_eq!(leaked, secret == "1024 bytes", "{secret} in {dbg}");
    }
}

#[test]
fn documents_serialize_for_the_ui_and_back() {
    let doc = gallery::card("hk_resident").unwrap();
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["details"]["kind"], "residence_permit");
    assert_eq!(json["details"]["permit_number"], "H12345678");
    assert_eq!(json["name"], "陈港示", "the UI gets the real value");
    assert_eq!(json["validity"]["until"]["date"], "2027-01-01");
    assert!(json.get("fingerprint").is_none());
    let back: ow_idcard::IdentityDocument = serde_json::from_value(json).unwrap();
    assert_eq!(back, doc);
    let resident = serde_json::to_value(gallery::card("elderly").unwrap()).unwrap();
    assert_eq!(resident["details"]["nation"]["name_zh"], "蒙古");
    assert_eq!(resident["validity"]["until"], "long_term");
}
