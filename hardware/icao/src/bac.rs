//! Basic Access Control (ICAO 9303-11 §4.3, Appendix D): document basic access keys from the
//! MRZ, mutual authentication, session keys and the send sequence counter — the terminal's
//! side and (for the virtual chip) the chip's side.

use crate::apdu::{split_response, Command, Transport, SW_OK};
use crate::crypto::{self, Key16, KDF_ENC, KDF_MAC};
use crate::error::{IcaoError, Result};
use crate::mrz;
use crate::sm::SmSession;
use sha1::{Digest, Sha1};

/// The three MRZ fields BAC keys are made from. Its `Debug` is masked (it is personal data).
#[derive(Clone, PartialEq, Eq)]
pub struct BacKey {
    information: String,
}

impl std::fmt::Debug for BacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BacKey(***)")
    }
}

impl BacKey {
    /// From the document number and `YYMMDD` birth and expiry dates (check digits computed).
    pub fn new(document_number: &str, birth: &str, expiry: &str) -> Result<Self> {
        Ok(Self {
            information: mrz::bac_information(document_number, birth, expiry)?,
        })
    }

    /// From a parsed MRZ (e.g. typed or scanned at the window).
    pub fn from_mrz(m: &mrz::Mrz) -> Result<Self> {
        Self::new(&m.document_number, &m.birth_date, &m.expiry_date)
    }

    /// The `MRZ_information` string.
    pub fn information(&self) -> &str {
        &self.information
    }

    /// `Kseed`: the first 16 bytes of SHA-1(MRZ_information).
    pub fn seed(&self) -> Key16 {
        let digest = Sha1::digest(self.information.as_bytes());
        let mut seed = [0u8; 16];
        seed.copy_from_slice(&digest[..16]);
        seed
    }

    /// The document basic access keys (Kenc, Kmac).
    pub fn keys(&self) -> KeyPair {
        KeyPair::from_seed(&self.seed())
    }
}

/// A pair of 3DES keys: encryption and MAC.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    /// Encryption key.
    pub enc: Key16,
    /// MAC key.
    pub mac: Key16,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyPair(***)")
    }
}

impl KeyPair {
    /// Derives both keys from a seed with the 9303 KDF.
    pub fn from_seed(seed: &Key16) -> Self {
        Self {
            enc: crypto::kdf(seed, KDF_ENC),
            mac: crypto::kdf(seed, KDF_MAC),
        }
    }
}

/// The terminal's secrets for one authentication (random in real use, fixed in tests).
#[derive(Clone)]
pub struct TerminalNonces {
    /// RND.IFD.
    pub rnd_ifd: [u8; 8],
    /// K.IFD.
    pub k_ifd: Key16,
}

impl TerminalNonces {
    /// Fresh random nonces from the OS generator.
    pub fn random() -> Result<Self> {
        use rand_core::{OsRng, RngCore};
        let mut n = Self {
            rnd_ifd: [0; 8],
            k_ifd: [0; 16],
        };
        OsRng
            .try_fill_bytes(&mut n.rnd_ifd)
            .and_then(|()| OsRng.try_fill_bytes(&mut n.k_ifd))
            .map_err(|_| IcaoError::Crypto {
                reason: "no OS randomness",
            })?;
        Ok(n)
    }
}

/// Builds the EXTERNAL AUTHENTICATE data: `E.IFD ‖ M.IFD`.
pub fn external_authenticate_data(
    keys: &KeyPair,
    rnd_ic: &[u8; 8],
    nonces: &TerminalNonces,
) -> Result<Vec<u8>> {
    let mut s = Vec::with_capacity(32);
    s.extend_from_slice(&nonces.rnd_ifd);
    s.extend_from_slice(rnd_ic);
    s.extend_from_slice(&nonces.k_ifd);
    let e_ifd = crypto::tdes_encrypt(&keys.enc, &s)?;
    let m_ifd = crypto::mac_padded(&keys.mac, &e_ifd)?;
    let mut data = e_ifd;
    data.extend_from_slice(&m_ifd);
    Ok(data)
}

