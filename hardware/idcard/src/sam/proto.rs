//! GA/T 467 commands (CMD, PARA) and the status byte SW3 of answers.

use std::fmt;

/// A command: the CMD and PARA bytes of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Command {
    /// CMD byte.
    pub cmd: u8,
    /// PARA byte.
    pub para: u8,
}

impl Command {
    /// 寻找证/卡 (find card): `20 01`.
    pub const FIND_CARD: Command = Command::new(0x20, 0x01);
    /// 选取证/卡 (select card): `20 02`.
    pub const SELECT_CARD: Command = Command::new(0x20, 0x02);
    /// 读固定信息 (text + photo): `30 01`.
    pub const READ_TEXT_PHOTO: Command = Command::new(0x30, 0x01);
    /// 读固定信息及指纹 (text + photo + fingerprint): `30 10`.
    pub const READ_TEXT_PHOTO_FINGERPRINT: Command = Command::new(0x30, 0x10);
    /// SAM status self-check: `11 FF`.
    pub const SAM_STATUS: Command = Command::new(0x11, 0xFF);
    /// SAM reset: `10 FF`.
    pub const RESET: Command = Command::new(0x10, 0xFF);
    /// Read the SAM's id: `12 FF`.
    pub const SAM_ID: Command = Command::new(0x12, 0xFF);

    /// Any command.
    pub const fn new(cmd: u8, para: u8) -> Self {
        Self { cmd, para }
    }

    /// A short name for logs and errors.
    pub fn name(self) -> &'static str {
        match (self.cmd, self.para) {
            (0x20, 0x01) => "find_card",
            (0x20, 0x02) => "select_card",
            (0x30, 0x01) => "read_text_photo",
            (0x30, 0x10) => "read_text_photo_fingerprint",
            (0x11, 0xFF) => "sam_status",
            (0x10, 0xFF) => "reset",
            (0x12, 0xFF) => "sam_id",
            _ => "command",
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:02X} {:02X})", self.name(), self.cmd, self.para)
    }
}

/// SW3, the byte that says how a command went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SamStatus {
    /// 0x90 success.
    Ok,
    /// 0x9F find card: a card is in the field.
    CardFound,
    /// 0x80 no card (find card failed).
    NoCard,
    /// 0x81 select card failed.
    SelectFailed,
    /// 0x41 reading the card failed (card moved away, bad contact).
    ReadFailed,
    /// 0x10 the reader says our frame's checksum was wrong.
    RequestChecksum,
    /// 0x11 the reader says our frame's length was wrong.
    RequestLength,
    /// 0x21 the reader does not know the command.
    RequestCommand,
    /// 0x31 / 0x32 card–SAM mutual authentication failed.
    AuthFailed(u8),
    /// 0x40 not a card this SAM can read.
    WrongCard,
    /// 0x60 the SAM failed its self-test.
    SelfTestFailed,
    /// 0x66 the reader is not authorised.
    NotAuthorised,
    /// Anything else.
    Other(u8),
}

impl SamStatus {
    /// Decodes SW3.
    pub fn from_sw3(sw3: u8) -> Self {
        match sw3 {
            0x90 => Self::Ok,
            0x9F => Self::CardFound,
            0x80 => Self::NoCard,
            0x81 => Self::SelectFailed,
            0x41 => Self::ReadFailed,
            0x10 => Self::RequestChecksum,
            0x11 => Self::RequestLength,
            0x21 => Self::RequestCommand,
            0x31 | 0x32 => Self::AuthFailed(sw3),
            0x40 => Self::WrongCard,
            0x60 => Self::SelfTestFailed,
            0x66 => Self::NotAuthorised,
            other => Self::Other(other),
        }
    }

    /// The SW3 byte.
    pub fn sw3(self) -> u8 {
        match self {
            Self::Ok => 0x90,
            Self::CardFound => 0x9F,
            Self::NoCard => 0x80,
            Self::SelectFailed => 0x81,
            Self::ReadFailed => 0x41,
            Self::RequestChecksum => 0x10,
            Self::RequestLength => 0x11,
            Self::RequestCommand => 0x21,
            Self::AuthFailed(b) | Self::Other(b) => b,
            Self::WrongCard => 0x40,
            Self::SelfTestFailed => 0x60,
            Self::NotAuthorised => 0x66,
        }
    }

    /// True for the two success codes.
    pub fn is_success(self) -> bool {
        matches!(self, Self::Ok | Self::CardFound)
    }

    /// The stable error code for this status.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ok | Self::CardFound => "idcard.sam.ok",
            Self::NoCard => "idcard.sam.no_card",
            Self::SelectFailed => "idcard.sam.select_failed",
            Self::ReadFailed => "idcard.sam.read_failed",
            Self::RequestChecksum => "idcard.sam.request_checksum",
            Self::RequestLength => "idcard.sam.request_length",
            Self::RequestCommand => "idcard.sam.request_command",
            Self::AuthFailed(_) => "idcard.sam.auth_failed",
            Self::WrongCard => "idcard.sam.wrong_card",
            Self::SelfTestFailed => "idcard.sam.self_test_failed",
            Self::NotAuthorised => "idcard.sam.not_authorised",
            Self::Other(_) => "idcard.sam.unknown_status",
        }
    }
}

impl fmt::Display for SamStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SW3 {:02X}", self.sw3())
    }
}
