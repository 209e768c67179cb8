//! The 3DES primitives of BAC and secure messaging (ICAO 9303-11 §9.7, §9.8), built on the
//! RustCrypto `des`/`cbc` crates. Only the glue is here: ISO 9797-1 padding method 2 and MAC
//! algorithm 3 ("retail MAC") have no maintained crate in the `cipher 0.4` generation.

use crate::error::{IcaoError, Result};
use cipher::block_padding::NoPadding;
use cipher::{BlockDecrypt, BlockDecryptMut, BlockEncrypt, BlockEncryptMut, KeyInit, KeyIvInit};
use des::{Des, TdesEde2};
use sha1::{Digest, Sha1};

/// A two-key 3DES key (K1 ‖ K2).
pub type Key16 = [u8; 16];

/// KDF counter for the encryption key.
pub const KDF_ENC: u32 = 1;
/// KDF counter for the MAC key.
pub const KDF_MAC: u32 = 2;

/// Sets each byte's least significant bit so the byte has odd parity (DES key parity).
pub fn adjust_parity(key: &mut [u8]) {
    for b in key.iter_mut() {
        let ones = (*b & 0xFE).count_ones();
        *b = (*b & 0xFE) | u8::from(ones % 2 == 0);
    }
}

/// ICAO 9303-11 §9.7.1: `Keydata = SHA-1(Kseed ‖ c)`, first 16 bytes, parity adjusted.
pub fn kdf(seed: &Key16, counter: u32) -> Key16 {
    let mut h = Sha1::new();
    h.update(seed);
    h.update(counter.to_be_bytes());
    let digest = h.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    adjust_parity(&mut key);
    key
}

/// ISO 9797-1 padding method 2: `80` then zeros to a multiple of 8.
pub fn pad(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 8);
    out.extend_from_slice(data);
    out.push(0x80);
    while !out.len().is_multiple_of(8) {
        out.push(0);
    }
    out
}

/// Removes padding method 2; refuses data that does not end in `80 00…`.
pub fn unpad(data: &[u8]) -> Result<&[u8]> {
    let end = data
        .iter()
        .rposition(|b| *b != 0)
        .ok_or(IcaoError::SmFormat { reason: "padding" })?;
    if data.get(end) != Some(&0x80) || data.len() - end > 8 {
        return Err(IcaoError::SmFormat { reason: "padding" });
    }
    data.get(..end)
        .ok_or(IcaoError::SmFormat { reason: "padding" })
}

fn block_aligned(data: &[u8]) -> Result<()> {
    if data.len().is_multiple_of(8) {
        Ok(())
    } else {
        Err(IcaoError::Crypto {
            reason: "data not block aligned",
        })
    }
}

/// 3DES-CBC with a zero IV over block-aligned data.
pub fn tdes_encrypt(key: &Key16, data: &[u8]) -> Result<Vec<u8>> {
    block_aligned(data)?;
    let enc = cbc::Encryptor::<TdesEde2>::new_from_slices(key, &[0u8; 8])
        .map_err(|_| IcaoError::Crypto { reason: "3DES key" })?;
    Ok(enc.encrypt_padded_vec_mut::<NoPadding>(data))
}

/// 3DES-CBC decryption with a zero IV over block-aligned data.
pub fn tdes_decrypt(key: &Key16, data: &[u8]) -> Result<Vec<u8>> {
    block_aligned(data)?;
    let dec = cbc::Decryptor::<TdesEde2>::new_from_slices(key, &[0u8; 8])
        .map_err(|_| IcaoError::Crypto { reason: "3DES key" })?;
    dec.decrypt_padded_vec_mut::<NoPadding>(data)
        .map_err(|_| IcaoError::Crypto {
            reason: "3DES decrypt",
        })
}

/// ISO 9797-1 MAC algorithm 3 over already padded data: single-DES CBC with K1 over every
/// block, then the last block decrypted with K2 and encrypted again with K1.
pub fn retail_mac(key: &Key16, padded: &[u8]) -> Result<[u8; 8]> {
    block_aligned(padded)?;
    let k1 = Des::new_from_slice(&key[..8]).map_err(|_| IcaoError::Crypto { reason: "DES key" })?;
    let k2 = Des::new_from_slice(&key[8..]).map_err(|_| IcaoError::Crypto { reason: "DES key" })?;
    let mut state = [0u8; 8];
    for chunk in padded.chunks_exact(8) {
        for (s, b) in state.iter_mut().zip(chunk) {
            *s ^= b;
        }
        let mut block = state.into();
        k1.encrypt_block(&mut block);
        state = block.into();
    }
    let mut block = state.into();
    k2.decrypt_block(&mut block);
    k1.encrypt_block(&mut block);
    Ok(block.into())
}

/// Retail MAC of `data` after padding method 2.
pub fn mac_padded(key: &Key16, data: &[u8]) -> Result<[u8; 8]> {
    retail_mac(key, &pad(data))
}

/// Constant-time comparison for MACs (no early exit that leaks the matching prefix).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn padding_round_trips_and_refuses_garbage() {
        assert_eq!(pad(&hex!("011E")), hex!("011E800000000000"));
        assert_eq!(pad(&[0u8; 8]).len(), 16);
        assert_eq!(unpad(&hex!("011E800000000000")).unwrap(), &hex!("011E"));
        assert!(unpad(&hex!("011E000000000000")).is_err());
        assert!(unpad(&[0u8; 8]).is_err());
    }

    #[test]
    fn parity_is_odd() {
        let mut k = [0u8, 1, 2, 0xFE, 0xFF];
        adjust_parity(&mut k);
        assert!(k.iter().all(|b| b.count_ones() % 2 == 1));
    }
}
