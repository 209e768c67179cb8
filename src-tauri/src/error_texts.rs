//! Every stable error code the Rust side can send to the screen has a text in both languages
//! (`frontend/src/i18n/errors.ts`); otherwise the clerk reads the English chain.
//!
//! The codes are read from the sources: the string literals in every `fn code(&self)` (the one
//! error model's `ErrorCode`) and in every `ErrorBody::new(…)` / `Failure::transient(…)` /
//! `Failure::permanent(…)`. A new error variant without a translation fails this test.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    /// From the folder `cargo test` names at run time (see `bindings.rs`).
    fn root() -> PathBuf {
        std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
            .join("..")
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name();
            if p.is_dir() && name != "target" && name != "node_modules" {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// `"domain.name"` literals (lower case, one dot) in `text`.
    fn codes_in(text: &str, out: &mut BTreeSet<String>) {
        for (i, part) in text.split('"').enumerate() {
            let is_literal = i % 2 == 1;
            let mut halves = part.splitn(2, '.');
            let (Some(a), Some(b)) = (halves.next(), halves.next()) else {
                continue;
            };
            let word =
                |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_lowercase() || c == b'_');
            if is_literal && word(a) && word(b) {
                out.insert(part.to_owned());
            }
        }
    }

    /// The codes the sources can produce.
    fn produced() -> BTreeSet<String> {
        let mut files = Vec::new();
        for dir in ["crates", "hardware", "src-tauri/src"] {
            rust_files(&root().join(dir), &mut files);
        }
        let mut codes = BTreeSet::new();
        for f in files {
            // Tests assert on codes; they produce none.
            if f.components().any(|c| c.as_os_str() == "tests")
                || f.file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with("_tests.rs"))
            {
                continue;
            }
            let whole = std::fs::read_to_string(&f).unwrap_or_default();
            // A file's own test module fakes errors of its own.
            let text = whole
                .find("#[cfg(test)]\nmod tests")
                .map_or(whole.as_str(), |end| &whole[..end]);
            for (start, _) in text.match_indices("fn code(&self)") {
                let body = &text[start..];
                let end = body[1..].find("\n    fn ").map_or(body.len(), |e| e + 1);
                codes_in(&body[..end], &mut codes);
            }
            for call in [
                "ErrorBody::new(",
                "Failure::transient(",
                "Failure::permanent(",
            ] {
                for (start, _) in text.match_indices(call) {
                    let args = &text[start + call.len()..];
                    let end = args.find(',').unwrap_or(args.len()).min(200);
                    codes_in(&args[..end], &mut codes);
                }
            }
        }
        codes
    }

    #[test]
    fn every_error_code_has_a_text_in_both_languages() {
        let codes = produced();
        assert!(codes.len() > 100, "found only {} codes", codes.len());
        let texts =
            std::fs::read_to_string(root().join("frontend/src/i18n/errors.ts")).unwrap_or_default();
        let split = texts.find("\n  en: {").unwrap_or(texts.len());
        let (zh, en) = texts.split_at(split);
        let missing: Vec<String> = codes
            .iter()
            .flat_map(|c| {
                let key = format!("'{c}':");
                [
                    (!zh.contains(&key)).then(|| format!("{c} (zh-CN)")),
                    (!en.contains(&key)).then(|| format!("{c} (en)")),
                ]
            })
            .flatten()
            .collect();
        assert!(
            missing.is_empty(),
            "error codes without a text in frontend/src/i18n/errors.ts: {missing:?}"
        );
    }
}
