//! The `.energylab` container: a fixed header that says what the file is, which format
//! version wrote it, how long its payload is and a checksum of it, then the payload (JSON).
//!
//! The header is checked before anything is parsed or allocated, so a truncated, corrupt or
//! foreign file is refused with a message saying which, and a claimed length of 10 GB costs
//! nothing.

/// The first bytes of every session file.
pub const MAGIC: &[u8; 20] = b"energy-lab session\n\0";
/// The format this build writes and reads.
pub const VERSION: u32 = 1;
/// Header: magic, version (u32 LE), payload length (u64 LE), FNV-1a 64 of the payload (u64 LE).
pub const HEADER_LEN: usize = MAGIC.len() + 4 + 8 + 8;
/// The largest payload accepted: seven models and 10 000 points take about 2 MB.
pub const MAX_PAYLOAD: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FormatError {
    #[error("the file is empty")]
    Empty,
    #[error("this is not an energy-lab session file")]
    NotASession,
    #[error(
        "the file is truncated: {found} bytes where the header promises {expected} (was it \
         copied or saved completely?)"
    )]
    Truncated { expected: u64, found: u64 },
    #[error("the file has {0} bytes after the end of the session")]
    TrailingBytes(u64),
    #[error(
        "the session was written by a newer energy-lab (format {found}; this version reads \
         format {supported}): update energy-lab to open it"
    )]
    Newer { found: u32, supported: u32 },
    #[error(
        "the session was written in format {found}, which this energy-lab (format \
         {supported}) no longer reads"
    )]
    Older { found: u32, supported: u32 },
    #[error("the header claims a {0}-byte session, beyond the {MAX_PAYLOAD}-byte limit")]
    TooLarge(u64),
    #[error("the file is corrupt: its checksum does not match its contents")]
    Corrupt,
}

/// FNV-1a, 64 bit: catches truncation and bit flips; not meant to resist tampering.
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Header plus `payload`.
pub fn wrap(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The header's claims, checked against `file_len` (enough to refuse a file before reading
/// all of it).
pub fn check_header(header: &[u8], file_len: u64) -> Result<u64, FormatError> {
    if file_len == 0 {
        return Err(FormatError::Empty);
    }
    let magic_seen = header.len().min(MAGIC.len());
    if header[..magic_seen] != MAGIC[..magic_seen] {
        return Err(FormatError::NotASession);
    }
    if header.len() < HEADER_LEN {
        return Err(FormatError::Truncated {
            expected: HEADER_LEN as u64,
            found: file_len,
        });
    }
    let field = |at: usize, n: usize| &header[MAGIC.len() + at..MAGIC.len() + at + n];
    let version = u32::from_le_bytes(field(0, 4).try_into().unwrap_or_default());
    let length = u64::from_le_bytes(field(4, 8).try_into().unwrap_or_default());
    if version > VERSION {
        return Err(FormatError::Newer {
            found: version,
            supported: VERSION,
        });
    }
    if version < VERSION {
        return Err(FormatError::Older {
            found: version,
            supported: VERSION,
        });
    }
    if length > MAX_PAYLOAD {
        return Err(FormatError::TooLarge(length));
    }
    let expected = HEADER_LEN as u64 + length;
    if file_len < expected {
        return Err(FormatError::Truncated {
            expected,
            found: file_len,
        });
    }
    if file_len > expected {
        return Err(FormatError::TrailingBytes(file_len - expected));
    }
    Ok(length)
}

/// The payload of a whole file, after every check.
pub fn unwrap(bytes: &[u8]) -> Result<&[u8], FormatError> {
    let header = &bytes[..bytes.len().min(HEADER_LEN)];
    check_header(header, bytes.len() as u64)?;
    let payload = &bytes[HEADER_LEN..];
    let stored = &bytes[MAGIC.len() + 12..HEADER_LEN];
    if u64::from_le_bytes(stored.try_into().unwrap_or_default()) != checksum(payload) {
        return Err(FormatError::Corrupt);
    }
    Ok(payload)
}
