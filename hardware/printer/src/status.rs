//! Printer and job states as typed values, with stable codes and zh-CN labels for the UI.

use serde::{Deserialize, Serialize};
use specta::Type;

/// `printer-state` (RFC 8011 §5.4.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PrinterState {
    /// Ready (空闲).
    Idle,
    /// Printing (打印中).
    Processing,
    /// Stopped (已停止): needs someone at the printer.
    Stopped,
    /// A value this client does not know.
    Unknown,
}

impl PrinterState {
    pub(crate) fn from_ipp(v: i32) -> Self {
        match v {
            3 => Self::Idle,
            4 => Self::Processing,
            5 => Self::Stopped,
            _ => Self::Unknown,
        }
    }

    /// zh-CN label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Idle => "空闲",
            Self::Processing => "打印中",
            Self::Stopped => "已停止",
            Self::Unknown => "状态未知",
        }
    }
}

/// How serious a state reason is (the keyword's `-error` / `-warning` / `-report` suffix;
/// no suffix means error, RFC 8011 §5.4.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Printing cannot go on.
    Error,
    /// Printing goes on, but someone should look.
    Warning,
    /// Information only.
    Report,
}

/// The known `printer-state-reasons` keywords, as a typed set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind", content = "keyword")]
pub enum ReasonKind {
    /// Out of paper (缺纸).
    MediaEmpty,
    /// Paper must be loaded for this job (需要装纸).
    MediaNeeded,
    /// Paper running low (纸张不足).
    MediaLow,
    /// Paper jam (卡纸).
    MediaJam,
    /// Cover open (机盖打开).
    CoverOpen,
    /// Door open (机门打开).
    DoorOpen,
    /// Input tray missing (纸盒未安装).
    InputTrayMissing,
    /// Toner empty (墨粉用尽).
    TonerEmpty,
    /// Toner low (墨粉不足).
    TonerLow,
    /// Ink/ribbon or other marker supply empty (耗材用尽).
    MarkerSupplyEmpty,
    /// Marker supply low (耗材不足).
    MarkerSupplyLow,
    /// Device offline (打印机离线).
    Offline,
    /// Queue connecting to the device (正在连接打印机).
    ConnectingToDevice,
    /// Paused by an operator (已暂停).
    Paused,
    /// Shut down (已关机).
    Shutdown,
    /// Spool area full (打印队列已满).
    SpoolAreaFull,
    /// Any other keyword, kept as sent.
    Other(String),
}

/// One `printer-state-reasons` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StateReason {
    /// What.
    pub kind: ReasonKind,
    /// How serious.
    pub severity: Severity,
}

impl StateReason {
    /// Parses a keyword such as `media-empty-error`; `none` gives `None`.
    pub fn parse(keyword: &str) -> Option<Self> {
        let k = keyword.trim();
        if k.is_empty() || k == "none" {
            return None;
        }
        let (base, severity) = if let Some(b) = k.strip_suffix("-error") {
            (b, Severity::Error)
        } else if let Some(b) = k.strip_suffix("-warning") {
            (b, Severity::Warning)
        } else if let Some(b) = k.strip_suffix("-report") {
            (b, Severity::Report)
        } else {
            (k, Severity::Error)
        };
        let kind = match base {
            "media-empty" => ReasonKind::MediaEmpty,
            "media-needed" => ReasonKind::MediaNeeded,
            "media-low" => ReasonKind::MediaLow,
            "media-jam" => ReasonKind::MediaJam,
            "cover-open" => ReasonKind::CoverOpen,
            "door-open" => ReasonKind::DoorOpen,
            "input-tray-missing" => ReasonKind::InputTrayMissing,
            "toner-empty" => ReasonKind::TonerEmpty,
            "toner-low" => ReasonKind::TonerLow,
            "marker-supply-empty" => ReasonKind::MarkerSupplyEmpty,
            "marker-supply-low" => ReasonKind::MarkerSupplyLow,
            "offline" => ReasonKind::Offline,
            "connecting-to-device" => ReasonKind::ConnectingToDevice,
            "paused" | "moving-to-paused" => ReasonKind::Paused,
            "shutdown" => ReasonKind::Shutdown,
            "spool-area-full" => ReasonKind::SpoolAreaFull,
            other => ReasonKind::Other(other.to_owned()),
        };
        Some(Self { kind, severity })
    }

