//! The output: a result as JSON or text, or one field of it (`--query`).

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

/// Prints the result, or the field `--query` names; nothing for an empty
/// result, like the AWS CLI.
pub(crate) fn print(cli: &Cli, value: &Value) -> Result<(), Failure> {
    let value = match &cli.query {
        Some(query) => select(value, query)?,
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

/// The field at the dotted path `query` (`KeyMetadata.KeyId`).
fn select<'a>(mut value: &'a Value, query: &str) -> Result<&'a Value, Failure> {
    for field in query.split('.') {
        value = value
            .get(field)
            .ok_or_else(|| Failure(format!("the result has no field {query}")))?;
    }
    Ok(value)
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
