//! Identity documents at the desk: which card reader the configuration names, what the device
//! bar says about it, and how a read becomes the applicant's (or the agent's) identity on the
//! case. The device task itself is in `card_reader.rs`; this file is the logic it feeds.

use crate::status::DeviceState;
use chrono::{DateTime, NaiveDate, Utc};
use ow_case::{Address, IdentityDocument, IdentitySource};
use ow_error::ErrorCode;
use ow_idcard::{
    assess, gallery, DocumentDetails, IdCardError, Sex, Source, ValidUntil, VerdictStatus,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The `devices.card_reader` setting, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardReaderSetting {
    /// `sim`: the virtual SAM reader on a pseudo-terminal (sandbox only; config enforces it).
    Simulator,
    /// `sam:/dev/ttyUSB0`, or a bare device path (`/dev/ttyUSB0`, `COM3`): a GA/T 467 reader.
    Serial(String),
    /// `pcsc`: ICAO 9303 chips over PC/SC.
    Pcsc,
}

impl CardReaderSetting {
    /// Reads the setting; anything else is refused with the value named.
    pub fn parse(value: &str) -> Result<Self, IdentityError> {
        let v = value.trim();
        if v == ow_config::Devices::SIM {
            return Ok(Self::Simulator);
        }
        if v.eq_ignore_ascii_case("pcsc") {
            return Ok(Self::Pcsc);
        }
        if let Some(path) = v.strip_prefix("sam:") {
            if !path.trim().is_empty() {
                return Ok(Self::Serial(path.trim().to_owned()));
            }
        }
        let looks_like_port = v.starts_with('/') || v.to_ascii_uppercase().starts_with("COM");
        if looks_like_port && v.len() > 1 {
            return Ok(Self::Serial(v.to_owned()));
        }
        Err(IdentityError::UnknownReader(value.to_owned()))
    }
}

/// What can go wrong between a reader and the case.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("devices.card_reader = {0:?} is neither `sim`, `pcsc`, `sam:<port>` nor a port path")]
    UnknownReader(String),
    #[error("card simulation is for the training sandbox only")]
    NotSandbox,
    #[error("the card reader is not running")]
    NotRunning,
    #[error("read {0} is no longer available; read the card again")]
    ReadGone(u32),
    #[error("read {0} failed, so there is nothing to put on the case")]
    Unreadable(u32),
    #[error("this card reader kind is not wired into the app yet: {0}")]
    NotWired(&'static str),
    #[error(transparent)]
    Device(#[from] IdCardError),
}

impl ErrorCode for IdentityError {
    fn code(&self) -> &'static str {
        match self {
            Self::UnknownReader(_) => "identity.unknown_reader",
            Self::NotSandbox => "identity.not_sandbox",
            Self::NotRunning => "identity.not_running",
            Self::ReadGone(_) => "identity.read_gone",
            Self::Unreadable(_) => "identity.unreadable",
            Self::NotWired(_) => "identity.not_wired",
            Self::Device(e) => e.code(),
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::UnknownReader(v) => Some(serde_json::json!({ "value": v })),
            Self::ReadGone(id) | Self::Unreadable(id) => Some(serde_json::json!({ "read": id })),
            Self::NotWired(kind) => Some(serde_json::json!({ "kind": kind })),
            Self::Device(e) => e.details(),
            Self::NotSandbox | Self::NotRunning => None,
        }
    }
}

/// The verdict the clerk sees, with the stable code the UI translates into what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReadVerdict {
    /// `valid`, `expired`, `inconsistent`, `checksum_wrong`, `altered`, `unreadable`.
    pub status: String,
    /// Stable code (`idcard.verdict.expired`, …).
    pub code: String,
    /// For `unreadable`: the error behind it (`idcard.timeout`, …).
    pub cause: Option<String>,
    /// What the checks found (`expired`, `checksum_wrong`, `birth_mismatch`, …).
    pub findings: Vec<String>,
    /// Minors and the elderly are served first (绿色通道).
    pub green_channel: bool,
}

/// One read, as the applicant panel shows it. Sent as an event; put on the case only when the
/// UI applies it (by id), so the case always takes the backend's copy, never the UI's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct IdentityRead {
    pub read_id: u32,
    pub source: IdentitySource,
    /// `None` when nothing could be read.
    pub document: Option<IdentityDocument>,
    pub verdict: ReadVerdict,
    /// The face as a data URL, where the document gives a decodable one (ICAO chips).
    pub face: Option<String>,
    /// A SAM card's photo is WLT-compressed: it is kept but shown only with a decoder plug-in.
    pub photo_needs_decoder: bool,
}