    /// Stable code for the UI, e.g. `printer.reason.media_empty`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ReasonKind::MediaEmpty => "printer.reason.media_empty",
            ReasonKind::MediaNeeded => "printer.reason.media_needed",
            ReasonKind::MediaLow => "printer.reason.media_low",
            ReasonKind::MediaJam => "printer.reason.media_jam",
            ReasonKind::CoverOpen => "printer.reason.cover_open",
            ReasonKind::DoorOpen => "printer.reason.door_open",
            ReasonKind::InputTrayMissing => "printer.reason.input_tray_missing",
            ReasonKind::TonerEmpty => "printer.reason.toner_empty",
            ReasonKind::TonerLow => "printer.reason.toner_low",
            ReasonKind::MarkerSupplyEmpty => "printer.reason.marker_supply_empty",
            ReasonKind::MarkerSupplyLow => "printer.reason.marker_supply_low",
            ReasonKind::Offline => "printer.reason.offline",
            ReasonKind::ConnectingToDevice => "printer.reason.connecting_to_device",
            ReasonKind::Paused => "printer.reason.paused",
            ReasonKind::Shutdown => "printer.reason.shutdown",
            ReasonKind::SpoolAreaFull => "printer.reason.spool_area_full",
            ReasonKind::Other(_) => "printer.reason.other",
        }
    }

    /// zh-CN label for the clerk.
    pub fn label_zh(&self) -> &'static str {
        match self.kind {
            ReasonKind::MediaEmpty => "缺纸",
            ReasonKind::MediaNeeded => "需要装纸",
            ReasonKind::MediaLow => "纸张不足",
            ReasonKind::MediaJam => "卡纸",
            ReasonKind::CoverOpen => "机盖打开",
            ReasonKind::DoorOpen => "机门打开",
            ReasonKind::InputTrayMissing => "纸盒未安装",
            ReasonKind::TonerEmpty => "墨粉用尽",
            ReasonKind::TonerLow => "墨粉不足",
            ReasonKind::MarkerSupplyEmpty => "耗材用尽",
            ReasonKind::MarkerSupplyLow => "耗材不足",
            ReasonKind::Offline => "打印机离线",
            ReasonKind::ConnectingToDevice => "正在连接打印机",
            ReasonKind::Paused => "已暂停",
            ReasonKind::Shutdown => "已关机",
            ReasonKind::SpoolAreaFull => "打印队列已满",
            ReasonKind::Other(_) => "其他状态",
        }
    }

    /// The keyword as IPP spells it (without severity suffix).
    pub fn keyword(&self) -> String {
        let k = self
            .code()
            .trim_start_matches("printer.reason.")
            .replace('_', "-");
        match &self.kind {
            ReasonKind::Other(s) => s.clone(),
            _ => k,
        }
    }

    /// Out of paper. A `-report` is information only; `-warning` counts, because printers
    /// (ippeveprinter among them) suffix by their own state, and "media-empty-warning" while
    /// processing means our job is waiting for paper.
    pub fn is_paper_out(&self) -> bool {
        self.severity != Severity::Report
            && matches!(self.kind, ReasonKind::MediaEmpty | ReasonKind::MediaNeeded)
    }

    /// A reason that stops printing until someone acts (other than paper out): any of these
    /// as an error, and the ones that physically stop the paper path even as a warning.
    pub fn blocks_printing(&self) -> bool {
        let hard = matches!(
            self.kind,
            ReasonKind::MediaJam
                | ReasonKind::CoverOpen
                | ReasonKind::DoorOpen
                | ReasonKind::InputTrayMissing
                | ReasonKind::Offline
                | ReasonKind::Paused
                | ReasonKind::Shutdown
        );
        let supplies = matches!(
            self.kind,
            ReasonKind::TonerEmpty | ReasonKind::MarkerSupplyEmpty
        );
        match self.severity {
            Severity::Error => hard || supplies,
            Severity::Warning => hard,
            Severity::Report => false,
        }
    }
}

