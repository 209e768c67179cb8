//! Rebuild when the catalog data changes: `include_dir!` alone does not tell Cargo.

fn main() {
    println!("cargo:rerun-if-changed=../../catalog");
}
