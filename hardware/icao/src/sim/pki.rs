//! A test PKI for the virtual chips: a Country Signing CA and a Document Signer on P-256,
//! made deterministically from fixed labels (never usable outside tests), and the EF.SOD
//! they sign (CMS SignedData around an LDSSecurityObject, SHA-256 data group hashes).

use crate::error::{IcaoError, Result};
use crate::sod::{
    DataGroupHash, HashAlg, LdsSecurityObject, OID_LDS_SECURITY_OBJECT, OID_SIGNED_DATA,
};
use crate::tlv;
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, SetOfVec, UtcTime};
use der::{Any, Encode, Tag};
use p256::ecdsa::{DerSignature, SigningKey};
use sha2::{Digest, Sha256};
use signature::Signer;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use std::str::FromStr;
use std::time::Duration;
use x509_cert::attr::{Attribute, AttributeValue};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

const OID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const OID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

fn pki_err(e: impl std::fmt::Display) -> IcaoError {
    IcaoError::Sod {
        reason: format!("test PKI: {e}"),
    }
}

fn key_from_label(label: &str) -> Result<SigningKey> {
    let seed = Sha256::digest(label.as_bytes());
    SigningKey::from_bytes(&seed).map_err(pki_err)
}

fn validity() -> Result<Validity> {
    // 2020-01-01 .. 2049-12-31: fixed, so the virtual chips are byte-identical on every run.
    let t = |secs| UtcTime::from_unix_duration(Duration::from_secs(secs)).map(Time::UtcTime);
    Ok(Validity {
        not_before: t(1_577_836_800).map_err(pki_err)?,
        not_after: t(2_524_521_600).map_err(pki_err)?,
    })
}

/// The test CSCA and Document Signer.
pub struct TestPki {
    csca_cert: Certificate,
    ds_key: SigningKey,
    ds_cert: Certificate,
}

impl TestPki {
    /// Builds the test PKI (deterministic).
    pub fn new() -> Result<Self> {
        let csca_key = key_from_label("OneWindow ow-icao TEST CSCA key — not for production")?;
        let ds_key =
            key_from_label("OneWindow ow-icao TEST Document Signer key — not for production")?;
        let csca_name =
            Name::from_str("CN=OneWindow Test CSCA,O=OneWindow Test,C=UT").map_err(pki_err)?;
        let ds_name =
            Name::from_str("CN=OneWindow Test DS,O=OneWindow Test,C=UT").map_err(pki_err)?;
        let spki = |k: &SigningKey| {
            SubjectPublicKeyInfoOwned::from_key(*k.verifying_key()).map_err(pki_err)
        };
        let serial = |n: u8| SerialNumber::new(&[n]).map_err(pki_err);
        let csca_cert = CertificateBuilder::new(
            Profile::Root,
            serial(1)?,
            validity()?,
            csca_name.clone(),
            spki(&csca_key)?,
            &csca_key,
        )
        .map_err(pki_err)?
        .build::<DerSignature>()
        .map_err(pki_err)?;
        let leaf = Profile::Leaf {
            issuer: csca_name,
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        let ds_cert = CertificateBuilder::new(
            leaf,
            serial(2)?,
            validity()?,
            ds_name,
            spki(&ds_key)?,
            &csca_key,
        )
        .map_err(pki_err)?
        .build::<DerSignature>()
        .map_err(pki_err)?;
        Ok(Self {
            csca_cert,
            ds_key,
            ds_cert,
        })
    }

    /// The CSCA certificate (DER), to configure as trusted in tests.
    pub fn csca_der(&self) -> Result<Vec<u8>> {
        self.csca_cert.to_der().map_err(pki_err)
    }

    /// EF.SOD over `(data group number, file bytes)` pairs.
    pub fn sign_sod(&self, files: &[(u8, &[u8])]) -> Result<Vec<u8>> {
        let sha256 = AlgorithmIdentifierOwned {
            oid: HashAlg::Sha256.oid(),
            parameters: None,
        };
        let lso = LdsSecurityObject {
            version: 0,
            hash_algorithm: sha256.clone(),
            data_group_hash_values: files
                .iter()
                .map(|(n, bytes)| {
                    OctetString::new(HashAlg::Sha256.digest(bytes)).map(|h| DataGroupHash {
                        data_group_number: *n,
                        data_group_hash_value: h,
                    })
                })
                .collect::<der::Result<_>>()
                .map_err(pki_err)?,
            lds_version_info: None,
        };
        let econtent = lso.to_der().map_err(pki_err)?;
        let attr = |oid, value: Any| -> Result<Attribute> {
            let values = SetOfVec::try_from(vec![AttributeValue::from(value)]).map_err(pki_err)?;
            Ok(Attribute { oid, values })
        };
        let digest = OctetString::new(HashAlg::Sha256.digest(&econtent)).map_err(pki_err)?;
        let attrs = SetOfVec::try_from(vec![
            attr(
                OID_CONTENT_TYPE,
                Any::encode_from(&OID_LDS_SECURITY_OBJECT).map_err(pki_err)?,
            )?,
            attr(
                OID_MESSAGE_DIGEST,
                Any::encode_from(&digest).map_err(pki_err)?,
            )?,
        ])
        .map_err(pki_err)?;
        let signature: DerSignature = self
            .ds_key
            .try_sign(&attrs.to_der().map_err(pki_err)?)
            .map_err(pki_err)?;
        let signer = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: self.ds_cert.tbs_certificate.issuer.clone(),
                serial_number: self.ds_cert.tbs_certificate.serial_number.clone(),
            }),
            digest_alg: sha256.clone(),
            signed_attrs: Some(attrs),
            signature_algorithm: AlgorithmIdentifierOwned {
                oid: OID_ECDSA_SHA256,
                parameters: None,
            },
            signature: OctetString::new(signature.as_bytes()).map_err(pki_err)?,
            unsigned_attrs: None,
        };
        let signed_data = SignedData {
            version: CmsVersion::V3,
            digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(pki_err)?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: OID_LDS_SECURITY_OBJECT,
                econtent: Some(Any::new(Tag::OctetString, econtent).map_err(pki_err)?),
            },
            certificates: Some(CertificateSet(
                SetOfVec::try_from(vec![CertificateChoices::Certificate(self.ds_cert.clone())])
                    .map_err(pki_err)?,
            )),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer]).map_err(pki_err)?),
        };
        let ci = ContentInfo {
            content_type: OID_SIGNED_DATA,
            content: Any::encode_from(&signed_data).map_err(pki_err)?,
        };
        Ok(tlv::encode(0x77, &ci.to_der().map_err(pki_err)?))
    }
}
