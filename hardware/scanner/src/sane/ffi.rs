//! The only module with `unsafe`: hand-written declarations for libsane (and the one libc call the
//! helper needs) and a safe API above them.
//!
//! Hand-written rather than bindgen: the SANE 1.0 ABI is frozen (`SANE_CURRENT_MAJOR` is still 1;
//! the header has not changed shape since the 1990s) and we need a dozen functions and four
//! structs. That keeps libclang and bindgen's compile out of every build of the app, and every
//! line here can be read against `/usr/include/sane/sane.h`. A unit test compiles a C probe
//! against that header and compares sizes and offsets, so a wrong declaration fails a test.
//!
//! Invariants the safe API keeps:
//! - At most one [`Sane`] exists in the process (a global lock held for its whole life), and it
//!   is `!Send`: every libsane call happens on the thread that owns it, never two at once.
//! - A [`Handle`] borrows its [`Sane`], so every handle is closed before `sane_exit`.
//! - Strings and descriptors are copied out at once: libsane may free or reuse them after the
//!   next call (e.g. after `SANE_INFO_RELOAD_OPTIONS`).
//! - Booleans cross as `SANE_Word` (a C int), never as a Rust `bool`.
//! - Every status from `sane_read` reaches the caller; EOF is a value, not an error.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};
use std::sync::{Mutex, MutexGuard};

use super::values::{
    fix, unfix, Constraint, DeviceEntry, OptionDesc, Params, Read, SetInfo, Value, ValueType,
};

type Word = c_int;
type RawStatus = c_int;

#[repr(C)]
struct RawDevice {
    name: *const c_char,
    vendor: *const c_char,
    model: *const c_char,
    kind: *const c_char,
}

#[repr(C)]
struct RawRange {
    min: Word,
    max: Word,
    quant: Word,
}

#[repr(C)]
struct RawOptionDescriptor {
    name: *const c_char,
    title: *const c_char,
    desc: *const c_char,
    value_type: c_int,
    unit: c_int,
    size: Word,
    cap: Word,
    constraint_type: c_int,
    // A union of three pointers; which one is told by `constraint_type`.
    constraint: *const c_void,
}

#[repr(C)]
#[derive(Default)]
struct RawParameters {
    format: c_int,
    last_frame: Word,
    bytes_per_line: Word,
    pixels_per_line: Word,
    lines: Word,
    depth: Word,
}

type AuthCallback = Option<unsafe extern "C" fn(*const c_char, *mut c_char, *mut c_char)>;

#[link(name = "sane")]
extern "C" {
    fn sane_init(version_code: *mut Word, authorize: AuthCallback) -> RawStatus;
    fn sane_exit();
    fn sane_get_devices(device_list: *mut *mut *const RawDevice, local_only: Word) -> RawStatus;
    fn sane_open(name: *const c_char, handle: *mut *mut c_void) -> RawStatus;
    fn sane_close(handle: *mut c_void);
    fn sane_get_option_descriptor(handle: *mut c_void, option: Word) -> *const RawOptionDescriptor;
    fn sane_control_option(
        handle: *mut c_void,
        option: Word,
        action: c_int,
        value: *mut c_void,
        info: *mut Word,
    ) -> RawStatus;
    fn sane_get_parameters(handle: *mut c_void, params: *mut RawParameters) -> RawStatus;
    fn sane_start(handle: *mut c_void) -> RawStatus;
    fn sane_read(handle: *mut c_void, data: *mut u8, max_len: Word, len: *mut Word) -> RawStatus;
    fn sane_cancel(handle: *mut c_void);
    fn sane_strstatus(status: RawStatus) -> *const c_char;
}

// The C library's dup2 (std has no safe way to re-point fd 1).
extern "C" {
    fn dup2(old: c_int, new: c_int) -> c_int;
}

