//! The shape tests' check against `alibabacloud_kms20160120`'s own models
//! (`tests/data/alibaba/GROUP-models.json`, made by `generate_models.py`):
//! each request the SDK sends reads into its shape and writes back as the
//! same parameters; each response body the SDK's model writes reads into
//! its shape and writes back as the same JSON, so a field the shape lacks,
//! misnames or types differently fails.

use std::collections::BTreeSet;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{from_parameters, to_parameters};

/// The models of one group of actions.
pub(super) struct Models(Value);

impl Models {
    /// The models in `text` (a `GROUP-models.json`).
    pub(super) fn parse(text: &str) -> Self {
        Self(serde_json::from_str(text).expect("a models file"))
    }

    fn entry(&self, list: &str, action: &str) -> &Value {
        let entries = self.0[list].as_array().expect(list);
        entries
            .iter()
            .find(|e| e["action"] == action)
            .unwrap_or_else(|| panic!("{action} is not in the models' {list}"))
    }

    /// The actions the models hold, in requests and in responses.
    pub(super) fn actions(&self) -> (BTreeSet<String>, BTreeSet<String>) {
        let names = |list: &str| -> BTreeSet<String> {
            self.0[list]
                .as_array()
                .expect(list)
                .iter()
                .map(|e| e["action"].as_str().expect("action").to_owned())
                .collect()
        };
        (names("requests"), names("responses"))
    }

    /// The parameters the SDK sends for `action`, query and form body
    /// together, sorted; the Python SDK writes booleans as `True` and
    /// `False`, the shapes as `true` and `false`.
    pub(super) fn parameters(&self, action: &str) -> Vec<(String, String)> {
        let entry = self.entry("requests", action);
        let mut pairs: Vec<(String, String)> =
            serde_json::from_value(entry["query"].clone()).expect("query");
        if let Some(form) = entry.get("form") {
            let form: Vec<(String, String)> = serde_json::from_value(form.clone()).expect("form");
            pairs.extend(form);
        }
        for (_, value) in &mut pairs {
            if value == "True" || value == "False" {
                *value = value.to_ascii_lowercase();
            }
        }
        pairs.sort();
        pairs
    }

    /// Reads the SDK's request for `action` into `T`, checks it writes back
    /// as the same parameters, and returns it.
    pub(super) fn request<T: DeserializeOwned + Serialize>(&self, action: &str) -> T {
        let pairs = self.parameters(action);
        let shape: T = from_parameters(&pairs).unwrap_or_else(|e| panic!("{action}: {e}"));
        assert_eq!(to_parameters(&shape), pairs, "{action}");
        shape
    }

    /// Reads the SDK's response body for `action` into `T`, checks it
    /// writes back as the same JSON, and returns it.
    pub(super) fn response<T: DeserializeOwned + Serialize>(&self, action: &str) -> T {
        let body = &self.entry("responses", action)["body"];
        let shape: T =
            serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{action}: {e}"));
        assert_eq!(&serde_json::to_value(&shape).unwrap(), body, "{action}");
        shape
    }

    /// Checks that `checked` names exactly the actions of the models, in
    /// both lists: no action of the group goes unchecked.
    pub(super) fn assert_all_checked(&self, checked: &[&str]) {
        let checked: BTreeSet<String> = checked.iter().map(|&a| a.to_owned()).collect();
        let (requests, responses) = self.actions();
        assert_eq!(requests, checked, "request models");
        assert_eq!(responses, checked, "response models");
    }
}
