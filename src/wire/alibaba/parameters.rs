//! The flat parameters of an RPC request, to and from the request shapes.
//!
//! An action's parameters travel as name–value strings (in the query, or a
//! form body), whatever their type: numbers as decimal text, booleans as
//! `true`/`false` (the Python SDKs send `True`/`False`), structured values
//! (tags, an encryption context) as a JSON string. The request shapes read
//! them with [`from_parameters`] and write them with [`to_parameters`].

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Reads a request shape from an action's parameters (query and form
/// pairs together). Parameters the shape does not name (`Action`,
/// `Signature`, …) are ignored; a name given twice keeps its last value.
///
/// ```
/// use polykms::wire::alibaba::{ScheduleKeyDeletionRequest, from_parameters};
///
/// let pairs = [("Action".to_string(), "ScheduleKeyDeletion".to_string()),
///              ("KeyId".to_string(), "alias/app".to_string()),
///              ("PendingWindowInDays".to_string(), "7".to_string())];
/// let request: ScheduleKeyDeletionRequest = from_parameters(&pairs).unwrap();
/// assert_eq!(request.key_id.as_deref(), Some("alias/app"));
/// assert_eq!(request.pending_window_in_days, Some(7));
/// ```
pub fn from_parameters<T: DeserializeOwned>(
    parameters: &[(String, String)],
) -> Result<T, serde_json::Error> {
    let object: Map<String, Value> = parameters
        .iter()
        .map(|(name, value)| (name.clone(), Value::String(value.clone())))
        .collect();
    serde_json::from_value(Value::Object(object))
}

/// Writes a request shape as an action's parameters, sorted by name;
/// absent (`None`) fields are left out.
///
/// ```
/// use polykms::wire::alibaba::{ListKeysRequest, to_parameters};
///
/// let mut request = ListKeysRequest::default();
/// request.page_number = Some(2);
/// assert_eq!(to_parameters(&request), [("PageNumber".to_string(), "2".to_string())]);
/// ```
pub fn to_parameters<T: Serialize>(request: &T) -> Vec<(String, String)> {
    let mut parameters: Vec<(String, String)> = match serde_json::to_value(request) {
        Ok(Value::Object(object)) => object
            .into_iter()
            .filter_map(|(name, value)| parameter_text(value).map(|text| (name, text)))
            .collect(),
        _ => Vec::new(),
    };
    parameters.sort();
    parameters
}

/// A value as parameter text; `None` for `null`.
fn parameter_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        structured => Some(structured.to_string()),
    }
}

/// Deserializers that take a parameter's text or a JSON value alike.
pub(super) mod lenient {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    /// An optional integer: a JSON number or its decimal text.
    pub(in crate::wire::alibaba) fn option_int<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<i64>, D::Error> {
        match Option::<Value>::deserialize(deserializer)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("{n} is not an integer"))),
            Some(Value::String(text)) => text
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| D::Error::custom(format!("{text:?} is not an integer"))),
            Some(other) => Err(D::Error::custom(format!("{other} is not an integer"))),
        }
    }

    /// An optional boolean: a JSON boolean, or `true`/`false` in any case.
    pub(in crate::wire::alibaba) fn option_bool<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<bool>, D::Error> {
        match Option::<Value>::deserialize(deserializer)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(flag)) => Ok(Some(flag)),
            Some(Value::String(text)) if text.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(Value::String(text)) if text.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(other) => Err(D::Error::custom(format!("{other} is not true or false"))),
        }
    }
}
