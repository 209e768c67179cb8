//! ICAO 9303-11 Appendix D worked example (D.2 keys, D.3 BAC, D.4 secure messaging),
//! byte for byte. The values are the appendix's published ones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use hex_literal::hex;
use ow_icao::apdu::Command;
use ow_icao::bac::{self, BacKey, KeyPair, TerminalNonces};
use ow_icao::crypto;

fn appendix_key() -> BacKey {
    BacKey::new("L898902C", "690806", "940623").unwrap()
}

const RND_IC: [u8; 8] = hex!("4608F91988702212");
const RND_IFD: [u8; 8] = hex!("781723860C06C226");
const K_IFD: [u8; 16] = hex!("0B795240CB7049B01C19B33E32804F0B");
const K_IC: [u8; 16] = hex!("0B4F80323EB3191CB04970CB4052790B");

fn nonces() -> TerminalNonces {
    TerminalNonces {
        rnd_ifd: RND_IFD,
        k_ifd: K_IFD,
    }
}

#[test]
fn d2_document_basic_access_keys() {
    let key = appendix_key();
    assert_eq!(key.information(), "L898902C<369080619406236");
    assert_eq!(key.seed(), hex!("239AB9CB282DAF66231DC5A4DF6BFBAE"));
    let keys = key.keys();
    assert_eq!(keys.enc, hex!("AB94FDECF2674FDFB9B391F85D7F76F2"));
    assert_eq!(keys.mac, hex!("7962D9ECE03D1ACD4C76089DCE131543"));
}

#[test]
fn d3_mutual_authentication_terminal_side() {
    let keys = appendix_key().keys();
    let s = [&RND_IFD[..], &RND_IC, &K_IFD].concat();
    assert_eq!(
        s,
        hex!("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B")
    );
    let data = bac::external_authenticate_data(&keys, &RND_IC, &nonces()).unwrap();
    assert_eq!(
        data,
        hex!(
            "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
            "5F1448EEA8AD90A7"
        )
    );
    let cmd = Command::new(0, 0x82, 0, 0).with_data(data).with_le(40);
    assert_eq!(
        cmd.to_bytes(),
        hex!(
            "0082000028"
            "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
            "5F1448EEA8AD90A728"
        )
    );
    // The chip's answer from the appendix.
    let answer = hex!(
        "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
        "2F2D235D074D7449"
    );
    assert_eq!(
        crypto::tdes_decrypt(&keys.enc, &answer[..32]).unwrap(),
        hex!("4608F91988702212781723860C06C2260B4F80323EB3191CB04970CB4052790B")
    );
    let session = bac::finish(&keys, &RND_IC, &nonces(), &answer).unwrap();
    assert_eq!(session.keys().enc, hex!("979EC13B1CBFE9DCD01AB0FED307EAE5"));
    assert_eq!(session.keys().mac, hex!("F1CB1F1FB5ADF208806B89DC579DC1F8"));
    assert_eq!(session.ssc(), 0x887022120C06C226);
    // A flipped MAC byte is refused.
    let mut bad = answer;
    bad[39] ^= 1;
    assert!(bac::finish(&keys, &RND_IC, &nonces(), &bad).is_err());
}

#[test]
fn d3_mutual_authentication_chip_side() {
    let keys = appendix_key().keys();
    let data = bac::external_authenticate_data(&keys, &RND_IC, &nonces()).unwrap();
    let (answer, session) = bac::chip_answer(&keys, &RND_IC, &K_IC, &data)
        .unwrap()
        .unwrap();
    assert_eq!(
        answer,
        hex!(
            "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
            "2F2D235D074D7449"
        )
    );
    let seed: Vec<u8> = K_IFD.iter().zip(K_IC).map(|(a, b)| a ^ b).collect();
    assert_eq!(seed, hex!("0036D272F5C350ACAC50C3F572D23600"));
    assert_eq!(session.ssc(), 0x887022120C06C226);
    let wrong = KeyPair::from_seed(&[0u8; 16]);
    assert!(bac::chip_answer(&wrong, &RND_IC, &K_IC, &data)
        .unwrap()
        .is_none());
}