/// A fictional citizen the trainer can present to the simulator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct GalleryCard {
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    pub expected_verdict: String,
}

/// The training gallery, in file order.
pub fn gallery_cards() -> Result<Vec<GalleryCard>, IdentityError> {
    Ok(gallery::entries()?
        .into_iter()
        .map(|e| GalleryCard {
            key: e.key,
            label_zh: e.label_zh,
            label_en: e.label_en,
            expected_verdict: e.expected_verdict,
        })
        .collect())
}

fn sex_code(s: Sex) -> &'static str {
    match s {
        Sex::Male => "male",
        Sex::Female => "female",
        Sex::Unknown => "unknown",
        Sex::Unstated => "unstated",
    }
}

fn status_word(s: VerdictStatus) -> &'static str {
    match s {
        VerdictStatus::Valid => "valid",
        VerdictStatus::Expired => "expired",
        VerdictStatus::Inconsistent => "inconsistent",
        VerdictStatus::ChecksumWrong => "checksum_wrong",
        VerdictStatus::Unreadable => "unreadable",
    }
}

fn finding_word(f: &ow_idcard::Finding) -> String {
    // The serde tag is the stable name; fall back to Debug only if serde ever fails.
    serde_json::to_value(f)
        .ok()
        .and_then(|v| v.get("finding").and_then(|s| s.as_str()).map(str::to_owned))
        .unwrap_or_else(|| format!("{f:?}"))
}

/// A SAM reader's document, checked as of `today`, in the case's terms.
pub fn from_sam(
    doc: &ow_idcard::IdentityDocument,
    today: NaiveDate,
    read_at: DateTime<Utc>,
) -> (IdentityDocument, ReadVerdict) {
    let a = assess(doc, today);
    let verdict = ReadVerdict {
        status: status_word(a.verdict.status).into(),
        code: a.verdict.code.into(),
        cause: None,
        findings: a.findings.iter().map(finding_word).collect(),
        green_channel: a.green_channel,
    };
    let (nation, nationality) = match &doc.details {
        DocumentDetails::ResidentId { nation } => (Some(nation.name_zh().to_owned()), None),
        DocumentDetails::ForeignPermanentResident2017 { nationality, .. }
        | DocumentDetails::ForeignPermanentResident2023 { nationality, .. }
        | DocumentDetails::Passport { nationality, .. } => (None, Some(nationality.clone())),
        _ => (None, None),
    };
    let document = IdentityDocument {
        kind: doc.kind().as_str().into(),
        name: doc.name.clone(),
        name_en: doc.name_en.clone(),
        sex: sex_code(doc.sex).into(),
        nation,
        nationality,
        birth_date: doc.birth_date,
        address: doc.address.as_ref().map(|a| Address::new(a.expose())),
        number: doc.number.clone(),
        issuing_authority: doc.issuing_authority.clone(),
        valid_from: doc.validity.from,
        valid_until: match doc.validity.until {
            ValidUntil::Date(d) => Some(d),
            ValidUntil::LongTerm => None,
        },
        verdict: verdict.code.clone(),
        read_at,
    };
    (document, verdict)
}

/// The verdict of a read that failed.
pub fn unreadable(cause: &str) -> ReadVerdict {
    ReadVerdict {
        status: status_word(VerdictStatus::Unreadable).into(),
        code: VerdictStatus::Unreadable.code().into(),
        cause: Some(cause.to_owned()),
        findings: Vec::new(),
        green_channel: false,
    }
}

/// What the reader task tells the shell to pass on to the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum HubUpdate {
    /// The device bar's state for the card reader changed.
    State(DeviceState),
    /// A card was read (or a read failed).
    Read(Box<IdentityRead>),
}

/// What a reader reports, independent of the kind of reader.
#[derive(Debug)]
pub enum ReaderEvent {
    Connected,
    Disconnected { code: String },
    CardInserted,
    Read(Box<Result<IdentityRead, ReadFailure>>),
    CardRemoved,
}

/// A read that failed, by the reader's stable error code (e.g. `idcard.timeout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadFailure {
    pub code: &'static str,
}

#[derive(Debug)]
struct HubState {
    state: DeviceState,
    card_present: bool,
    next_id: u32,
    latest: Option<IdentityRead>,
}

/// The card reader's live state and its latest read, shared by the reader task (which feeds
/// it events) and the commands (which apply reads to cases and ask what the bar shows).
#[derive(Debug)]
pub struct IdentityHub {
    inner: Mutex<HubState>,
}

