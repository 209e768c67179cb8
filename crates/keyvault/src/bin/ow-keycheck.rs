//! `ow-keycheck [sandbox|production] <data-dir>`: finds the store key for a data directory
//! the way the app does and prints where it came from (never the key). For support staff
//! checking a workstation's keyring, and for the tests that run it with no keyring at all.

use ow_config::Mode;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, dir) = match args.as_slice() {
        [m, d] if m == "sandbox" => (Mode::Sandbox, d),
        [m, d] if m == "production" => (Mode::Production, d),
        _ => {
            eprintln!("usage: ow-keycheck sandbox|production <data-dir>");
            return ExitCode::from(2);
        }
    };
    match ow_keyvault::store_key(mode, ow_keyvault::SERVICE, std::path::Path::new(dir)) {
        Ok(key) => {
            let fingerprint = sha2_prefix(&key.bytes());
            println!(
                "{{\"origin\":\"{}\",\"account\":\"{}\",\"fingerprint\":\"{fingerprint}\"}}",
                key.origin.as_str(),
                key.account
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let body = ow_error::ErrorBody::from_error(&e);
            println!("{{\"error\":\"{}\"}}", body.code);
            eprintln!("{}", body.message);
            ExitCode::from(1)
        }
    }
}

/// A short one-way fingerprint, so runs can be compared without printing the key.
fn sha2_prefix(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(bytes)[..6])
}
