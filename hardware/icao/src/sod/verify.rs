//! Passive authentication's signature half: the SOD's SignerInfo against the Document Signer
//! certificate it carries, and that certificate against a configured CSCA list.
//! ECDSA P-256/P-384 and RSA PKCS#1 v1.5 (SHA-1/2) are implemented with RustCrypto; other
//! algorithms (brainpool curves, RSASSA-PSS) are reported as unsupported, never as verified.

use super::{HashAlg, Sod};
use crate::model::SignatureState;
use cms::cert::CertificateChoices;
use cms::signed_data::{SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;

const OID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";

/// The trusted Country Signing CA certificates (e.g. from an ICAO master list).
#[derive(Debug, Clone, Default)]
pub struct CscaList {
    certs: Vec<Certificate>,
}

impl CscaList {
    /// An empty list: signatures can then be checked but never called trusted.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one DER certificate.
    pub fn add_der(&mut self, der: &[u8]) -> crate::Result<()> {
        let cert = Certificate::from_der(der).map_err(|e| crate::IcaoError::Sod {
            reason: format!("CSCA certificate: {e}"),
        })?;
        self.certs.push(cert);
        Ok(())
    }

    /// Whether no CSCA is configured.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }
}

/// Why one signature check did not pass.
enum Fail {
    Invalid(String),
    Unsupported(String),
}

impl From<Fail> for SignatureState {
    fn from(f: Fail) -> Self {
        match f {
            Fail::Invalid(r) => SignatureState::Invalid(r),
            Fail::Unsupported(r) => SignatureState::Unsupported(r),
        }
    }
}

/// Hash implied by a signature algorithm OID, or (for bare `rsaEncryption` /
/// `id-ecPublicKey`, which some issuers put there) by the SignerInfo's digest algorithm.
fn signature_hash(alg: &ObjectIdentifier, digest_alg: Option<HashAlg>) -> Result<HashAlg, Fail> {
    match alg.to_string().as_str() {
        "1.2.840.10045.4.1" | "1.2.840.113549.1.1.5" => Ok(HashAlg::Sha1),
        "1.2.840.10045.4.3.1" | "1.2.840.113549.1.1.14" => Ok(HashAlg::Sha224),
        "1.2.840.10045.4.3.2" | "1.2.840.113549.1.1.11" => Ok(HashAlg::Sha256),
        "1.2.840.10045.4.3.3" | "1.2.840.113549.1.1.12" => Ok(HashAlg::Sha384),
        "1.2.840.10045.4.3.4" | "1.2.840.113549.1.1.13" => Ok(HashAlg::Sha512),
        OID_RSA | OID_EC_PUBLIC_KEY => digest_alg.ok_or_else(|| Fail::Unsupported(alg.to_string())),
        other => Err(Fail::Unsupported(format!("signature algorithm {other}"))),
    }
}

fn rsa_verify(
    spki: &SubjectPublicKeyInfoOwned,
    hash: HashAlg,
    digest: &[u8],
    sig: &[u8],
) -> Result<(), Fail> {
    use rsa::pkcs8::DecodePublicKey;
    let der = spki.to_der().map_err(|e| Fail::Invalid(e.to_string()))?;
    let key =
        rsa::RsaPublicKey::from_public_key_der(&der).map_err(|e| Fail::Invalid(e.to_string()))?;
    let scheme = match hash {
        HashAlg::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
        HashAlg::Sha224 => rsa::Pkcs1v15Sign::new::<sha2::Sha224>(),
        HashAlg::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
        HashAlg::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
        HashAlg::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
    };
    key.verify(scheme, digest, sig)
        .map_err(|_| Fail::Invalid("RSA signature".into()))
}

fn ec_verify(spki: &SubjectPublicKeyInfoOwned, digest: &[u8], sig: &[u8]) -> Result<(), Fail> {
    use ecdsa::signature::hazmat::PrehashVerifier;
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
        .map(|o| o.to_string())
        .unwrap_or_default();
    let point = spki.subject_public_key.raw_bytes();
    let bad = |_| Fail::Invalid("ECDSA signature".into());
    match curve.as_str() {
        OID_P256 => {
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(bad)?;
            let sig = p256::ecdsa::Signature::from_der(sig).map_err(bad)?;
            key.verify_prehash(digest, &sig).map_err(bad)
        }
        OID_P384 => {
            let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(bad)?;
            let sig = p384::ecdsa::Signature::from_der(sig).map_err(bad)?;
            key.verify_prehash(digest, &sig).map_err(bad)
        }
        other => Err(Fail::Unsupported(format!("elliptic curve {other}"))),
    }
}

/// Verifies `sig` over `message` with the key in `spki`.
fn verify_with(
    spki: &SubjectPublicKeyInfoOwned,
    alg: &AlgorithmIdentifierOwned,
    digest_alg: Option<HashAlg>,
    message: &[u8],
    sig: &[u8],
) -> Result<(), Fail> {
    let hash = signature_hash(&alg.oid, digest_alg)?;
    let digest = hash.digest(message);
    match spki.algorithm.oid.to_string().as_str() {
        OID_RSA => rsa_verify(spki, hash, &digest, sig),
        OID_EC_PUBLIC_KEY => ec_verify(spki, &digest, sig),
        other => Err(Fail::Unsupported(format!("public key algorithm {other}"))),
    }
}

fn signer_cert<'a>(sod: &'a Sod, si: &SignerInfo) -> Option<&'a Certificate> {
    let certs: Vec<&Certificate> = sod
        .signed_data
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let only_one = certs.len() == 1;
    certs.into_iter().find(|c| match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            c.tbs_certificate.issuer == isn.issuer
                && c.tbs_certificate.serial_number == isn.serial_number
        }
        // Matching a key identifier needs the SKI extension; a lone certificate is the signer.
        SignerIdentifier::SubjectKeyIdentifier(_) => only_one,
    })
}

