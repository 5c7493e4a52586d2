//! Reading the arguments: blobs (`fileb://PATH` or base64), names in any
//! vendor's spelling, encryption contexts and tags.

use std::collections::BTreeMap;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use polykms::{EncryptionContext, Error, Tag, Vocabulary};

use crate::Failure;

/// A blob argument `--NAME`: `fileb://PATH` (raw bytes) or base64.
pub(crate) fn blob(name: &str, arg: &str) -> Result<Vec<u8>, Failure> {
    if let Some(path) = arg.strip_prefix("fileb://") {
        return std::fs::read(path)
            .map_err(|e| Failure(format!("--{name}: cannot read {path}: {e}")));
    }
    B64.decode(arg.trim()).map_err(|_| {
        Failure(format!(
            "--{name}: not base64 (use fileb://PATH for a file)"
        ))
    })
}

/// A value of the vocabulary, in any vendor's spelling.
pub(crate) fn vocabulary<T: Vocabulary + FromStr<Err = Error>>(arg: &str) -> Result<T, Failure> {
    Ok(arg.parse::<T>()?)
}

/// An optional encryption context: `k=v,k2=v2` or a JSON object of strings.
pub(crate) fn context(arg: Option<&str>) -> Result<Option<EncryptionContext>, Failure> {
    match arg {
        None => Ok(None),
        Some(arg) if arg.trim_start().starts_with('{') => json_context(arg).map(Some),
        Some(arg) => pairs_context(arg).map(Some),
    }
}

fn json_context(arg: &str) -> Result<EncryptionContext, Failure> {
    let map: BTreeMap<String, String> = serde_json::from_str(arg).map_err(|e| {
        Failure(format!(
            "--encryption-context: not a JSON object of strings: {e}"
        ))
    })?;
    Ok(map.into_iter().collect())
}

fn pairs_context(arg: &str) -> Result<EncryptionContext, Failure> {
    let mut ctx = EncryptionContext::new();
    for pair in arg.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| Failure(format!("--encryption-context: {pair:?} is not key=value")))?;
        ctx.insert(k, v);
    }
    Ok(ctx)
}

/// Tags, each `TagKey=k,TagValue=v`.
pub(crate) fn tags(args: &[String]) -> Result<Vec<Tag>, Failure> {
    args.iter().map(String::as_str).map(tag).collect()
}

fn tag(arg: &str) -> Result<Tag, Failure> {
    let mut key = None;
    let mut value = String::new();
    for part in arg.split(',') {
        match part.split_once('=') {
            Some(("TagKey", k)) => key = Some(k.to_owned()),
            Some(("TagValue", v)) => value = v.to_owned(),
            _ => {
                return Err(Failure(format!(
                    "--tags: {arg:?} is not TagKey=k,TagValue=v"
                )));
            }
        }
    }
    let key = key.ok_or_else(|| Failure(format!("--tags: {arg:?} has no TagKey")))?;
    Ok(Tag::new(key, value))
}
