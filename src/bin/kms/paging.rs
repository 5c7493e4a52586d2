//! Listings as the AWS CLI prints them: every page by default, `--max-items`
//! with a `NextToken` to resume from (`--starting-token`), `--page-size`
//! items a request, or one request's own response with `--no-paginate`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Map, Value, json};

use crate::cli::Paging;
use crate::{Failure, Fault, Outcome};

/// One response of a list operation, as JSON, and the marker of the next.
pub(crate) struct Page {
    /// The response shape (`Keys`, `NextMarker`, `Truncated`…).
    pub(crate) response: Value,
    /// Where the next page starts; `None` on the last.
    pub(crate) next_marker: Option<String>,
}

/// Where a listing resumes: the marker of a page and how many of its items
/// were already printed (the AWS CLI's `NextToken`, base64 JSON).
struct Resume {
    marker: Option<String>,
    skip: usize,
}

impl Resume {
    fn token(&self) -> String {
        let mut fields = Map::new();
        if let Some(marker) = &self.marker {
            fields.insert("Marker".into(), json!(marker));
        }
        if self.skip > 0 {
            fields.insert("boto_truncate_amount".into(), json!(self.skip));
        }
        B64.encode(Value::Object(fields).to_string())
    }

    fn parse(token: &str) -> Result<Self, Failure> {
        let bad = || Failure(format!("--starting-token: {token:?} is not a NextToken"));
        let bytes = B64.decode(token.trim()).map_err(|_| bad())?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        let marker = match value.get("Marker") {
            None | Some(Value::Null) => None,
            Some(Value::String(m)) => Some(m.clone()),
            Some(_) => return Err(bad()),
        };
        let skip = match value.get("boto_truncate_amount") {
            None => 0,
            Some(n) => n
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(bad)?,
        };
        Ok(Self { marker, skip })
    }
}

/// Runs a listing whose items are the array `result_key` of each response.
/// `fetch(marker, limit)` makes one request. `limit` and `marker` are the
/// operation's own `--limit` and `--marker`: as with the AWS CLI, giving
/// either turns pagination off, as `--no-paginate` does, and they make the
/// one request.
pub(crate) fn list(
    paging: &Paging,
    limit: Option<usize>,
    marker: Option<String>,
    result_key: &str,
    mut fetch: impl FnMut(Option<String>, Option<usize>) -> Result<Page, Fault>,
) -> Outcome {
    if paging.no_paginate || limit.is_some() || marker.is_some() {
        return Ok(fetch(marker, paging.page_size.or(limit))?.response);
    }
    if paging.max_items == Some(0) {
        return Err(Failure("--max-items: must be at least 1".into()).into());
    }
    let page_size = paging.page_size;
    let mut at = match &paging.starting_token {
        Some(token) => Resume::parse(token)?,
        None => Resume {
            marker: None,
            skip: 0,
        },
    };
    let mut items = Vec::new();
    let mut next_token = None;
    loop {
        let page = fetch(at.marker.clone(), page_size)?;
        let mut page_items = match page.response.get(result_key) {
            Some(Value::Array(list)) => list.clone(),
            _ => Vec::new(),
        };
        let fresh = page_items.split_off(at.skip.min(page_items.len()));
        let room = paging.max_items.map_or(usize::MAX, |max| max - items.len());
        if fresh.len() > room {
            items.extend(fresh.into_iter().take(room));
            next_token = Some(Resume {
                marker: at.marker,
                skip: at.skip + room,
            });
            break;
        }
        items.extend(fresh);
        let Some(next) = page.next_marker else {
            break;
        };
        at = Resume {
            marker: Some(next),
            skip: 0,
        };
        if paging.max_items == Some(items.len()) {
            next_token = Some(at);
            break;
        }
    }
    let mut result = Map::new();
    result.insert(result_key.into(), Value::Array(items));
    if let Some(token) = next_token {
        result.insert("NextToken".into(), json!(token.token()));
    }
    Ok(Value::Object(result))
}