/// Checks the SignerInfo: message digest over the LDSSecurityObject, then its signature.
fn check_signer(sod: &Sod) -> Result<&Certificate, Fail> {
    let si = sod
        .signed_data
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(|| Fail::Invalid("no SignerInfo".into()))?;
    let digest_alg = HashAlg::from_oid(&si.digest_alg.oid);
    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or_else(|| Fail::Invalid("no signed attributes".into()))?;
    let md = attrs
        .iter()
        .find(|a| a.oid.to_string() == OID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
        .ok_or_else(|| Fail::Invalid("no message digest attribute".into()))?;
    let hash =
        digest_alg.ok_or_else(|| Fail::Unsupported(format!("digest {}", si.digest_alg.oid)))?;
    if !crate::crypto::ct_eq(md.as_bytes(), &hash.digest(&sod.econtent)) {
        return Err(Fail::Invalid(
            "message digest does not match the LDSSecurityObject".into(),
        ));
    }
    let cert = signer_cert(sod, si)
        .ok_or_else(|| Fail::Unsupported("no Document Signer certificate in EF.SOD".into()))?;
    let signed = attrs.to_der().map_err(|e| Fail::Invalid(e.to_string()))?;
    let spki = &cert.tbs_certificate.subject_public_key_info;
    verify_with(
        spki,
        &si.signature_algorithm,
        digest_alg,
        &signed,
        si.signature.as_bytes(),
    )?;
    Ok(cert)
}

/// Verifies EF.SOD's signature and, when CSCAs are configured, the Document Signer's chain.
pub fn verify(sod: &Sod, cscas: &CscaList) -> SignatureState {
    let ds = match check_signer(sod) {
        Ok(ds) => ds,
        Err(f) => return f.into(),
    };
    if cscas.is_empty() {
        return SignatureState::NotVerifiedNoCscaList;
    }
    let issuers: Vec<&Certificate> = cscas
        .certs
        .iter()
        .filter(|c| c.tbs_certificate.subject == ds.tbs_certificate.issuer)
        .collect();
    if issuers.is_empty() {
        return SignatureState::UnknownCsca;
    }
    let tbs = match ds.tbs_certificate.to_der() {
        Ok(t) => t,
        Err(e) => return SignatureState::Invalid(e.to_string()),
    };
    let mut last = Fail::Invalid("Document Signer certificate not signed by the CSCA".into());
    for csca in issuers {
        let spki = &csca.tbs_certificate.subject_public_key_info;
        match verify_with(
            spki,
            &ds.signature_algorithm,
            None,
            &tbs,
            ds.signature.raw_bytes(),
        ) {
            Ok(()) => return SignatureState::Verified,
            Err(f) => last = f,
        }
    }
    last.into()
}