/// Checks the chip's answer `E.IC ‖ M.IC` and derives the session.
pub fn finish(
    keys: &KeyPair,
    rnd_ic: &[u8; 8],
    nonces: &TerminalNonces,
    answer: &[u8],
) -> Result<SmSession> {
    if answer.len() != 40 {
        return Err(IcaoError::BacFailed {
            reason: "answer is not 40 bytes",
        });
    }
    let (e_ic, m_ic) = answer.split_at(32);
    let mac = crypto::mac_padded(&keys.mac, e_ic)?;
    if !crypto::ct_eq(&mac, m_ic) {
        return Err(IcaoError::BacFailed {
            reason: "chip MAC wrong",
        });
    }
    let r = crypto::tdes_decrypt(&keys.enc, e_ic)?;
    if r.get(..8) != Some(&rnd_ic[..]) || r.get(8..16) != Some(&nonces.rnd_ifd[..]) {
        return Err(IcaoError::BacFailed {
            reason: "nonces do not match",
        });
    }
    let k_ic = r.get(16..32).ok_or(IcaoError::BacFailed {
        reason: "short answer",
    })?;
    Ok(session(&nonces.k_ifd, k_ic, rnd_ic, &nonces.rnd_ifd))
}

/// Session keys from `K.IFD ⊕ K.IC`; SSC = last 4 bytes of RND.IC ‖ last 4 of RND.IFD.
pub fn session(k_ifd: &[u8], k_ic: &[u8], rnd_ic: &[u8; 8], rnd_ifd: &[u8; 8]) -> SmSession {
    let mut seed = [0u8; 16];
    for ((s, a), b) in seed.iter_mut().zip(k_ifd).zip(k_ic) {
        *s = a ^ b;
    }
    let mut ssc = [0u8; 8];
    ssc[..4].copy_from_slice(&rnd_ic[4..]);
    ssc[4..].copy_from_slice(&rnd_ifd[4..]);
    SmSession::new(KeyPair::from_seed(&seed), u64::from_be_bytes(ssc))
}

/// Runs BAC on a chip whose eMRTD application is selected: GET CHALLENGE, EXTERNAL
/// AUTHENTICATE, and returns the secure-messaging session.
pub fn authenticate<T: Transport>(
    t: &mut T,
    key: &BacKey,
    nonces: &TerminalNonces,
) -> Result<SmSession> {
    let keys = key.keys();
    let resp = t.transmit(&Command::new(0x00, 0x84, 0x00, 0x00).with_le(8).to_bytes())?;
    let (data, sw) = split_response(&resp)?;
    if sw != SW_OK {
        return Err(IcaoError::Status {
            operation: "GET CHALLENGE",
            sw,
        });
    }
    let rnd_ic: [u8; 8] = data.try_into().map_err(|_| IcaoError::BacFailed {
        reason: "challenge is not 8 bytes",
    })?;
    let cmd = Command::new(0x00, 0x82, 0x00, 0x00)
        .with_data(external_authenticate_data(&keys, &rnd_ic, nonces)?)
        .with_le(40);
    let resp = t.transmit(&cmd.to_bytes())?;
    let (answer, sw) = split_response(&resp)?;
    if sw != SW_OK {
        // 6300 / 6982: the chip did not accept our cryptogram — almost always wrong MRZ keys.
        return Err(IcaoError::BacFailed {
            reason: "chip refused EXTERNAL AUTHENTICATE (MRZ keys wrong?)",
        });
    }
    finish(&keys, &rnd_ic, nonces, answer)
}

/// The chip's side of EXTERNAL AUTHENTICATE: checks `E.IFD ‖ M.IFD`, answers
/// `E.IC ‖ M.IC` and returns the chip's session. `None` means "refuse" (SW 6300).
pub fn chip_answer(
    keys: &KeyPair,
    rnd_ic: &[u8; 8],
    k_ic: &Key16,
    data: &[u8],
) -> Result<Option<(Vec<u8>, SmSession)>> {
    if data.len() != 40 {
        return Ok(None);
    }
    let (e_ifd, m_ifd) = data.split_at(32);
    if !crypto::ct_eq(&crypto::mac_padded(&keys.mac, e_ifd)?, m_ifd) {
        return Ok(None);
    }
    let s = crypto::tdes_decrypt(&keys.enc, e_ifd)?;
    if s.get(8..16) != Some(&rnd_ic[..]) {
        return Ok(None);
    }
    let mut rnd_ifd = [0u8; 8];
    rnd_ifd.copy_from_slice(s.get(..8).unwrap_or(&[0; 8]));
    let k_ifd = s.get(16..32).unwrap_or(&[0; 16]);
    let mut r = Vec::with_capacity(32);
    r.extend_from_slice(rnd_ic);
    r.extend_from_slice(&rnd_ifd);
    r.extend_from_slice(k_ic);
    let e_ic = crypto::tdes_encrypt(&keys.enc, &r)?;
    let m_ic = crypto::mac_padded(&keys.mac, &e_ic)?;
    let mut answer = e_ic;
    answer.extend_from_slice(&m_ic);
    Ok(Some((answer, session(k_ifd, k_ic, rnd_ic, &rnd_ifd))))
}
