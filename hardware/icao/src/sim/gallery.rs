//! Fictional document holders for the virtual chip (textbook names; no real person).

use super::chip::VirtualChip;
use super::jpeg;
use super::pki::TestPki;
use crate::bac::BacKey;
use crate::dg::{com, dg1, dg11, dg2, fid_of, FID_COM, FID_SOD};
use crate::error::Result;
use crate::mrz::check_digit;
use std::collections::BTreeMap;

/// The specimens the virtual chip can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Specimen {
    /// A valid passport: 韩梅梅.
    ValidPassport,
    /// A passport that expired in 2020: 李雷.
    ExpiredPassport,
    /// A 往来港澳通行证 (card type CS, TD1-sized MRZ): 王小明.
    HkMacaoPermit,
    /// A passport whose DG1 was changed after signing (hash no longer matches EF.SOD): 林涛.
    AlteredDg1,
    /// A passport whose MRZ composite check digit is wrong (consistently signed): 吉姆.
    BadChecksum,
}

struct Holder {
    mrz: String,
    number: &'static str,
    birth: &'static str,
    expiry: &'static str,
    dg11: Vec<(u32, &'static str)>,
    shade: u8,
}

fn cd(field: &str) -> char {
    check_digit(field).unwrap_or('0')
}

fn pad(s: &str, n: usize) -> String {
    format!("{s:<<n$}")
}

/// TD3 MRZ text with every check digit computed.
fn td3(name: &str, number: &str, birth: &str, sex: char, expiry: &str) -> String {
    let l1 = pad(&format!("P<CHN{name}"), 44);
    let n = pad(number, 9);
    let personal = pad("", 14);
    let body = format!(
        "{n}{}CHN{birth}{}{sex}{expiry}{}{personal}{}",
        cd(&n),
        cd(birth),
        cd(expiry),
        cd(&personal)
    );
    let composite = format!("{}{}{}", &body[0..10], &body[13..20], &body[21..43]);
    format!("{l1}{body}{}", cd(&composite))
}

/// TD1 MRZ text (3×30), document code CS for the 往来港澳通行证.
fn td1(code: &str, name: &str, number: &str, birth: &str, sex: char, expiry: &str) -> String {
    let n = pad(number, 9);
    let l1 = pad(&format!("{code}CHN{n}{}", cd(&n)), 30);
    let l2_head = format!("{birth}{}{sex}{expiry}{}CHN", cd(birth), cd(expiry));
    let l2 = pad(&l2_head, 29);
    let composite = format!("{}{}{}{}", &l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]);
    format!("{l1}{l2}{}{}", cd(&composite), pad(name, 30))
}

impl Specimen {
    /// Every specimen.
    pub const ALL: [Specimen; 5] = [
        Self::ValidPassport,
        Self::ExpiredPassport,
        Self::HkMacaoPermit,
        Self::AlteredDg1,
        Self::BadChecksum,
    ];

    /// Command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::ValidPassport => "valid",
            Self::ExpiredPassport => "expired",
            Self::HkMacaoPermit => "hkmo",
            Self::AlteredDg1 => "altered",
            Self::BadChecksum => "checksum",
        }
    }

    /// From its command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    fn holder(self) -> Holder {
        match self {
            Self::ValidPassport => Holder {
                mrz: td3("HAN<<MEIMEI", "EH0000001", "900101", 'F', "341231"),
                number: "EH0000001",
                birth: "900101",
                expiry: "341231",
                dg11: vec![(0x5F0E, "韩<<梅梅"), (0x5F2B, "19900101"), (0x5F11, "北京")],
                shade: 140,
            },
            Self::ExpiredPassport => Holder {
                mrz: td3("LI<<LEI", "EL0000002", "891111", 'M', "200101"),
                number: "EL0000002",
                birth: "891111",
                expiry: "200101",
                dg11: vec![(0x5F0E, "李<<雷"), (0x5F11, "上海")],
                shade: 120,
            },
            Self::HkMacaoPermit => Holder {
                mrz: td1("CS", "WANG<<XIAOMING", "C00000003", "850515", 'M', "330515"),
                number: "C00000003",
                birth: "850515",
                expiry: "330515",
                dg11: vec![
                    (0x5F0E, "王<<小明"),
                    (0x5F11, "广东省<广州市"),
                    (0x5F42, "广州市<天河区<示例路1号"),
                ],
                shade: 160,
            },
            Self::AlteredDg1 => Holder {
                mrz: td3("LIN<<TAO", "EL0000004", "880808", 'M', "320808"),
                number: "EL0000004",
                birth: "880808",
                expiry: "320808",
                dg11: vec![(0x5F0E, "林<<涛")],
                shade: 100,
            },
            Self::BadChecksum => {
                let good = td3("GREEN<<JIM", "EG0000005", "870303", 'M', "310303");
                let (body, last) = good.split_at(good.len() - 1);
                let wrong = if last == "0" { '1' } else { '0' };
                Holder {
                    mrz: format!("{body}{wrong}"),
                    number: "EG0000005",
                    birth: "870303",
                    expiry: "310303",
                    dg11: vec![(0x5F0E, "GREEN<<JIM")],
                    shade: 180,
                }
            }
        }
    }

    /// The BAC key a clerk would type from the printed MRZ.
    pub fn bac_key(self) -> Result<BacKey> {
        let h = self.holder();
        BacKey::new(h.number, h.birth, h.expiry)
    }

    /// The MRZ text on this specimen's chip (DG1 as issued, before any alteration).
    pub fn mrz(self) -> String {
        self.holder().mrz
    }

    /// The chip's files, EF.SOD signed by `pki`.
    pub fn files(self, pki: &TestPki) -> Result<BTreeMap<u16, Vec<u8>>> {
        let h = self.holder();
        let dg1 = dg1::encode(&h.mrz);
        let dg2 = dg2::encode(&jpeg::face(h.shade)?, jpeg::WIDTH, jpeg::HEIGHT);
        let dg11 = dg11::encode(&h.dg11);
        let sod = pki.sign_sod(&[(1, &dg1), (2, &dg2), (11, &dg11)])?;
        let dg1 = if self == Self::AlteredDg1 {
            // Same shape, other name, check digits still right: only the hash gives it away.
            dg1::encode(&td3("LIN<<TAOO", h.number, h.birth, 'M', h.expiry))
        } else {
            dg1
        };
        Ok(BTreeMap::from([
            (FID_COM, com::encode(&[1, 2, 11])),
            (fid_of(1), dg1),
            (fid_of(2), dg2),
            (fid_of(11), dg11),
            (FID_SOD, sod),
        ]))
    }

    /// A virtual chip holding this specimen.
    pub fn chip(self, pki: &TestPki) -> Result<VirtualChip> {
        Ok(VirtualChip::new(self.files(pki)?, &self.bac_key()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mrz;

    #[test]
    fn specimen_mrzs_parse_with_the_intended_checks() {
        for s in Specimen::ALL {
            let m = mrz::parse(&s.mrz()).unwrap();
            assert_eq!(m.checks_ok(), s != Specimen::BadChecksum, "{}", s.name());
            assert_eq!(
                crate::bac::BacKey::from_mrz(&m).unwrap(),
                s.bac_key().unwrap()
            );
        }
        assert_eq!(
            mrz::parse(&Specimen::HkMacaoPermit.mrz()).unwrap().format,
            mrz::MrzFormat::Td1
        );
        assert_eq!(
            mrz::parse(&Specimen::HkMacaoPermit.mrz())
                .unwrap()
                .document_code,
            "CS"
        );
    }
}
