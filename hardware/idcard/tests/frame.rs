//! GA/T 467 frame codec: round trips and every error kind.
#![allow(clippy::unwrap_used, clippy::panic)] // helpers outside #[test] fns

use ow_error::ErrorCode;
use ow_idcard::sam::frame::{checksum, FrameDecoder, RawFrame, Request, Response, MAX_LEN};
use ow_idcard::sam::{Command, SamStatus};
use ow_idcard::IdCardError;

fn decode_all(bytes: &[u8]) -> Vec<Result<RawFrame, IdCardError>> {
    let mut d = FrameDecoder::new();
    d.push(bytes);
    std::iter::from_fn(|| d.next_frame()).collect()
}

fn response(status: SamStatus, data: Vec<u8>) -> Vec<u8> {
    Response::new(status, data).encode().unwrap()
}

#[test]
fn request_and_response_round_trip() {
    for cmd in [
        Command::FIND_CARD,
        Command::SELECT_CARD,
        Command::READ_TEXT_PHOTO,
        Command::READ_TEXT_PHOTO_FINGERPRINT,
        Command::SAM_STATUS,
        Command::RESET,
        Command::SAM_ID,
    ] {
        let req = Request::new(cmd);
        let mut got = decode_all(&req.encode().unwrap());
        assert_eq!(got.len(), 1);
        assert_eq!(Request::from_raw(got.remove(0).unwrap()).unwrap(), req);
    }
    let resp = Response::new(SamStatus::Ok, (0..=255u8).cycle().take(1284).collect());
    let bytes = resp.encode().unwrap();
    assert_eq!(bytes[5..7], [0x05, 0x08], "a 30 01 answer has LEN 0x0508");
    let raw = decode_all(&bytes).remove(0).unwrap();
    assert_eq!(Response::from_raw(raw).unwrap(), resp);
}

#[test]
fn checksum_is_xor_from_len_to_end_of_data() {
    let bytes = Request::new(Command::SELECT_CARD).encode().unwrap();
    assert_eq!(*bytes.last().unwrap(), checksum(&bytes[5..bytes.len() - 1]));
    assert_eq!(*bytes.last().unwrap(), 0x21);
}

#[test]
fn frames_fed_one_byte_at_a_time_come_out_whole() {
    let a = response(SamStatus::CardFound, vec![0; 4]);
    let b = response(SamStatus::Ok, vec![1, 2, 3]);
    let mut d = FrameDecoder::new();
    let mut frames = Vec::new();
    for byte in a.iter().chain(&b) {
        d.push(&[*byte]);
        while let Some(f) = d.next_frame() {
            frames.push(f.unwrap());
        }
    }
    assert_eq!(frames.len(), 2);
    assert_eq!(
        Response::from_raw(frames[1].clone()).unwrap().data,
        [1, 2, 3]
    );
    assert_eq!(d.buffered(), 0);
    assert!(d.finish().is_none());
}

#[test]
fn garbage_before_the_preamble_is_reported_then_skipped() {
    let mut bytes = vec![0x00, 0xFF, 0xAA, 0x96, 0xAA];
    bytes.extend(response(SamStatus::NoCard, vec![]));
    let got = decode_all(&bytes);
    assert!(matches!(
        got[0],
        Err(IdCardError::FrameGarbage { skipped: 5 })
    ));
    assert_eq!(got[0].as_ref().unwrap_err().code(), "idcard.frame.garbage");
    let resp = Response::from_raw(got[1].as_ref().unwrap().clone()).unwrap();
    assert_eq!(resp.status, SamStatus::NoCard);
}

#[test]
fn a_partial_preamble_is_kept_until_the_rest_arrives() {
    let frame = response(SamStatus::Ok, vec![]);
    let mut d = FrameDecoder::new();
    d.push(&[0x01, 0x02, 0xAA, 0xAA]);
    assert!(matches!(
        d.next_frame(),
        Some(Err(IdCardError::FrameGarbage { skipped: 2 }))
    ));
    assert!(d.next_frame().is_none());
    d.push(&frame[2..]);
    assert!(d.next_frame().unwrap().is_ok());
}

