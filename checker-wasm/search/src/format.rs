//! The bytes of the index files: LEB128 integers and length-prefixed UTF-8 strings, each file
//! starting with a four-byte tag. Written by [`crate::index`], read by [`crate::engine`].

use core::fmt;

pub const MANIFEST_TAG: &[u8; 4] = b"GSM1";
pub const TEXT_TAG: &[u8; 4] = b"GST1";
pub const POSTINGS_TAG: &[u8; 4] = b"GSP1";

/// A file that is not what the manifest promised (truncated, another build, not an index).
/// A static message: the browser build carries no formatting machinery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatError(pub &'static str);

impl FormatError {
    pub fn message(&self) -> &'static str {
        self.0
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "search index: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

#[derive(Debug, Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn new(tag: &[u8; 4]) -> Self {
        Self {
            bytes: tag.to_vec(),
        }
    }

    pub fn uint(&mut self, mut value: u64) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(low);
                return;
            }
            self.bytes.push(low | 0x80);
        }
    }

    pub fn str(&mut self, text: &str) {
        self.uint(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    pub fn raw(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }
}

#[derive(Debug, Clone)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader after `tag`, or an error naming `what` when the file does not start with it.
    pub fn new(bytes: &'a [u8], tag: &[u8; 4]) -> Result<Self, FormatError> {
        match bytes.strip_prefix(tag.as_slice()) {
            Some(rest) => Ok(Self { rest }),
            None => Err(FormatError("not a search index file of this kind")),
        }
    }

    /// A reader of untagged bytes (a postings block).
    pub fn from_bytes(rest: &'a [u8]) -> Self {
        Self { rest }
    }

    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    pub fn uint(&mut self) -> Result<u64, FormatError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self
                .rest
                .split_first()
                .ok_or(FormatError("truncated file"))?;
            self.rest = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(FormatError("integer too long"))
    }

    pub fn u32(&mut self) -> Result<u32, FormatError> {
        u32::try_from(self.uint()?).map_err(|_| FormatError("integer out of range"))
    }

    /// A count of items that each take at least one byte: never more than the bytes left, so a
    /// corrupt file cannot make a reader reserve memory for billions of items.
    pub fn count(&mut self) -> Result<usize, FormatError> {
        let count = self.uint()?;
        if count > self.rest.len() as u64 {
            return Err(FormatError("count larger than the file"));
        }
        Ok(count as usize)
    }

    pub fn bytes(&mut self, len: usize) -> Result<&'a [u8], FormatError> {
        if len > self.rest.len() {
            return Err(FormatError("truncated file"));
        }
        let (head, rest) = self.rest.split_at(len);
        self.rest = rest;
        Ok(head)
    }

    pub fn str(&mut self) -> Result<&'a str, FormatError> {
        let len = self.count()?;
        let bytes = self.bytes(len)?;
        core::str::from_utf8(bytes).map_err(|_| FormatError("string is not UTF-8"))
    }
}

/// FNV-1a, 64 bits: which postings shard holds a gram, and the build's hash in file names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The postings shard (of `shards`) that holds `gram`.
pub fn shard_of(gram: &str, shards: u32) -> u32 {
    (fnv1a(gram.as_bytes()) % u64::from(shards.max(1))) as u32
}

/// `t<index>.<build>.bin`: a text shard. The build's hash in the name lets a host cache shards
/// forever; only the manifest (`index.bin`) changes name-stably between builds.
pub fn text_file(index: u32, build: &str) -> String {
    shard_file('t', index, build)
}

/// `p<index>.<build>.bin`: a postings shard.
pub fn postings_file(index: u32, build: &str) -> String {
    shard_file('p', index, build)
}

fn shard_file(kind: char, index: u32, build: &str) -> String {
    let mut name = String::new();
    name.push(kind);
    push_decimal(&mut name, index);
    name.push('.');
    name.push_str(build);
    name.push_str(".bin");
    name
}

/// Reads a shard file name back: (kind, index, build).
pub fn parse_shard_file(name: &str) -> Option<(char, u32, &str)> {
    let name = name.strip_suffix(".bin")?;
    let mut chars = name.chars();
    let kind = chars.next()?;
    let (index, build) = chars.as_str().split_once('.')?;
    if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((kind, index.parse().ok()?, build))
}

/// Writes `n` in decimal without the formatting machinery (which would double the wasm).
pub fn push_decimal(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut len = 0;
    let mut rest = n;
    loop {
        if let Some(slot) = digits.get_mut(len) {
            *slot = b'0' + (rest % 10) as u8;
        }
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in digits.iter().take(len).rev() {
        out.push(char::from(digit));
    }
}

/// The build's hash as 16 lower-case hex digits.
pub fn hex(hash: u64) -> String {
    (0..16)
        .rev()
        .map(|i| {
            let nibble = ((hash >> (i * 4)) & 0xf) as u32;
            char::from_digit(nibble, 16).unwrap_or('0')
        })
        .collect()
}

pub const MANIFEST_FILE: &str = "index.bin";

/// Reads one gram's postings block back: (section, position) in increasing order.
pub fn decode_postings(block: &[u8]) -> Result<Vec<(u32, u32)>, FormatError> {
    let mut reader = Reader::from_bytes(block);
    let runs = reader.count()?;
    let mut postings = Vec::new();
    let mut section = 0u32;
    for _ in 0..runs {
        section = section
            .checked_add(reader.u32()?)
            .ok_or(FormatError("section out of range"))?;
        let count = reader.count()?;
        let mut position = 0u32;
        for _ in 0..count {
            position = position
                .checked_add(reader.u32()?)
                .ok_or(FormatError("position out of range"))?;
            postings.push((section, position));
        }
    }
    Ok(postings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_strings_round_trip() {
        let mut w = Writer::new(TEXT_TAG);
        for n in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            w.uint(n);
        }
        w.str("学信网 PDF");
        let mut r = Reader::new(&w.bytes, TEXT_TAG).expect("tag");
        for n in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.uint(), Ok(n));
        }
        assert_eq!(r.str(), Ok("学信网 PDF"));
        assert!(r.is_empty());
        assert!(r.uint().is_err());
        assert!(Reader::new(b"GSX1", TEXT_TAG).is_err());
        let mut huge =
            Reader::new(&[b'G', b'S', b'T', b'1', 0xff, 0xff, 0x03], TEXT_TAG).expect("tag");
        assert!(huge.count().is_err());
    }

    #[test]
    fn shard_names_round_trip() {
        let name = postings_file(1203, "00ff");
        assert_eq!(name, "p1203.00ff.bin");
        assert_eq!(parse_shard_file(&name), Some(('p', 1203, "00ff")));
        assert_eq!(text_file(0, "ab"), "t0.ab.bin");
        assert_eq!(parse_shard_file("t.ab.bin"), None);
        assert_eq!(parse_shard_file("index.bin"), None);
        assert_eq!(hex(0x0123_4567_89ab_cdef), "0123456789abcdef");
        let mut s = String::new();
        push_decimal(&mut s, u32::MAX);
        assert_eq!(s, u32::MAX.to_string());
    }
}
