//! The output: a result as JSON or text, or what the JMESPath expression of
//! `--query` selects from it, as the AWS CLI's.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::Failure;
use crate::cli::{Cli, Output};

/// A response shape as JSON.
pub(crate) fn render(shape: &impl Serialize) -> Value {
    serde_json::to_value(shape).expect("a response shape is JSON")
}

/// The result of an operation that returns nothing.
pub(crate) fn nothing() -> Value {
    Value::Object(Map::new())
}

/// `value` (an object) with the fields of `extra` (a shape serializing to
/// an object) added: what the tool shows beyond AWS's members.
pub(crate) fn with_fields(mut value: Value, extra: &impl Serialize) -> Value {
    if let (Value::Object(fields), Value::Object(more)) = (&mut value, render(extra)) {
        fields.extend(more);
    }
    value
}

/// `value` (an object) with `null` for each of `members` it leaves out:
/// where the tool has always shown a member, present or not.
pub(crate) fn with_nulls(mut value: Value, members: &[&str]) -> Value {
    if let Value::Object(fields) = &mut value {
        for member in members {
            fields.entry(*member).or_insert(Value::Null);
        }
    }
    value
}

/// Prints the result, or what `--query` selects from it; nothing for an
/// empty result, like the AWS CLI.
pub(crate) fn print(cli: &Cli, value: &Value) -> Result<(), Failure> {
    let mut dated = value.clone();
    dates(&mut dated);
    let value = &dated;
    let selected;
    let value = match &cli.query {
        Some(query) => {
            selected = select(value, query)?;
            &selected
        }
        None => value,
    };
    if value.as_object().is_some_and(|o| o.is_empty()) {
        return Ok(());
    }
    match cli.output {
        Output::Json => println!("{}", serde_json::to_string_pretty(value).expect("JSON")),
        Output::Text => println!("{}", text(value)),
    }
    Ok(())
}

/// What the JMESPath expression `query` selects from `value`
/// (`KeyMetadata.KeyId`, `Aliases[?TargetKeyId=='…'].AliasName`).
fn select(value: &Value, query: &str) -> Result<Value, Failure> {
    let expression = jmespath::compile(query)
        .map_err(|e| Failure(format!("--query: {query:?} is not JMESPath: {e}")))?;
    let found = expression
        .search(value)
        .map_err(|e| Failure(format!("--query {query:?}: {e}")))?;
    serde_json::to_value(&*found).map_err(|e| Failure(format!("--query {query:?}: {e}")))
}

/// Text output: strings as they are, objects as tab-separated values in
/// field order, arrays one element a line.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("\n"),
        Value::Object(map) => map.values().map(text).collect::<Vec<_>>().join("\t"),
        other => other.to_string(),
    }
}

/// The members AWS KMS's model types as timestamps.
const TIMESTAMPS: &[&str] = &[
    "CreationDate",
    "DeletionDate",
    "ValidTo",
    "ParametersValidTo",
    "RotationDate",
    "NextRotationDate",
    "OnDemandRotationStartDate",
    "Timestamp",
    "TrackingStartDate",
    "KeyCreationDate",
];

/// Every timestamp member (epoch seconds on the wire) as the AWS CLI v2
/// prints it: ISO 8601 with the offset, microseconds when there are any
/// (`2024-05-01T12:00:00.123000+00:00`).
fn dates(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                match field.as_f64() {
                    Some(seconds) if TIMESTAMPS.contains(&name.as_str()) => {
                        if let Some(text) = iso8601(seconds) {
                            *field = Value::String(text);
                        }
                    }
                    _ => dates(field),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(dates),
        _ => {}
    }
}

fn iso8601(seconds: f64) -> Option<String> {
    let micros = (seconds * 1e6).round() as i128;
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(micros * 1000).ok()?;
    let mut text = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    if at.microsecond() != 0 {
        text.push_str(&format!(".{:06}", at.microsecond()));
    }
    text.push_str("+00:00");
    Some(text)
}