#[test]
fn wrong_checksum_is_typed_and_the_next_frame_still_decodes() {
    let mut bad = response(SamStatus::Ok, vec![9, 9]);
    *bad.last_mut().unwrap() ^= 0x01;
    let good = response(SamStatus::CardFound, vec![0; 4]);
    let got = decode_all(&[bad, good].concat());
    let err = got.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert!(matches!(err, IdCardError::FrameChecksum { .. }));
    assert_eq!(err.code(), "idcard.sam.checksum");
    let ok: Vec<_> = got.into_iter().filter_map(Result::ok).collect();
    assert_eq!(ok.len(), 1);
    assert_eq!(
        Response::from_raw(ok[0].clone()).unwrap().status,
        SamStatus::CardFound
    );
}

#[test]
fn bogus_lengths_are_refused_without_waiting_for_them() {
    for len in [[0x00, 0x00], [0x00, 0x02], [0xFF, 0xFF], [0x0C, 0x01]] {
        let mut bytes = vec![0xAA, 0xAA, 0xAA, 0x96, 0x69];
        bytes.extend(len);
        let mut d = FrameDecoder::new();
        d.push(&bytes);
        let err = d.next_frame().unwrap().unwrap_err();
        assert!(
            matches!(err, IdCardError::FrameLength { max: MAX_LEN, .. }),
            "{len:?}"
        );
        assert_eq!(err.code(), "idcard.frame.length");
    }
    let mut small = FrameDecoder::with_max_len(16);
    small.push(&response(SamStatus::Ok, vec![0; 20]));
    assert!(matches!(
        small.next_frame(),
        Some(Err(IdCardError::FrameLength { len: 24, .. }))
    ));
}

#[test]
fn truncated_frames_are_reported_on_finish() {
    let frame = response(SamStatus::Ok, vec![0; 100]);
    let mut d = FrameDecoder::new();
    d.push(&frame[..50]);
    assert!(d.next_frame().is_none());
    let err = d.finish().unwrap();
    assert!(matches!(
        err,
        IdCardError::FrameTruncated {
            expected: 111,
            received: 50
        }
    ));
    assert_eq!(err.code(), "idcard.frame.truncated");
    assert_eq!(d.buffered(), 0);

    d.push(&frame[..3]);
    assert!(matches!(
        d.finish(),
        Some(IdCardError::FrameTruncated { received: 3, .. })
    ));
}

#[test]
fn bodies_too_short_for_their_kind_are_length_errors() {
    let raw = RawFrame {
        body: vec![0x00, 0x00],
    };
    assert!(matches!(
        Response::from_raw(raw.clone()),
        Err(IdCardError::FrameLength { .. })
    ));
    assert!(Request::from_raw(raw).is_ok());
    assert!(Request::from_raw(RawFrame { body: vec![0x20] }).is_err());
}

#[test]
fn oversize_data_cannot_be_encoded() {
    let err = Response::new(SamStatus::Ok, vec![0; MAX_LEN])
        .encode()
        .unwrap_err();
    assert!(matches!(err, IdCardError::FrameLength { .. }));
}

#[test]
fn every_status_byte_maps_back_and_has_a_code() {
    for sw3 in 0..=255u8 {
        let s = SamStatus::from_sw3(sw3);
        assert_eq!(s.sw3(), sw3);
        assert!(s.code().starts_with("idcard.sam."));
    }
    let expected = [
        (0x90, "idcard.sam.ok"),
        (0x80, "idcard.sam.no_card"),
        (0x81, "idcard.sam.select_failed"),
        (0x41, "idcard.sam.read_failed"),
        (0x10, "idcard.sam.request_checksum"),
        (0x11, "idcard.sam.request_length"),
        (0x21, "idcard.sam.request_command"),
        (0x31, "idcard.sam.auth_failed"),
        (0x32, "idcard.sam.auth_failed"),
        (0x40, "idcard.sam.wrong_card"),
        (0x60, "idcard.sam.self_test_failed"),
        (0x66, "idcard.sam.not_authorised"),
        (0x55, "idcard.sam.unknown_status"),
    ];
    for (sw3, code) in expected {
        assert_eq!(SamStatus::from_sw3(sw3).code(), code);
    }
}
