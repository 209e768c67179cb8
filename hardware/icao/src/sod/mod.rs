//! EF.SOD (ICAO 9303-10 §4.6.2): a CMS SignedData (`cms` crate) whose content is the
//! LDSSecurityObject — the hash of every data group, signed by the Document Signer.

pub mod verify;

use crate::error::{IcaoError, Result};
use crate::model::HashState;
use crate::tlv;
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, PrintableString};
use der::{Decode, Sequence};
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use spki::AlgorithmIdentifierOwned;
use std::collections::BTreeMap;

/// `id-icao-mrtd-security-ldsSecurityObject`.
pub const OID_LDS_SECURITY_OBJECT: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.23.136.1.1.1");
/// `id-signedData`.
pub const OID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");

/// `DataGroupHash ::= SEQUENCE { dataGroupNumber, dataGroupHashValue }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct DataGroupHash {
    /// Data group number.
    pub data_group_number: u8,
    /// Its hash.
    pub data_group_hash_value: OctetString,
}

/// `LDSVersionInfo ::= SEQUENCE { ldsVersion, unicodeVersion }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct LdsVersionInfo {
    /// e.g. `0108`.
    pub lds_version: PrintableString,
    /// e.g. `040000`.
    pub unicode_version: PrintableString,
}

/// `LDSSecurityObject` (ICAO 9303-10 Appendix D.1).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct LdsSecurityObject {
    /// 0 (V0) or 1 (V1, with version info).
    pub version: u8,
    /// The hash algorithm of every data group hash.
    pub hash_algorithm: AlgorithmIdentifierOwned,
    /// The hashes.
    pub data_group_hash_values: Vec<DataGroupHash>,
    /// LDS 1.8 version info.
    #[asn1(optional = "true")]
    pub lds_version_info: Option<LdsVersionInfo>,
}

/// A hash algorithm used in EF.SOD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlg {
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// From its algorithm OID.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Some(match oid.to_string().as_str() {
            "1.3.14.3.2.26" => Self::Sha1,
            "2.16.840.1.101.3.4.2.4" => Self::Sha224,
            "2.16.840.1.101.3.4.2.1" => Self::Sha256,
            "2.16.840.1.101.3.4.2.2" => Self::Sha384,
            "2.16.840.1.101.3.4.2.3" => Self::Sha512,
            _ => return None,
        })
    }

    /// Its algorithm OID.
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            Self::Sha1 => ObjectIdentifier::new_unwrap("1.3.14.3.2.26"),
            Self::Sha224 => ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.4"),
            Self::Sha256 => ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1"),
            Self::Sha384 => ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2"),
            Self::Sha512 => ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3"),
        }
    }

    /// Hashes `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(data).to_vec(),
            Self::Sha224 => Sha224::digest(data).to_vec(),
            Self::Sha256 => Sha256::digest(data).to_vec(),
            Self::Sha384 => Sha384::digest(data).to_vec(),
            Self::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

/// A parsed EF.SOD.
#[derive(Debug, Clone)]
pub struct Sod {
    /// The algorithm of the data group hashes.
    pub hash_alg: HashAlg,
    /// Data group number → hash.
    pub hashes: BTreeMap<u8, Vec<u8>>,
    /// The CMS structure, kept for signature verification.
    pub signed_data: SignedData,
    /// The DER of the LDSSecurityObject (the signed content).
    pub econtent: Vec<u8>,
}

fn sod_err(reason: impl Into<String>) -> IcaoError {
    IcaoError::Sod {
        reason: reason.into(),
    }
}

/// Parses EF.SOD (tag `77` around a CMS ContentInfo).
pub fn parse(bytes: &[u8]) -> Result<Sod> {
    let (outer, _) = tlv::parse_one(bytes)?;
    if outer.tag != 0x77 {
        return Err(sod_err("outer tag is not 77"));
    }
    let ci =
        ContentInfo::from_der(outer.value).map_err(|e| sod_err(format!("ContentInfo: {e}")))?;
    if ci.content_type != OID_SIGNED_DATA {
        return Err(sod_err("content is not SignedData"));
    }
    let signed_data: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| sod_err(format!("SignedData: {e}")))?;
    let encap = &signed_data.encap_content_info;
    if encap.econtent_type != OID_LDS_SECURITY_OBJECT {
        return Err(sod_err("content is not an LDSSecurityObject"));
    }
    let econtent = encap
        .econtent
        .as_ref()
        .ok_or_else(|| sod_err("no encapsulated content"))?
        .value()
        .to_vec();
    let lso = LdsSecurityObject::from_der(&econtent)
        .map_err(|e| sod_err(format!("LDSSecurityObject: {e}")))?;
    let hash_alg = HashAlg::from_oid(&lso.hash_algorithm.oid)
        .ok_or_else(|| sod_err(format!("unknown hash algorithm {}", lso.hash_algorithm.oid)))?;
    let hashes = lso
        .data_group_hash_values
        .iter()
        .map(|h| {
            (
                h.data_group_number,
                h.data_group_hash_value.as_bytes().to_vec(),
            )
        })
        .collect();
    Ok(Sod {
        hash_alg,
        hashes,
        signed_data,
        econtent,
    })
}

impl Sod {
    /// Compares a data group's hash with the signed one.
    pub fn check(&self, dg: u8, bytes: &[u8]) -> HashState {
        match self.hashes.get(&dg) {
            None => HashState::NotInSod,
            Some(expected) if crate::crypto::ct_eq(expected, &self.hash_alg.digest(bytes)) => {
                HashState::Match
            }
            Some(_) => HashState::Mismatch,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_garbage_without_panicking() {
        assert!(parse(&[]).is_err());
        assert!(parse(&[0x77, 0x03, 0x30, 0x01, 0x00]).is_err());
        assert!(parse(&[0x60, 0x00]).is_err());
    }

    #[test]
    fn hash_oids_round_trip() {
        for h in [
            HashAlg::Sha1,
            HashAlg::Sha224,
            HashAlg::Sha256,
            HashAlg::Sha384,
            HashAlg::Sha512,
        ] {
            assert_eq!(HashAlg::from_oid(&h.oid()), Some(h));
        }
    }
}
