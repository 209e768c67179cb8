//! Commands, grouped by domain like the permission sets in `permissions/`.

pub mod app;
pub mod auth;
pub mod cases;
pub mod decisions;
pub mod downloads;
pub mod hall;
pub mod identity;
pub mod items;
pub mod materials;
pub mod outbox;
pub mod rating;
pub mod results;
pub mod tickets;
pub mod training;
