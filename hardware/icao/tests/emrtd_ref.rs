//! Independent reference: the `emrtd` crate (its own BAC, secure messaging and file
//! reading, over the same pcscd + vpcd) reads our virtual ePassport; its DG1, DG2, DG11 and
//! EF.SOD bytes must equal ours and the chip's, and its JPEG extraction must find our face.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use ow_icao::dg::{fid_of, FID_SOD};
use ow_icao::reader::{read_card, Readers, Timeouts};
use ow_icao::sim::{Specimen, TestPki, VirtualCard};
use ow_icao::ReadOptions;
use std::time::Duration;

/// Reads DG1, DG2, DG11 and EF.SOD with emrtd.
fn read_with_emrtd(reader: &str, number: &str, birth: &str, expiry: &str) -> Vec<Vec<u8>> {
    let ctx = pcsc::Context::establish(pcsc::Scope::User).unwrap();
    let name = std::ffi::CString::new(reader).unwrap();
    let card = ctx
        .connect(&name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
        .unwrap();
    let mut comms = emrtd::EmrtdComms::new(card);
    comms.select_emrtd_application().unwrap();
    let secret = emrtd::other_mrz(number, birth, expiry).unwrap();
    comms.establish_bac_session_keys(secret.as_bytes()).unwrap();
    let mut out = Vec::new();
    for (fid, name) in [
        (b"\x01\x01", "EF.DG1"),
        (b"\x01\x02", "EF.DG2"),
        (b"\x01\x0B", "EF.DG11"),
        (b"\x01\x1D", "EF.SOD"),
    ] {
        comms.select_ef(fid, name, true).unwrap();
        out.push(comms.read_data_from_ef(true).unwrap());
    }
    out
}

#[test]
fn emrtd_reads_the_same_bytes_as_we_do() {
    let _b = common::pcscd_session();
    let pki = TestPki::new().unwrap();
    for (s, number, birth, expiry) in [
        (Specimen::ValidPassport, "EH0000001", "900101", "341231"),
        (Specimen::HkMacaoPermit, "C00000003", "850515", "330515"),
    ] {
        let files = s.files(&pki).unwrap();
        let card = VirtualCard::insert(s.chip(&pki).unwrap(), common::PORT).unwrap();
        let mut readers = Readers::new().unwrap();
        let reader = readers
            .wait_for_card(Some(&common::reader()), Duration::from_secs(5))
            .unwrap();

        let theirs = read_with_emrtd(&reader, number, birth, expiry);
        let ours = read_card(
            &reader,
            &s.bac_key().unwrap(),
            ReadOptions::default(),
            Timeouts::default(),
        )
        .unwrap();

        assert_eq!(theirs[0], ours.dg1, "DG1");
        assert_eq!(theirs[1], *ours.dg2.as_ref().unwrap(), "DG2");
        assert_eq!(theirs[2], *ours.dg11.as_ref().unwrap(), "DG11");
        assert_eq!(theirs[3], *ours.sod.as_ref().unwrap(), "EF.SOD");
        assert_eq!(ours.dg1, files[&fid_of(1)]);
        assert_eq!(ours.dg2.as_ref().unwrap(), &files[&fid_of(2)]);
        assert_eq!(ours.sod.as_ref().unwrap(), &files[&FID_SOD]);

        // emrtd's own JPEG extraction from DG2 finds the same image our parser does.
        let their_jpeg = emrtd::get_jpeg_from_ef_dg2(&theirs[1]).unwrap();
        let our_face = ow_icao::dg::dg2::parse(ours.dg2.as_ref().unwrap()).unwrap();
        assert_eq!(their_jpeg, our_face.data.as_slice());
        card.remove();
        readers
            .wait_for_removal(&reader, Duration::from_secs(5))
            .unwrap();
    }
}