/// Point fd 1 at fd 2, so a backend's stray `printf` lands in the log instead of in the
/// helper's protocol (which the caller has already moved to a copy of the old fd 1).
pub(crate) fn stdout_to_stderr() -> std::io::Result<()> {
    // SAFETY: dup2 on two descriptor numbers only; fd 2 is open for the process's whole life
    // and std holds no Rust-side state about fd 1 that this invalidates (its writes go to
    // whatever fd 1 is).
    if unsafe { dup2(2, 1) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

const STATUS_GOOD: RawStatus = 0;
const STATUS_EOF: RawStatus = 5;
const ACTION_GET: c_int = 0;
const ACTION_SET: c_int = 1;
const INFO_INEXACT: Word = 1;
const INFO_RELOAD_OPTIONS: Word = 2;

/// A SANE status other than GOOD (EOF is reported as a value by [`Handle::read`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Status(pub(crate) i32);

impl Status {
    pub(crate) const CANCELLED: Status = Status(2);
    pub(crate) const DEVICE_BUSY: Status = Status(3);
    pub(crate) const INVAL: Status = Status(4);
    pub(crate) const JAMMED: Status = Status(6);
    pub(crate) const NO_DOCS: Status = Status(7);
    pub(crate) const COVER_OPEN: Status = Status(8);
    pub(crate) const IO_ERROR: Status = Status(9);
    pub(crate) const NO_MEM: Status = Status(10);
    pub(crate) const ACCESS_DENIED: Status = Status(11);

    /// SANE's own English words for the status.
    pub(crate) fn message(self) -> String {
        // SAFETY: sane_strstatus takes any status value and returns a pointer to a static,
        // NUL-terminated string (or NULL in broken builds, which we check). It needs no init.
        let p = unsafe { sane_strstatus(self.0) };
        cstr_to_string(p)
    }
}

fn check(status: RawStatus) -> Result<(), Status> {
    if status == STATUS_GOOD {
        Ok(())
    } else {
        Err(Status(status))
    }
}

fn cstr_to_string(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: callers pass pointers that libsane documents as NUL-terminated strings, valid
    // until the next call on the same object; we copy before returning.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

static SANE_LIVE: Mutex<()> = Mutex::new(());

/// libsane between `sane_init` and `sane_exit`. `!Send` (it holds a `MutexGuard`).
pub(crate) struct Sane {
    version: i32,
    _live: MutexGuard<'static, ()>,
}

impl Sane {
    /// `sane_init`. Blocks while another `Sane` is alive in the process (e.g. a worker shutting
    /// down), so init and exit never overlap.
    pub(crate) fn init() -> Result<Sane, Status> {
        let live = SANE_LIVE.lock().unwrap_or_else(|p| p.into_inner());
        let mut version: Word = 0;
        // SAFETY: we hold SANE_LIVE, so no other thread is inside libsane; version points to a
        // live Word; a NULL auth callback is allowed (backends needing auth then fail).
        check(unsafe { sane_init(&mut version, None) })?;
        Ok(Sane {
            version,
            _live: live,
        })
    }

    /// The version code libsane reported.
    pub(crate) fn version(&self) -> (u8, u8, u16) {
        let v = self.version as u32;
        ((v >> 24) as u8, (v >> 16) as u8, v as u16)
    }

    /// `sane_get_devices`, copied out.
    pub(crate) fn devices(&self) -> Result<Vec<DeviceEntry>, Status> {
        let mut list: *mut *const RawDevice = ptr::null_mut();
        // SAFETY: SANE is initialised and we are its only user; list receives a pointer to a
        // NULL-terminated array owned by libsane, valid until the next sane_get_devices/exit.
        check(unsafe { sane_get_devices(&mut list, 0) })?;
        let mut out = Vec::new();
        if list.is_null() {
            return Ok(out);
        }
        for i in 0.. {
            // SAFETY: the array is NULL-terminated, so every index up to and including the
            // terminator is in bounds; we stop at the terminator.
            let dev = unsafe { *list.add(i) };
            if dev.is_null() {
                break;
            }
            // SAFETY: a non-NULL entry points to a SANE_Device owned by libsane (see above).
            let dev = unsafe { &*dev };
            out.push(DeviceEntry {
                name: cstr_to_string(dev.name),
                vendor: cstr_to_string(dev.vendor),
                model: cstr_to_string(dev.model),
                kind: cstr_to_string(dev.kind),
            });
        }
        Ok(out)
    }

    /// `sane_open`.
    pub(crate) fn open(&self, name: &str) -> Result<Handle<'_>, Status> {
        let cname = CString::new(name).map_err(|_| Status::INVAL)?;
        let mut raw: *mut c_void = ptr::null_mut();
        // SAFETY: SANE is initialised; cname is NUL-terminated and outlives the call.
        check(unsafe { sane_open(cname.as_ptr(), &mut raw) })?;
        let raw = NonNull::new(raw).ok_or(Status::INVAL)?;
        Ok(Handle {
            raw,
            started: false,
            _sane: PhantomData,
        })
    }
}

impl Drop for Sane {
    fn drop(&mut self) {
        // SAFETY: every Handle borrows this Sane and so was closed already; SANE_LIVE is still
        // held (the guard field drops after this body), so nobody else is inside libsane.
        unsafe { sane_exit() };
    }
}

/// An open device. Cancelled (if a scan was started) and closed on drop.
pub(crate) struct Handle<'s> {
    raw: NonNull<c_void>,
    started: bool,
    _sane: PhantomData<&'s Sane>,
}

impl Handle<'_> {
    fn h(&self) -> *mut c_void {
        self.raw.as_ptr()
    }

    /// One descriptor, copied; `None` past the last option.
    fn descriptor(&self, index: i32) -> Option<OptionDesc> {
        // SAFETY: the handle is open; libsane returns NULL for an index out of range, or a
        // pointer valid until the options are reloaded — we copy everything before returning.
        let d = unsafe { sane_get_option_descriptor(self.h(), index) };
        if d.is_null() {
            return None;
        }
        // SAFETY: non-NULL descriptor pointer from libsane, see above.
        let d = unsafe { &*d };
        let value_type = match d.value_type {
            0 => ValueType::Bool,
            1 => ValueType::Int,
            2 => ValueType::Fixed,
            3 => ValueType::String,
            4 => ValueType::Button,
            _ => ValueType::Group,
        };
        let constraint = if d.constraint.is_null() {
            Constraint::None
        } else {
            match d.constraint_type {
                1 => {
                    // SAFETY: constraint_type RANGE means the union holds a SANE_Range pointer.
                    let r = unsafe { &*(d.constraint as *const RawRange) };
                    Constraint::Range {
                        min: r.min,
                        max: r.max,
                        quant: r.quant,
                    }
                }
                2 => {
                    let words = d.constraint as *const Word;
                    // SAFETY: WORD_LIST: the first word is the count of the words after it.
                    let n = unsafe { *words }.max(0) as usize;
                    // SAFETY: the list holds n words after the count, owned by libsane.
                    let list = unsafe { std::slice::from_raw_parts(words.add(1), n) };
                    Constraint::WordList(list.to_vec())
                }
                3 => {
                    let strings = d.constraint as *const *const c_char;
                    let mut list = Vec::new();
                    for i in 0.. {
                        // SAFETY: STRING_LIST is NULL-terminated; we stop at the terminator.
                        let s = unsafe { *strings.add(i) };
                        if s.is_null() {
                            break;
                        }
                        list.push(cstr_to_string(s));
                    }
                    Constraint::StringList(list)
                }
                _ => Constraint::None,
            }
        };
        Some(OptionDesc {
            index,
            name: cstr_to_string(d.name),
            value_type,
            unit: d.unit,
            size: d.size,
            cap: d.cap,
            constraint,
        })
    }

    /// All descriptors, fetched afresh (call again after `reload_options`).
    pub(crate) fn descriptors(&self) -> Result<Vec<OptionDesc>, Status> {
        // Option 0 is always the option count (an INT).
        let mut count: Word = 0;
        // SAFETY: option 0 is an INT of size sizeof(SANE_Word) by the standard; count is one.
        check(unsafe {
            sane_control_option(
                self.h(),
                0,
                ACTION_GET,
                (&mut count as *mut Word).cast(),
                ptr::null_mut(),
            )
        })?;
        Ok((1..count.max(1))
            .filter_map(|i| self.descriptor(i))
            .collect())
    }

    /// A buffer big enough for the option's value, in words so it is aligned for SANE_Word.
    fn value_buffer(desc: &OptionDesc) -> Vec<Word> {
        let words = (desc.size.max(4) as usize).div_ceil(std::mem::size_of::<Word>());
        vec![0; words]
    }

    /// Read an option (the first element of array options).
    pub(crate) fn get(&self, desc: &OptionDesc) -> Result<Value, Status> {
        let mut buf = Self::value_buffer(desc);
        // SAFETY: buf holds at least desc.size bytes, as the standard requires for GET.
        check(unsafe {
            sane_control_option(
                self.h(),
                desc.index,
                ACTION_GET,
                buf.as_mut_ptr().cast(),
                ptr::null_mut(),
            )
        })?;
        let first = buf.first().copied().unwrap_or(0);
        Ok(match desc.value_type {
            ValueType::Bool => Value::Bool(first != 0),
            ValueType::Int => Value::Int(first),
            ValueType::Fixed => Value::Fixed(unfix(first)),
            ValueType::String => {
                let bytes: Vec<u8> = buf.iter().flat_map(|w| w.to_ne_bytes()).collect();
                let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
                Value::Str(String::from_utf8_lossy(&bytes[..end]).into_owned())
            }
            ValueType::Button | ValueType::Group => return Err(Status::INVAL),
        })
    }

    /// Set an option. The caller must re-fetch descriptors when `reload_options` comes back.
    pub(crate) fn set(&mut self, desc: &OptionDesc, value: &Value) -> Result<SetInfo, Status> {
        let mut buf = Self::value_buffer(desc);
        match (desc.value_type, value) {
            // SANE_Bool is a SANE_Word: write 0/1 as a full word.
            (ValueType::Bool, Value::Bool(b)) => buf[0] = Word::from(*b),
            (ValueType::Int, Value::Int(i)) => buf.fill(*i),
            (ValueType::Fixed, Value::Fixed(f)) => buf.fill(fix(*f)),
            (ValueType::Fixed, Value::Int(i)) => buf.fill(fix(f64::from(*i))),
            (ValueType::Int, Value::Fixed(f)) => buf.fill(f.round() as i32),
            (ValueType::String, Value::Str(s)) => {
                let bytes = s.as_bytes();
                // Room for the terminating NUL inside the declared size.
                if bytes.len() >= desc.size.max(0) as usize || bytes.contains(&0) {
                    return Err(Status::INVAL);
                }
                let mut raw = vec![0u8; buf.len() * std::mem::size_of::<Word>()];
                raw[..bytes.len()].copy_from_slice(bytes);
                for (w, chunk) in buf.iter_mut().zip(raw.chunks_exact(4)) {
                    *w = Word::from_ne_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                }
            }
            _ => return Err(Status::INVAL),
        }
        let mut info: Word = 0;
        // SAFETY: buf holds desc.size bytes of a value of the option's type; info is a Word.
        check(unsafe {
            sane_control_option(
                self.h(),
                desc.index,
                ACTION_SET,
                buf.as_mut_ptr().cast(),
                &mut info,
            )
        })?;
        Ok(SetInfo {
            inexact: info & INFO_INEXACT != 0,
            reload_options: info & INFO_RELOAD_OPTIONS != 0,
        })
    }

    /// `sane_get_parameters` (exact once a frame has started).
    pub(crate) fn parameters(&self) -> Result<Params, Status> {
        let mut p = RawParameters::default();
        // SAFETY: the handle is open; p is a properly laid-out SANE_Parameters.
        check(unsafe { sane_get_parameters(self.h(), &mut p) })?;
        Ok(Params {
            format: p.format,
            last_frame: p.last_frame != 0,
            bytes_per_line: p.bytes_per_line,
            pixels_per_line: p.pixels_per_line,
            lines: p.lines,
            depth: p.depth,
        })
    }

    /// `sane_start`: the next frame (or the next sheet from the feeder).
    pub(crate) fn start(&mut self) -> Result<(), Status> {
        self.started = true;
        // SAFETY: the handle is open and used only from this thread.
        check(unsafe { sane_start(self.h()) })
    }

    /// `sane_read` into `buf`; every non-GOOD, non-EOF status is returned.
    pub(crate) fn read(&mut self, buf: &mut [u8]) -> Result<Read, Status> {
        let max = buf.len().min(i32::MAX as usize) as Word;
        let mut len: Word = 0;
        // SAFETY: buf is writable for max bytes; len is a Word; the handle is open.
        let status = unsafe { sane_read(self.h(), buf.as_mut_ptr(), max, &mut len) };
        match status {
            STATUS_GOOD => Ok(Read::Data(len.clamp(0, max) as usize)),
            STATUS_EOF => Ok(Read::Eof),
            other => Err(Status(other)),
        }
    }

    /// `sane_cancel`: ends the scan (and, on feeders, the batch).
    pub(crate) fn cancel(&mut self) {
        if self.started {
            // SAFETY: the handle is open; cancel is valid at any time after open.
            unsafe { sane_cancel(self.h()) };
            self.started = false;
        }
    }
}

