//! The case (办件): what the clerk is working on, from the first keystroke to forwarding.
//!
//! A case starts as a draft the moment the clerk begins; every change is saved (see
//! `ow-store`), so a crash or restart returns the clerk to the same step with the same
//! fields. Later steps (decision, paper, forwarding) extend [`CaseStatus`].

mod decision;
mod draft;
mod identity;
mod materials;

pub use decision::*;
pub use draft::*;
pub use identity::*;
pub use materials::*;