/// What Get-Printer-Attributes told us.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrinterStatus {
    /// `printer-name`.
    pub name: Option<String>,
    /// `printer-make-and-model`.
    pub make_and_model: Option<String>,
    /// `printer-state`.
    pub state: PrinterState,
    /// `printer-state-reasons` (without `none`).
    pub reasons: Vec<StateReason>,
    /// `printer-state-message`.
    pub message: Option<String>,
    /// `printer-is-accepting-jobs` (true when the printer does not say).
    pub accepting_jobs: bool,
    /// `document-format-supported`.
    pub formats: Vec<String>,
}

impl PrinterStatus {
    /// Whether the printer accepts `format` (directly or as `application/octet-stream`).
    pub fn supports(&self, format: &str) -> bool {
        self.formats.is_empty() || self.formats.iter().any(|f| f.eq_ignore_ascii_case(format))
    }

    /// Whether it is out of paper.
    pub fn paper_out(&self) -> bool {
        self.reasons.iter().any(StateReason::is_paper_out)
    }

    /// The keywords, for error messages and logs.
    pub(crate) fn reason_keywords(&self) -> Vec<String> {
        self.reasons.iter().map(StateReason::keyword).collect()
    }
}

/// `job-state` (RFC 8011 §5.3.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting (排队中).
    Pending,
    /// Held (已挂起).
    PendingHeld,
    /// Printing (打印中).
    Processing,
    /// Printing stopped, e.g. out of paper (暂停).
    ProcessingStopped,
    /// Canceled (已取消).
    Canceled,
    /// Aborted by the printer (打印失败).
    Aborted,
    /// Done (已完成).
    Completed,
    /// A value this client does not know.
    Unknown,
}

impl JobState {
    pub(crate) fn from_ipp(v: i32) -> Self {
        match v {
            3 => Self::Pending,
            4 => Self::PendingHeld,
            5 => Self::Processing,
            6 => Self::ProcessingStopped,
            7 => Self::Canceled,
            8 => Self::Aborted,
            9 => Self::Completed,
            _ => Self::Unknown,
        }
    }

    /// Whether the job has ended one way or another.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Canceled | Self::Aborted | Self::Completed)
    }

    /// The IPP keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::PendingHeld => "pending-held",
            Self::Processing => "processing",
            Self::ProcessingStopped => "processing-stopped",
            Self::Canceled => "canceled",
            Self::Aborted => "aborted",
            Self::Completed => "completed",
            Self::Unknown => "unknown",
        }
    }
}

/// What Get-Job-Attributes told us.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct JobStatus {
    /// `job-id`.
    pub id: i32,
    /// `job-state`.
    pub state: JobState,
    /// `job-state-reasons`.
    pub reasons: Vec<String>,
    /// `job-state-message`.
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_reasons_with_and_without_severity() {
        let r = StateReason::parse("media-empty-error").unwrap();
        assert_eq!(r.kind, ReasonKind::MediaEmpty);
        assert!(r.is_paper_out());
        assert_eq!(r.code(), "printer.reason.media_empty");
        assert_eq!(r.label_zh(), "缺纸");
        assert_eq!(r.keyword(), "media-empty");
        let w = StateReason::parse("media-low-warning").unwrap();
        assert_eq!(w.severity, Severity::Warning);
        assert!(!w.is_paper_out());
        assert!(StateReason::parse("media-empty-warning")
            .unwrap()
            .is_paper_out());
        // No suffix means error.
        assert_eq!(
            StateReason::parse("offline").unwrap().severity,
            Severity::Error
        );
        assert!(StateReason::parse("none").is_none());
        let o = StateReason::parse("com.vendor-thing-report").unwrap();
        assert_eq!(o.kind, ReasonKind::Other("com.vendor-thing".into()));
        assert_eq!(o.keyword(), "com.vendor-thing");
    }

    #[test]
    fn reported_paper_empty_is_not_paper_out() {
        let r = StateReason::parse("media-empty-report").unwrap();
        assert!(!r.is_paper_out());
        assert!(!r.blocks_printing());
    }
}
