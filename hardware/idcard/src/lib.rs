//! Identity documents: GA/T 467 SAM readers and ICAO 9303 chips over PC/SC.
//!
//! - [`document`]: the document model every source fills ([`IdentityDocument`]);
//! - [`pii`]: newtypes that mask names and numbers in `Debug`/`Display`;
//! - [`nation`]: GB/T 3304 ethnic groups;
//! - [`checks`]: check digit, consistency, validity on a given day, age → [`Assessment`];
//! - [`sam`]: second-generation ID cards through a SAM reader on a serial line, with a virtual
//!   reader on a pseudo-terminal;
//! - [`gallery`]: fictional citizens for tests and the training sandbox.
//!
//! An `icao` module (passports and travel permits over PC/SC) is planned beside `sam` and fills
//! the same [`IdentityDocument`] with `Source::Chip`.
//!
//! Personal data never goes to logs: names, numbers and addresses are masked by their `Debug`
//! and `Display`, photos and fingerprints print as a byte count.

pub mod checks;
pub mod document;
pub mod error;
pub mod gallery;
pub mod nation;
pub mod pii;
pub mod sam;

pub use checks::{assess, AgeGroup, Assessment, Finding, Verdict, VerdictStatus};
pub use document::{
    DocumentDetails, DocumentKind, IdentityDocument, Sex, Source, ValidUntil, Validity, WltPhoto,
};
pub use error::IdCardError;
pub use nation::Nation;
pub use pii::{Address, IdNumber, PersonName};
