//! Identity documents at the desk: which card reader the configuration names, what the device
//! bar says about it, and how a read becomes the applicant's (or the agent's) identity on the
//! case. The device task itself is in `card_reader.rs`; this file is the logic it feeds.

use crate::status::{DeviceKind, DeviceState};
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
    /// `none`: this window has no SAM reader.
    Absent,
}

impl CardReaderSetting {
    /// Reads the setting; anything else is refused with the value named.
    pub fn parse(value: &str) -> Result<Self, IdentityError> {
        let v = value.trim();
        if v == ow_config::Devices::SIM {
            return Ok(Self::Simulator);
        }
        if v == ow_config::Devices::NONE {
            return Ok(Self::Absent);
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
    #[error(
        "devices.card_reader = {0:?} is neither `sim`, `sam:<port>`, a port path nor `none` \
         (ICAO chips over PC/SC are `devices.chip_reader`)"
    )]
    UnknownReader(String),
    #[error(
        "devices.chip_reader = {0:?} is neither `sim`, `pcsc`, `pcsc:<reader name>` nor `none`"
    )]
    UnknownChipReader(String),
    #[error("this window has no chip reader (devices.chip_reader = \"none\")")]
    NoChipReader,
    #[error("the MRZ field {0} cannot be right (number: letters and digits; dates: YYMMDD)")]
    MrzField(&'static str),
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
    #[error("the CSCA certificate file {file} cannot be used: {reason}")]
    CscaFile { file: String, reason: String },
    #[error(transparent)]
    Device(#[from] IdCardError),
    #[error(transparent)]
    Chip(#[from] ow_icao::IcaoError),
}

impl ErrorCode for IdentityError {
    fn code(&self) -> &'static str {
        match self {
            Self::UnknownReader(_) => "identity.unknown_reader",
            Self::UnknownChipReader(_) => "identity.unknown_chip_reader",
            Self::NoChipReader => "identity.no_chip_reader",
            Self::MrzField(_) => "identity.mrz_field",
            Self::NotSandbox => "identity.not_sandbox",
            Self::NotRunning => "identity.not_running",
            Self::ReadGone(_) => "identity.read_gone",
            Self::Unreadable(_) => "identity.unreadable",
            Self::NotWired(_) => "identity.not_wired",
            Self::CscaFile { .. } => "identity.csca_file",
            Self::Device(e) => e.code(),
            Self::Chip(e) => e.code(),
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::UnknownReader(v) | Self::UnknownChipReader(v) => {
                Some(serde_json::json!({ "value": v }))
            }
            Self::ReadGone(id) | Self::Unreadable(id) => Some(serde_json::json!({ "read": id })),
            Self::NotWired(kind) => Some(serde_json::json!({ "kind": kind })),
            Self::MrzField(field) => Some(serde_json::json!({ "field": field })),
            Self::CscaFile { file, .. } => Some(serde_json::json!({ "file": file })),
            Self::Device(e) => e.details(),
            Self::Chip(e) => e.details(),
            Self::NotSandbox | Self::NotRunning | Self::NoChipReader => None,
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
    /// A face that was read but cannot be shown here, by its type (`image/jp2`: JPEG 2000).
    pub face_not_shown: Option<String>,
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
    /// `sam`: a Chinese ID card for the SAM reader; `chip`: an ICAO chip for the PC/SC reader.
    pub reader: String,
    /// For chips: the MRZ fields printed on the fictional document's data page, which the
    /// clerk types to open the chip (document number · birth date · expiry date).
    pub printed_mrz: Option<String>,
}

/// The training gallery: the SAM cards in file order, then the chip documents.
pub fn gallery_cards() -> Result<Vec<GalleryCard>, IdentityError> {
    let mut cards: Vec<GalleryCard> = gallery::entries()?
        .into_iter()
        .map(|e| GalleryCard {
            key: e.key,
            label_zh: e.label_zh,
            label_en: e.label_en,
            expected_verdict: e.expected_verdict,
            reader: "sam".into(),
            printed_mrz: None,
        })
        .collect();
    cards.extend(crate::chip_identity::gallery_chips()?);
    Ok(cards)
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
        valid_from: Some(doc.validity.from),
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
    /// The device bar's state for a reader (SAM `CardReader` or PC/SC `ChipReader`) changed.
    State(DeviceKind, DeviceState),
    /// A card was read (or a read failed).
    Read(Box<IdentityRead>),
}

/// What a reader reports, independent of the kind of reader.
#[derive(Debug)]
pub enum ReaderEvent {
    Connected,
    Disconnected {
        code: String,
    },
    CardInserted,
    /// A chip is on the reader but no MRZ was typed for it: it cannot be opened yet.
    NeedsMrz,
    Read(Box<Result<IdentityRead, ReadFailure>>),
    CardRemoved,
}

/// A read that failed, by the reader's stable error code (e.g. `idcard.timeout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadFailure {
    pub code: &'static str,
}

#[derive(Debug)]
struct ReaderSlot {
    state: DeviceState,
    card_present: bool,
}

#[derive(Debug)]
struct HubState {
    /// The SAM reader (`DeviceKind::CardReader`).
    sam: ReaderSlot,
    /// The PC/SC chip reader (`DeviceKind::ChipReader`).
    chip: ReaderSlot,
    /// One id series for both readers: a read is applied by id, whichever reader made it.
    next_id: u32,
    latest: Option<IdentityRead>,
}

impl HubState {
    fn slot(&mut self, kind: DeviceKind) -> &mut ReaderSlot {
        match kind {
            DeviceKind::ChipReader => &mut self.chip,
            _ => &mut self.sam,
        }
    }
}

/// The readers' live states and the latest read, shared by the reader tasks (which feed it
/// events) and the commands (which apply reads to cases and ask what the bar shows).
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
                sam: ReaderSlot {
                    state: initial.clone(),
                    card_present: false,
                },
                chip: ReaderSlot {
                    state: initial,
                    card_present: false,
                },
                next_id: 1,
                latest: None,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HubState> {
        // The state is plain data: a panic elsewhere leaves it usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The SAM reader's device-bar state now.
    pub fn state(&self) -> DeviceState {
        self.state_of(DeviceKind::CardReader)
    }

    /// A reader's device-bar state now.
    pub fn state_of(&self, kind: DeviceKind) -> DeviceState {
        self.lock().slot(kind).state.clone()
    }

    /// Whether a card is on the SAM reader.
    pub fn card_present(&self) -> bool {
        self.card_present_in(DeviceKind::CardReader)
    }

    /// Whether a card is on a reader.
    pub fn card_present_in(&self, kind: DeviceKind) -> bool {
        self.lock().slot(kind).card_present
    }

    /// Sets the SAM reader's state directly (start-up failures), reporting whether it changed.
    pub fn set_state(&self, state: DeviceState) -> Option<HubUpdate> {
        self.set_state_of(DeviceKind::CardReader, state)
    }

    /// Sets a reader's state directly, reporting whether it changed.
    pub fn set_state_of(&self, kind: DeviceKind, state: DeviceState) -> Option<HubUpdate> {
        let mut s = self.lock();
        let slot = s.slot(kind);
        (slot.state != state).then(|| {
            slot.state = state.clone();
            HubUpdate::State(kind, state)
        })
    }

    /// Folds one SAM reader event into the state; returns what the UI must hear.
    pub fn on_event(&self, event: ReaderEvent) -> Vec<HubUpdate> {
        self.on_event_from(DeviceKind::CardReader, event)
    }

    /// Folds one event of reader `kind` into the state; returns what the UI must hear.
    pub fn on_event_from(&self, kind: DeviceKind, event: ReaderEvent) -> Vec<HubUpdate> {
        let mut s = self.lock();
        let mut out = Vec::new();
        let next = match event {
            ReaderEvent::Connected => {
                s.slot(kind).card_present = false;
                DeviceState::Ready
            }
            ReaderEvent::Disconnected { code } => {
                s.slot(kind).card_present = false;
                DeviceState::Unplugged { code }
            }
            ReaderEvent::CardInserted => {
                s.slot(kind).card_present = true;
                // The monitor reads at once; the bar says so until the result arrives.
                DeviceState::Reading
            }
            ReaderEvent::NeedsMrz => {
                s.slot(kind).card_present = true;
                DeviceState::NeedsMrz
            }
            ReaderEvent::CardRemoved => {
                s.slot(kind).card_present = false;
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
                            source: match kind {
                                DeviceKind::ChipReader => IdentitySource::Chip,
                                _ => IdentitySource::SamReader,
                            },
                            document: None,
                            verdict: unreadable(code),
                            face: None,
                            face_not_shown: None,
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
        let slot = s.slot(kind);
        if slot.state != next {
            slot.state = next.clone();
            out.insert(0, HubUpdate::State(kind, next));
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
                    face_not_shown: None,
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