impl Drop for Handle<'_> {
    fn drop(&mut self) {
        self.cancel();
        // SAFETY: the handle is open and is never used again; its Sane is still alive
        // (the borrow guarantees it).
        unsafe { sane_close(self.h()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    /// Compile a C probe against the installed sane.h and compare the layouts we declared.
    #[test]
    fn layouts_match_sane_h() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(_) => return,
        };
        let src = dir.path().join("probe.c");
        let bin = dir.path().join("probe");
        let c = r#"
#include <stdio.h>
#include <stddef.h>
#include <sane/sane.h>
int main(void) {
  printf("%zu %zu %zu %zu %zu %zu %zu %zu\n",
    sizeof(SANE_Device), sizeof(SANE_Range), sizeof(SANE_Option_Descriptor),
    offsetof(SANE_Option_Descriptor, constraint_type), offsetof(SANE_Option_Descriptor, constraint),
    sizeof(SANE_Parameters), offsetof(SANE_Parameters, depth), sizeof(SANE_Status));
  return 0;
}
"#;
        std::fs::write(&src, c).unwrap();
        let built = std::process::Command::new("cc")
            .arg(&src)
            .arg("-o")
            .arg(&bin)
            .status();
        if !matches!(built, Ok(s) if s.success()) {
            eprintln!("no C compiler or no sane.h: layout probe skipped");
            return;
        }
        let out = std::process::Command::new(&bin).output().unwrap();
        let got = String::from_utf8(out.stdout).unwrap();
        let want = format!(
            "{} {} {} {} {} {} {} {}\n",
            size_of::<RawDevice>(),
            size_of::<RawRange>(),
            size_of::<RawOptionDescriptor>(),
            offset_of!(RawOptionDescriptor, constraint_type),
            offset_of!(RawOptionDescriptor, constraint),
            size_of::<RawParameters>(),
            offset_of!(RawParameters, depth),
            size_of::<RawStatus>(),
        );
        assert_eq!(got, want);
    }
}
