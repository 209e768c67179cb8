//! Commands, grouped by domain like the permission sets in `permissions/`.

pub mod app;
pub mod cases;
pub mod items;
pub mod outbox;
