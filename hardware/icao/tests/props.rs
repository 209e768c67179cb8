//! Fuzz-style properties: arbitrary bytes never panic the TLV, MRZ, data group, EF.SOD,
//! APDU and secure-messaging parsers, and well-formed values round-trip.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hex_literal::hex;
use ow_icao::apdu::Command;
use ow_icao::bac;
use ow_icao::dg::{com, dg1, dg11, dg2};
use ow_icao::{mrz, sod, tlv};
use proptest::prelude::*;

fn session() -> ow_icao::sm::SmSession {
    bac::session(
        &hex!("0B795240CB7049B01C19B33E32804F0B"),
        &hex!("0B4F80323EB3191CB04970CB4052790B"),
        &hex!("4608F91988702212"),
        &hex!("781723860C06C226"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn tlv_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = tlv::parse_all(&bytes);
        let _ = tlv::find(&bytes, 0x5F1F);
        let _ = tlv::total_len(&bytes);
    }

    #[test]
    fn tlv_round_trips(tag in prop_oneof![Just(0x61u32), Just(0x5F1F), Just(0x7F61), Just(0x04)],
                       value in proptest::collection::vec(any::<u8>(), 0..1000)) {
        let enc = tlv::encode(tag, &value);
        let (t, rest) = tlv::parse_one(&enc).unwrap();
        prop_assert!(rest.is_empty());
        prop_assert_eq!(t.tag, tag);
        prop_assert_eq!(t.value, value.as_slice());
        prop_assert_eq!(tlv::total_len(&enc).unwrap(), enc.len());
    }

    #[test]
    fn data_group_parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = com::parse(&bytes);
        let _ = dg1::parse(&bytes);
        let _ = dg2::parse(&bytes);
        let _ = dg11::parse(&bytes);
        let _ = sod::parse(&bytes);
    }

    #[test]
    fn nested_garbage_in_valid_envelopes_never_panics(inner in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = dg2::parse(&tlv::encode(0x75, &tlv::encode(0x7F61, &tlv::encode(0x7F60, &tlv::encode(0x5F2E, &inner)))));
        let _ = dg2::parse(&tlv::encode(0x75, &tlv::encode(0x7F61, &inner)));
        let _ = dg11::parse(&tlv::encode(0x6B, &inner));
        let _ = sod::parse(&tlv::encode(0x77, &inner));
        let _ = dg1::parse(&tlv::encode(0x61, &tlv::encode(0x5F1F, &inner)));
    }

    #[test]
    fn mrz_parser_never_panics(text in "[A-Z0-9<]{0,100}", raw in "\\PC{0,100}") {
        let _ = mrz::parse(&text);
        let _ = mrz::parse(&raw);
        let _ = mrz::check_digit(&raw);
    }

    #[test]
    fn mrz_of_the_right_lengths_always_parses(td1 in "[A-Z0-9<]{90}", td3 in "[A-Z0-9<]{88}", td2 in "[A-Z0-9<]{72}") {
        prop_assert!(mrz::parse(&td1).is_ok());
        prop_assert!(mrz::parse(&td2).is_ok());
        prop_assert!(mrz::parse(&td3).is_ok());
    }

    #[test]
    fn sm_unwrapping_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = session().unprotect(&bytes);
        let _ = session().unprotect_command(&bytes);
        let _ = Command::parse(&bytes);
    }

    #[test]
    fn sm_round_trips_between_terminal_and_chip(
        data in proptest::collection::vec(any::<u8>(), 0..200),
        le in proptest::option::of(1usize..=256),
        reply in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let (mut term, mut chip) = (session(), session());
        let cmd = Command::new(0, 0xB0, 1, 2).with_data(data);
        let cmd = match le { Some(le) => cmd.with_le(le), None => cmd };
        let wire = term.protect(&cmd).unwrap();
        prop_assert_eq!(chip.unprotect_command(&wire).unwrap(), cmd);
        let resp = chip.protect_response(&reply, 0x9000).unwrap();
        prop_assert_eq!(term.unprotect(&resp).unwrap(), (reply, 0x9000));
    }

    #[test]
    fn any_flipped_bit_in_a_protected_response_is_caught(reply in proptest::collection::vec(any::<u8>(), 1..100),
                                                          pos in any::<usize>(), bit in 0u8..8) {
        let (mut term, mut chip) = (session(), session());
        let wire = term.protect(&Command::new(0, 0xB0, 0, 0).with_le(reply.len())).unwrap();
        chip.unprotect_command(&wire).unwrap();
        let mut resp = chip.protect_response(&reply, 0x9000).unwrap();
        let body = resp.len() - 2; // SW1SW2 outside the MAC is not protected by design
        resp[pos % body] ^= 1 << bit;
        prop_assert!(term.unprotect(&resp).is_err());
    }
}
