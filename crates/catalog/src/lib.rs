//! Service items, situation questions, the checklist engine and item search.
