//! How Alibaba Cloud's RPC API writes values on the wire: percent-encoding
//! (RFC 3986, as both signature versions canonicalize), query strings and
//! form bodies, and ISO 8601 timestamps.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::clock::{civil_from_days, days_from_civil};

/// Percent-encodes `text` the way both of Alibaba's signature versions
/// canonicalize names and values: RFC 3986, every byte of the UTF-8 form
/// except the unreserved `A–Z a–z 0–9 - _ . ~` as `%XX` (upper-case hex), so
/// a space is `%20` (never `+`), `*` is `%2A` and `~` stays as it is.
///
/// ```
/// use polykms::wire::alibaba::percent_encode;
///
/// assert_eq!(percent_encode("a b*c~d/é"), "a%20b%2Ac~d%2F%C3%A9");
/// ```
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A query string or form body that is not well-formed: a `%` not followed
/// by two hex digits, or a name or value that is not UTF-8 once decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed query string or form body: {reason}")]
pub struct MalformedQuery {
    /// What is wrong.
    pub reason: String,
}

/// Decodes a query string (without the `?`) or an
/// `application/x-www-form-urlencoded` body into its name–value pairs, in
/// order: `+` is a space, `%XX` a byte, a pair without `=` has an empty
/// value, empty pairs (`a=1&&b=2`) are skipped.
///
/// The SDKs encode differently on the wire (the V3 SDK writes a space as
/// `+`, the V1 SDK as `%20`); a server decodes with this and lets the
/// signature code re-encode canonically.
///
/// ```
/// use polykms::wire::alibaba::parse_query;
///
/// let pairs = parse_query("KeyId=alias%2Fmy+key&Empty&X=%E5%AF%86").unwrap();
/// assert_eq!(pairs, [("KeyId".into(), "alias/my key".into()), ("Empty".into(), String::new()), ("X".into(), "密".into())]);
/// assert!(parse_query("a=%4").is_err());
/// ```
pub fn parse_query(raw: &str) -> Result<Vec<(String, String)>, MalformedQuery> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((form_decode(name)?, form_decode(value)?))
        })
        .collect()
}

/// Encodes pairs as a query string, each name and value with
/// [`percent_encode`] (a form body can use it too).
pub fn query_string(pairs: &[(String, String)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect();
    encoded.join("&")
}

/// Decodes one name or value of a query string or form body.
fn form_decode(text: &str) -> Result<String, MalformedQuery> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = rest
                    .get(..2)
                    .and_then(hex_byte)
                    .ok_or_else(|| MalformedQuery {
                        reason: format!("bad percent-escape in {text:?}"),
                    })?;
                bytes.push(hex);
                rest = &rest[2..];
            }
            _ => bytes.push(byte),
        }
    }
    String::from_utf8(bytes).map_err(|_| MalformedQuery {
        reason: format!("{text:?} does not decode to UTF-8"),
    })
}

/// The byte two ASCII hex digits spell.
fn hex_byte(digits: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(digits).ok()?;
    if !text.bytes().all(|d| d.is_ascii_hexdigit()) {
        return None;
    }
    u8::from_str_radix(text, 16).ok()
}

/// Lower-case hex, as the V3 signature writes hashes and signatures.
pub(super) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Formats a time as Alibaba writes `Timestamp` and `x-acs-date`: ISO 8601
/// in UTC to the second, `YYYY-MM-DDThh:mm:ssZ` (fractions of a second are
/// dropped; a time before 1970 is written as 1970-01-01T00:00:00Z).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use polykms::wire::alibaba::{format_timestamp, parse_timestamp};
///
/// let at = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
/// assert_eq!(format_timestamp(at), "2024-05-01T12:00:00Z");
/// assert_eq!(parse_timestamp("2024-05-01T12:00:00Z"), Some(at));
/// ```
pub fn format_timestamp(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (rest / 3_600, rest % 3_600 / 60, rest % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

/// Parses an ISO 8601 UTC time as Alibaba's SDKs write it,
/// `YYYY-MM-DDThh:mm:ssZ`, also with a fraction of a second
/// (`…:ss.SSSZ`, which some SDKs send); `None` for anything else.
pub fn parse_timestamp(text: &str) -> Option<SystemTime> {
    let body = text.strip_suffix('Z')?;
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let b = whole.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let nanos = parse_fraction(fraction)?;
    let num = |range: std::ops::Range<usize>| digits(&whole[range]);
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day)? * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::new(seconds, nanos))
}

/// The value of a string of ASCII digits.
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|d| d.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Nanoseconds of a fraction of a second (`""` is zero; at most 9 digits).
fn parse_fraction(fraction: &str) -> Option<u32> {
    if fraction.is_empty() {
        return Some(0);
    }
    if fraction.len() > 9 {
        return None;
    }
    let value = u32::try_from(digits(fraction)?).ok()?;
    Some(value * 10u32.pow(9 - fraction.len() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_follows_rfc_3986() {
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(percent_encode(" *+/=&%"), "%20%2A%2B%2F%3D%26%25");
        assert_eq!(percent_encode("中"), "%E4%B8%AD");
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn queries_decode_plus_and_percent_and_round_trip() {
        let pairs = parse_query("a=1+2&b=%2B&c&=v&&d=%7e").unwrap();
        let expected = [("a", "1 2"), ("b", "+"), ("c", ""), ("", "v"), ("d", "~")];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(pairs, expected);
        assert_eq!(parse_query(&query_string(&pairs)).unwrap(), pairs);
        assert!(parse_query("a=%zz").is_err());
        assert!(parse_query("a=%ff").is_err(), "not UTF-8");
        assert!(parse_query("a=%").is_err());
    }

    #[test]
    fn timestamps_round_trip_over_the_calendar() {
        for secs in [
            0,
            59,
            951_782_400,
            1_709_208_000,
            1_714_564_800,
            4_102_444_799,
        ] {
            let at = UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(parse_timestamp(&format_timestamp(at)), Some(at), "{secs}");
        }
        // 2000-02-29 and 2024-02-29: leap days.
        assert_eq!(
            format_timestamp(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            format_timestamp(UNIX_EPOCH + Duration::from_secs(1_709_208_000)),
            "2024-02-29T12:00:00Z"
        );
    }

    #[test]
    fn timestamps_take_fractions_and_refuse_other_forms() {
        let at = UNIX_EPOCH + Duration::from_millis(1_714_564_800_250);
        assert_eq!(parse_timestamp("2024-05-01T12:00:00.25Z"), Some(at));
        for bad in [
            "2024-05-01T12:00:00",
            "2024-05-01 12:00:00Z",
            "2024-13-01T12:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:00:00.Z0",
            "2024-05-01T12:00:00+08:00",
            "20240501T120000Z",
            "2024-05-01T12:0a:00Z",
            "1969-12-31T23:59:59Z",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }
}