impl Default for IdentityHub {
    fn default() -> Self {
        Self::new(DeviceState::NotIntegrated)
    }
}

impl IdentityHub {
    /// A hub in `initial` state (the reader task moves it on).
    pub fn new(initial: DeviceState) -> Self {
        Self {
            inner: Mutex::new(HubState {
                state: initial,
                card_present: false,
                next_id: 1,
                latest: None,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HubState> {
        // The state is plain data: a panic elsewhere leaves it usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The device bar's state now.
    pub fn state(&self) -> DeviceState {
        self.lock().state.clone()
    }

    /// Whether a card is on the reader.
    pub fn card_present(&self) -> bool {
        self.lock().card_present
    }

    /// Sets the state directly (start-up failures), reporting whether it changed.
    pub fn set_state(&self, state: DeviceState) -> Option<HubUpdate> {
        let mut s = self.lock();
        (s.state != state).then(|| {
            s.state = state.clone();
            HubUpdate::State(state)
        })
    }

    /// Folds one reader event into the state; returns what the UI must hear.
    pub fn on_event(&self, event: ReaderEvent) -> Vec<HubUpdate> {
        let mut s = self.lock();
        let mut out = Vec::new();
        let next = match event {
            ReaderEvent::Connected => {
                s.card_present = false;
                DeviceState::Ready
            }
            ReaderEvent::Disconnected { code } => {
                s.card_present = false;
                DeviceState::Unplugged { code }
            }
            ReaderEvent::CardInserted => {
                s.card_present = true;
                // The monitor reads at once; the bar says so until the result arrives.
                DeviceState::Reading
            }
            ReaderEvent::CardRemoved => {
                s.card_present = false;
                DeviceState::Ready
            }
            ReaderEvent::Read(result) => {
                let id = s.next_id;
                s.next_id = s.next_id.wrapping_add(1).max(1);
                let (read, state) = match *result {
                    Ok(mut read) => {
                        read.read_id = id;
                        (read, DeviceState::CardPresent)
                    }
                    Err(ReadFailure { code }) => (
                        IdentityRead {
                            read_id: id,
                            source: IdentitySource::SamReader,
                            document: None,
                            verdict: unreadable(code),
                            face: None,
                            photo_needs_decoder: false,
                        },
                        DeviceState::Error {
                            code: code.to_owned(),
                        },
                    ),
                };
                s.latest = Some(read.clone());
                out.push(HubUpdate::Read(Box::new(read)));
                state
            }
        };
        if s.state != next {
            s.state = next.clone();
            out.insert(0, HubUpdate::State(next));
        }
        out
    }

    /// The document of read `read_id`, if it is still the latest read and it succeeded.
    pub fn document(
        &self,
        read_id: u32,
    ) -> Result<(IdentityDocument, IdentitySource), IdentityError> {
        let s = self.lock();
        let read = s
            .latest
            .as_ref()
            .filter(|r| r.read_id == read_id)
            .ok_or(IdentityError::ReadGone(read_id))?;
        let doc = read
            .document
            .clone()
            .ok_or(IdentityError::Unreadable(read_id))?;
        Ok((doc, read.source))
    }

    /// The latest read, for a UI that (re)starts after the card was read.
    pub fn latest(&self) -> Option<IdentityRead> {
        self.lock().latest.clone()
    }
}

/// Maps a SAM monitor event into a reader event, checking a read document as of `today`.
pub fn sam_event(
    ev: ow_idcard::sam::CardEvent,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> ReaderEvent {
    use ow_idcard::sam::CardEvent as E;
    match ev {
        E::ReaderConnected => ReaderEvent::Connected,
        E::ReaderDisconnected { code } => ReaderEvent::Disconnected { code: code.into() },
        E::CardInserted => ReaderEvent::CardInserted,
        E::CardRemoved => ReaderEvent::CardRemoved,
        E::CardRead(result) => ReaderEvent::Read(Box::new(match *result {
            Ok(doc) => {
                let (document, verdict) = from_sam(&doc, today, now);
                Ok(IdentityRead {
                    read_id: 0,
                    source: match doc.source {
                        Source::Chip => IdentitySource::Chip,
                        Source::ManualEntry => IdentitySource::Manual,
                        Source::SamReader => IdentitySource::SamReader,
                    },
                    document: Some(document),
                    verdict,
                    face: None,
                    photo_needs_decoder: doc.photo.is_some(),
                })
            }
            Err(e) => Err(ReadFailure { code: e.code() }),
        })),
    }
}

#[cfg(test)]
#[path = "identity_tests.rs"]
mod tests;
