//! How Huawei Cloud's REST APIs write values on the wire: percent-encoding
//! as `SDK-HMAC-SHA256` canonicalizes paths and queries, the `X-Sdk-Date`
//! time format, and lower-case hex.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::clock::{civil_from_days, days_from_civil};

/// Percent-encodes `text` as the SDK's signer does (Python's
/// `quote(text, safe='~')`): every byte of the UTF-8 form except
/// `A–Z a–z 0–9 - _ . ~` as `%XX` (upper-case hex), so `/` is `%2F`, a
/// space `%20` and `+` `%2B`.
///
/// ```
/// use polykms::wire::huawei::percent_encode;
///
/// assert_eq!(percent_encode("alias/a b+c~é"), "alias%2Fa%20b%2Bc~%C3%A9");
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

/// Decodes `%XX` escapes as Python's `unquote` does: an escape that is not
/// `%` and two hex digits stays as it is, `+` stays a `+`, and bytes that
/// are not UTF-8 become U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let raw = text.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%'
            && let Some(byte) = raw.get(i + 1..i + 3).and_then(hex_byte)
        {
            bytes.push(byte);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The byte two ASCII hex digits spell.
fn hex_byte(digits: &[u8]) -> Option<u8> {
    let high = char::from(digits[0]).to_digit(16)?;
    let low = char::from(digits[1]).to_digit(16)?;
    u8::try_from(high * 16 + low).ok()
}

/// The query string the SDK sends and signs: the pairs sorted by name,
/// then by value (as given, before encoding), each `name=value` with both
/// [percent-encoded](percent_encode), joined by `&`. A name may repeat.
///
/// ```
/// use polykms::wire::huawei::canonical_query;
///
/// let query = [("marker".to_string(), "a b".to_string()), ("limit".to_string(), "10".to_string()), ("limit".to_string(), "1".to_string())];
/// assert_eq!(canonical_query(&query), "limit=1&limit=10&marker=a%20b");
/// ```
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = query.iter().collect();
    sorted.sort();
    let pairs: Vec<String> = sorted
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect();
    pairs.join("&")
}

/// The canonical URI of a path as sent: the path
/// [decoded](percent_decode), split at `/`, each segment
/// [encoded](percent_encode) again, joined by `/`, and always ending in
/// `/` (so `/v1.0/p/kms/create-key` and `/v1.0/p/kms/create-key/` sign the
/// same).
///
/// ```
/// use polykms::wire::huawei::canonical_uri;
///
/// assert_eq!(canonical_uri("/v1.0/p1/kms/create-key"), "/v1.0/p1/kms/create-key/");
/// assert_eq!(canonical_uri("/v1.0/p1/kms/k/tags/a%20b"), "/v1.0/p1/kms/k/tags/a%20b/");
/// ```
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode(path);
    let segments: Vec<String> = decoded.split('/').map(percent_encode).collect();
    let mut uri = segments.join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Formats a time as `X-Sdk-Date` carries it: `YYYYMMDDTHHMMSSZ` in UTC
/// (fractions of a second dropped; a time before 1970 as 1970).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use polykms::wire::huawei::{format_sdk_date, parse_sdk_date};
///
/// let at = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
/// assert_eq!(format_sdk_date(at), "20240501T120000Z");
/// assert_eq!(parse_sdk_date("20240501T120000Z"), Some(at));
/// assert_eq!(parse_sdk_date("2024-05-01T12:00:00Z"), None);
/// ```
pub fn format_sdk_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (rest / 3_600, rest % 3_600 / 60, rest % 60);
    format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
}

/// Parses an `X-Sdk-Date` value, `YYYYMMDDTHHMMSSZ`; `None` for anything
/// else.
pub fn parse_sdk_date(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u64> {
        let part = &text[range];
        part.bytes()
            .all(|d| d.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hour, minute, second) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day)? * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Lower-case hex, as Huawei writes hashes, signatures, data keys and
/// random bytes.
///
/// ```
/// use polykms::wire::huawei::{hex_decode, hex_encode};
///
/// assert_eq!(hex_encode(&[0x00, 0xab, 0xff]), "00abff");
/// assert_eq!(hex_decode("00ABff").unwrap(), [0x00, 0xab, 0xff]);
/// assert!(hex_decode("abc").is_none());
/// ```
pub fn hex_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Decodes hex of either case; `None` for an odd length or a character
/// that is not a hex digit.
pub fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let raw = text.as_bytes();
    if !raw.len().is_multiple_of(2) {
        return None;
    }
    raw.chunks(2).map(hex_byte).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_pythons_quote_with_tilde_safe() {
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(percent_encode(" *+/=&%?#"), "%20%2A%2B%2F%3D%26%25%3F%23");
        assert_eq!(percent_encode("密"), "%E5%AF%86");
    }

    #[test]
    fn decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode("a%2Fb+c%zz%4"), "a/b+c%zz%4");
        assert_eq!(percent_decode("%E5%AF%86"), "密");
        assert_eq!(percent_decode("%FF"), "\u{fffd}");
    }

    #[test]
    fn the_canonical_uri_reencodes_each_segment_and_ends_in_a_slash() {
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/v1.0/p/kms/"), "/v1.0/p/kms/");
        // An encoded slash splits a segment, as the SDK's unquote-then-split does.
        assert_eq!(canonical_uri("/a%2Fb"), "/a/b/");
        assert_eq!(canonical_uri("/a%7eb/c d"), "/a~b/c%20d/");
    }

    #[test]
    fn queries_sort_by_name_then_value_before_encoding() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(canonical_query(&[]), "");
        assert_eq!(
            canonical_query(&pairs(&[("b", "2"), ("a", "z"), ("a", "y"), ("A", "x")])),
            "A=x&a=y&a=z&b=2"
        );
        assert_eq!(canonical_query(&pairs(&[("k", "a/b c")])), "k=a%2Fb%20c");
    }

    #[test]
    fn sdk_dates_round_trip_and_refuse_other_forms() {
        for secs in [0, 951_782_400, 1_714_564_800, 4_102_444_799] {
            let at = UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(parse_sdk_date(&format_sdk_date(at)), Some(at));
        }
        for bad in [
            "20240501T120000",
            "20241301T120000Z",
            "2024050xT120000Z",
            "20240501 120000Z",
            "",
        ] {
            assert_eq!(parse_sdk_date(bad), None, "{bad}");
        }
    }
}
