//! glibc's allocator tuning for a long-running desktop process.
//!
//! Argon2 (the embedded back office's secret hashing) allocates 19 MiB per hash. glibc's
//! dynamic mmap threshold rises after the first such block is freed, so later ones come from
//! the per-thread arenas and stay resident: about 80 MiB held for nothing after start-up.
//! A fixed threshold keeps every block of 1 MiB or more in its own mapping, returned to the
//! system when freed.

const MMAP_THRESHOLD: i32 = 1 << 20;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune() {
    // SAFETY: mallopt takes two integers and only changes the allocator's parameters; it is
    // called first thing in `run`, before any other thread exists.
    #[allow(unsafe_code)]
    let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) };
    if ok != 1 {
        eprintln!("onewindow: could not set the allocator's mmap threshold");
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune() {
    let _ = MMAP_THRESHOLD;
}