fn d4_session() -> ow_icao::sm::SmSession {
    bac::session(&K_IFD, &K_IC, &RND_IC, &RND_IFD)
}

#[test]
fn d4_secure_messaging_transcript() {
    let mut t = d4_session();
    let mut chip = d4_session();

    // SELECT EF.COM.
    let select = Command::new(0, 0xA4, 0x02, 0x0C).with_data(hex!("011E").to_vec());
    assert_eq!(select.to_bytes(), hex!("00A4020C02011E"));
    let p = t.protect(&select).unwrap();
    assert_eq!(
        p,
        hex!("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    );
    assert_eq!(t.ssc(), 0x887022120C06C227);
    assert_eq!(chip.unprotect_command(&p).unwrap(), select);
    let r = chip.protect_response(&[], 0x9000).unwrap();
    assert_eq!(r, hex!("990290008E08FA855A5D4C50A8ED9000"));
    assert_eq!(t.unprotect(&r).unwrap(), (vec![], 0x9000));
    assert_eq!(t.ssc(), 0x887022120C06C228);

    // READ BINARY, first 4 bytes.
    let read4 = Command::new(0, 0xB0, 0, 0).with_le(4);
    assert_eq!(read4.to_bytes(), hex!("00B0000004"));
    let p = t.protect(&read4).unwrap();
    assert_eq!(p, hex!("0CB000000D9701048E08ED6705417E96BA5500"));
    assert_eq!(chip.unprotect_command(&p).unwrap(), read4);
    let r = chip.protect_response(&hex!("60145F01"), 0x9000).unwrap();
    assert_eq!(
        r,
        hex!("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")
    );
    assert_eq!(
        t.unprotect(&r).unwrap(),
        (hex!("60145F01").to_vec(), 0x9000)
    );
    assert_eq!(t.ssc(), 0x887022120C06C22A);

    // READ BINARY, the remaining 18 bytes.
    let read18 = Command::new(0, 0xB0, 0, 4).with_le(0x12);
    let p = t.protect(&read18).unwrap();
    assert_eq!(p, hex!("0CB000040D9701128E082EA28A70F3C7B53500"));
    assert_eq!(chip.unprotect_command(&p).unwrap(), read18);
    let plain = hex!("04303130365F36063034303030305C026175");
    let r = chip.protect_response(&plain, 0x9000).unwrap();
    assert_eq!(
        r,
        hex!(
            "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A"
            "990290008E08C8B2787EAEA07D749000"
        )
    );
    assert_eq!(t.unprotect(&r).unwrap(), (plain.to_vec(), 0x9000));
    assert_eq!(t.ssc(), 0x887022120C06C22C);
}

#[test]
fn d4_tampered_mac_is_refused_with_the_sm_mac_code() {
    use ow_error::ErrorCode;
    let mut t = d4_session();
    let select = Command::new(0, 0xA4, 0x02, 0x0C).with_data(hex!("011E").to_vec());
    t.protect(&select).unwrap();
    let err = t
        .unprotect(&hex!("990290008E08FA855A5D4C50A8EE9000"))
        .unwrap_err();
    assert_eq!(err.code(), "icao.sm_mac");
}

#[test]
fn d4_mac_building_blocks() {
    let ks_mac = hex!("F1CB1F1FB5ADF208806B89DC579DC1F8");
    let n = hex!("887022120C06C2270CA4020C800000008709016375432908C044F6");
    assert_eq!(
        crypto::pad(&n),
        hex!("887022120C06C2270CA4020C800000008709016375432908C044F68000000000")
    );
    assert_eq!(
        crypto::mac_padded(&ks_mac, &n).unwrap(),
        hex!("BF8B92D635FF24F8")
    );
    let ks_enc = hex!("979EC13B1CBFE9DCD01AB0FED307EAE5");
    assert_eq!(
        crypto::tdes_encrypt(&ks_enc, &crypto::pad(&hex!("011E"))).unwrap(),
        hex!("6375432908C044F6")
    );
}
