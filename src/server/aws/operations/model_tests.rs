//! The botocore KMS model (`tests/data/aws/kms-2014-11-01.json.gz`) walked
//! against the operation layer: the operations, every input member read,
//! every output member written (with the model's JSON type), the
//! constraints and required members enforced, `DryRun` answered.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::{Value, json};

use super::fixture::{Fixture, requests};
use super::{CallError, OPERATIONS};
use crate::wire::aws as wire;

/// The model.
fn model() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/aws/kms-2014-11-01.json.gz"
    );
    let file = std::fs::File::open(path).expect("the botocore KMS model");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A shape of the model by name.
fn shape<'m>(model: &'m Value, name: &str) -> &'m Value {
    &model["shapes"][name]
}

/// The members of the input (or output) structure of `operation`.
fn io_shape<'m>(model: &'m Value, operation: &str, io: &str) -> Option<&'m Value> {
    let name = model["operations"][operation][io]["shape"].as_str()?;
    Some(shape(model, name))
}

/// The member names of a structure shape.
fn members(structure: &Value) -> BTreeSet<String> {
    structure["members"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// A deserializer that records the fields a struct asks for and reads
/// nothing (serde introspection).
struct FieldRecorder<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> Deserializer<'de> for FieldRecorder<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(de::Error::custom("recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        enum identifier ignored_any
    }
}

/// The members a request shape reads.
fn fields<T: DeserializeOwned>() -> BTreeSet<String> {
    let mut recorded = None;
    let _ = T::deserialize(FieldRecorder(&mut recorded));
    let fields = recorded.expect("a struct");
    fields.iter().map(|f| (*f).to_owned()).collect()
}

/// The members the request shape of `operation` reads.
fn request_fields(operation: &str) -> BTreeSet<String> {
    use wire::*;
    match operation {
        "CreateKey" => fields::<CreateKeyRequest>(),
        "DescribeKey" => fields::<DescribeKeyRequest>(),
        "GetKeyLastUsage" => fields::<GetKeyLastUsageRequest>(),
        "ListKeys" => fields::<ListKeysRequest>(),
        "EnableKey" => fields::<EnableKeyRequest>(),
        "DisableKey" => fields::<DisableKeyRequest>(),
        "UpdateKeyDescription" => fields::<UpdateKeyDescriptionRequest>(),
        "ScheduleKeyDeletion" => fields::<ScheduleKeyDeletionRequest>(),
        "CancelKeyDeletion" => fields::<CancelKeyDeletionRequest>(),
        "CreateAlias" => fields::<CreateAliasRequest>(),
        "UpdateAlias" => fields::<UpdateAliasRequest>(),
        "DeleteAlias" => fields::<DeleteAliasRequest>(),
        "ListAliases" => fields::<ListAliasesRequest>(),
        "TagResource" => fields::<TagResourceRequest>(),
        "UntagResource" => fields::<UntagResourceRequest>(),
        "ListResourceTags" => fields::<ListResourceTagsRequest>(),
        "Encrypt" => fields::<EncryptRequest>(),
        "Decrypt" => fields::<DecryptRequest>(),
        "ReEncrypt" => fields::<ReEncryptRequest>(),
        "GenerateDataKey" => fields::<GenerateDataKeyRequest>(),
        "GenerateDataKeyWithoutPlaintext" => fields::<GenerateDataKeyWithoutPlaintextRequest>(),
        "GenerateDataKeyPair" => fields::<GenerateDataKeyPairRequest>(),
        "GenerateDataKeyPairWithoutPlaintext" => {
            fields::<GenerateDataKeyPairWithoutPlaintextRequest>()
        }
        "GenerateRandom" => fields::<GenerateRandomRequest>(),
        "Sign" => fields::<SignRequest>(),
        "Verify" => fields::<VerifyRequest>(),
        "GetPublicKey" => fields::<GetPublicKeyRequest>(),
        "DeriveSharedSecret" => fields::<DeriveSharedSecretRequest>(),
        "GenerateMac" => fields::<GenerateMacRequest>(),
        "VerifyMac" => fields::<VerifyMacRequest>(),
        "EnableKeyRotation" => fields::<EnableKeyRotationRequest>(),
        "DisableKeyRotation" => fields::<DisableKeyRotationRequest>(),
        "GetKeyRotationStatus" => fields::<GetKeyRotationStatusRequest>(),
        "ListKeyRotations" => fields::<ListKeyRotationsRequest>(),
        "RotateKeyOnDemand" => fields::<RotateKeyOnDemandRequest>(),
        "GetParametersForImport" => fields::<GetParametersForImportRequest>(),
        "ImportKeyMaterial" => fields::<ImportKeyMaterialRequest>(),
        "DeleteImportedKeyMaterial" => fields::<DeleteImportedKeyMaterialRequest>(),
        other => panic!("no request shape for {other}"),
    }
}

/// The operations served.
fn served() -> impl Iterator<Item = &'static str> {
    OPERATIONS.iter().filter(|(_, s)| *s).map(|(name, _)| *name)
}

#[test]
fn operations_are_the_models() {
    let model = model();
    let names: Vec<&str> = model["operations"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let ours: Vec<&str> = OPERATIONS.iter().map(|(name, _)| *name).collect();
    assert_eq!(ours, names);
    println!("{:<40} served", "operation");
    for (name, served) in OPERATIONS {
        println!("{name:<40} {}", if *served { "yes" } else { "no" });
    }
    let count = served().count();
    println!("{count} of {} served", OPERATIONS.len());
    assert!(count >= 36, "{count}");
    // Served means served: no served operation answers NotServed, and
    // every other one does.
    let f = Fixture::new();
    for (name, served) in OPERATIONS {
        match (served, f.call(name, &json!({}))) {
            (true, Err(CallError::NotServed(_) | CallError::Unknown(_))) => panic!("{name}"),
            (false, Err(CallError::NotServed(op))) => assert_eq!(&op, name),
            (false, other) => panic!("{name}: {other:?}"),
            (true, _) => {}
        }
    }
}

#[test]
fn every_input_member_is_read() {
    let model = model();
    for operation in served() {
        let input = io_shape(&model, operation, "input").unwrap();
        let expected = members(input);
        let read = request_fields(operation);
        let missing: Vec<_> = expected.difference(&read).collect();
        let extra: Vec<_> = read.difference(&expected).collect();
        assert!(missing.is_empty(), "{operation} does not read {missing:?}");
        assert!(
            extra.is_empty(),
            "{operation} reads {extra:?}, not in the model"
        );
    }
    let extension = fields::<wire::SetMinimumDecryptionVersionRequest>();
    assert_eq!(
        extension,
        ["KeyId", "MinimumVersion"].map(String::from).into()
    );
    let extension = fields::<wire::ImportPublicKeyRequest>();
    assert_eq!(extension, ["KeyId", "PublicKey"].map(String::from).into());
}

/// Output members no answer writes, each with the reason.
const NEVER_WRITTEN: &[(&str, &str)] = &[
    ("KeyLastUsageData.CloudTrailEventId", "no CloudTrail"),
    (
        "KeyLastUsageData.KmsRequestId",
        "the local providers note the operation and its time, not the request",
    ),
    ("KeyMetadata.CustomKeyStoreId", "no custom key stores"),
    ("KeyMetadata.CloudHsmClusterId", "no custom key stores"),
    (
        "KeyMetadata.MultiRegionConfiguration",
        "no multi-Region keys",
    ),
    ("KeyMetadata.XksKeyConfiguration", "no external key stores"),
    (
        "KeyMetadata.CurrentKeyMaterialId",
        "key material has no ids",
    ),
    (
        "DecryptResponse.CiphertextForRecipient",
        "no Recipient (refused)",
    ),
    (
        "DeriveSharedSecretResponse.CiphertextForRecipient",
        "no Recipient (refused)",
    ),
    ("DecryptResponse.KeyMaterialId", "key material has no ids"),
    (
        "ReEncryptResponse.SourceKeyMaterialId",
        "key material has no ids",
    ),
    (
        "ReEncryptResponse.DestinationKeyMaterialId",
        "key material has no ids",
    ),
    (
        "GenerateDataKeyResponse.CiphertextForRecipient",
        "no Recipient (refused)",
    ),
    (
        "GenerateDataKeyResponse.KeyMaterialId",
        "key material has no ids",
    ),
    (
        "GenerateDataKeyWithoutPlaintextResponse.KeyMaterialId",
        "key material has no ids",
    ),
    (
        "GenerateDataKeyPairResponse.CiphertextForRecipient",
        "no Recipient (refused)",
    ),
    (
        "GenerateDataKeyPairResponse.KeyMaterialId",
        "key material has no ids",
    ),
    (
        "GenerateDataKeyPairWithoutPlaintextResponse.KeyMaterialId",
        "key material has no ids",
    ),
    (
        "GenerateRandomResponse.CiphertextForRecipient",
        "no Recipient (refused)",
    ),
    (
        "GetKeyRotationStatusResponse.OnDemandRotationStartDate",
        "rotations happen at once",
    ),
    (
        "RotationsListEntry.KeyMaterialId",
        "key material has no ids",
    ),
    (
        "RotationsListEntry.KeyMaterialDescription",
        "key material has no descriptions",
    ),
    (
        "RotationsListEntry.ImportState",
        "rotation is for generated material",
    ),
    (
        "RotationsListEntry.KeyMaterialState",
        "rotations are listed, not materials",
    ),
    (
        "RotationsListEntry.ExpirationModel",
        "rotation is for generated material",
    ),
    (
        "RotationsListEntry.ValidTo",
        "rotation is for generated material",
    ),
    (
        "ImportKeyMaterialResponse.KeyMaterialId",
        "key material has no ids",
    ),
    (
        "DeleteImportedKeyMaterialResponse.KeyMaterialId",
        "key material has no ids",
    ),
];

/// What a walk of the answers against the model found.
#[derive(Default)]
struct Walk {
    /// `Structure.Member` for every member written at least once.
    written: BTreeSet<String>,
    /// The structures written at least once.
    structures: BTreeSet<String>,
    problems: Vec<String>,
}

impl Walk {
    /// Checks `value` against the shape `name`, at `path`.
    fn value(&mut self, model: &Value, name: &str, value: &Value, path: &str) {
        let s = shape(model, name);
        let ok = match s["type"].as_str().unwrap() {
            "structure" => return self.structure(model, name, value, path),
            "list" => return self.list(model, s, value, path),
            "map" => value
                .as_object()
                .is_some_and(|m| m.values().all(Value::is_string)),
            "string" => value.as_str().is_some_and(|v| enum_allows(s, v)),
            "blob" => value.as_str().is_some_and(|v| STANDARD.decode(v).is_ok()),
            "timestamp" => value.is_number(),
            "boolean" => value.is_boolean(),
            "integer" | "long" => value.is_i64(),
            other => panic!("shape type {other}"),
        };
        if !ok {
            self.problems
                .push(format!("{path}: {value} is not a {name}"));
        }
    }

    fn list(&mut self, model: &Value, s: &Value, value: &Value, path: &str) {
        let member = s["member"]["shape"].as_str().unwrap();
        match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(model, member, item, &format!("{path}[{i}]"));
                }
            }
            None => self.problems.push(format!("{path}: {value} is not a list")),
        }
    }

    fn structure(&mut self, model: &Value, name: &str, value: &Value, path: &str) {
        let s = shape(model, name);
        let Some(object) = value.as_object() else {
            return self
                .problems
                .push(format!("{path}: {value} is not a {name}"));
        };
        self.structures.insert(name.to_owned());
        for required in s["required"].as_array().into_iter().flatten() {
            let required = required.as_str().unwrap();
            if !object.contains_key(required) {
                self.problems
                    .push(format!("{path}: required {required} missing"));
            }
        }
        for (member, item) in object {
            let Some(target) = s["members"][member]["shape"].as_str() else {
                self.problems
                    .push(format!("{path}.{member} is not in {name}"));
                continue;
            };
            self.written.insert(format!("{name}.{member}"));
            self.value(model, target, item, &format!("{path}.{member}"));
        }
    }
}

/// Whether a string shape's enumeration (if any) has `value`.
fn enum_allows(s: &Value, value: &str) -> bool {
    s["enum"]
        .as_array()
        .is_none_or(|values| values.iter().any(|v| v == value))
}

#[test]
fn every_answer_writes_the_models_output() {
    let model = model();
    let f = Fixture::new();
    let requests = requests(&f);
    let mut walk = Walk::default();
    for (operation, body) in &requests {
        let answer = f
            .call(operation, body)
            .unwrap_or_else(|e| panic!("{operation} {body}: {e:?}"));
        if operation.starts_with("PolyKms.") {
            assert!(
                answer["KeyId"]
                    .as_str()
                    .unwrap()
                    .starts_with("arn:aws:kms:")
            );
            continue;
        }
        match io_shape(&model, operation, "output") {
            Some(_) => {
                let name = model["operations"][operation]["output"]["shape"]
                    .as_str()
                    .unwrap();
                walk.value(&model, name, &answer, operation);
            }
            None => assert_eq!(answer, json!({}), "{operation}"),
        }
    }
    assert!(walk.problems.is_empty(), "{:#?}", walk.problems);
    let asked: BTreeSet<&str> = requests.iter().map(|(op, _)| *op).collect();
    for operation in served() {
        assert!(asked.contains(operation), "no request for {operation}");
    }
    check_never_written(&model, &walk);
}

/// Every member of a structure written is written by some answer, or is in
/// [`NEVER_WRITTEN`] (and then is not).
fn check_never_written(model: &Value, walk: &Walk) {
    let allowed: BTreeMap<&str, &str> = NEVER_WRITTEN.iter().copied().collect();
    for structure in &walk.structures {
        for member in members(shape(model, structure)) {
            let name = format!("{structure}.{member}");
            let written = walk.written.contains(&name);
            match (written, allowed.get(name.as_str())) {
                (true, Some(reason)) => panic!("{name} is written, yet listed: {reason}"),
                (false, None) => panic!("{name} is never written and not listed"),
                _ => {}
            }
        }
    }
    for (name, _) in NEVER_WRITTEN {
        let structure = name.split('.').next().unwrap();
        assert!(
            walk.structures.contains(structure),
            "{name}: {structure} never written"
        );
    }
}

/// A value breaking the constraints of `s` (too short, too long, too small
/// or too large), for each the shape has.
fn breaking(s: &Value) -> Vec<Value> {
    let (min, max) = (s["min"].as_i64(), s["max"].as_i64());
    let text = |n: i64| "k".repeat(usize::try_from(n).unwrap());
    let blob = |n: i64| super::fixture::b64(&vec![1; usize::try_from(n).unwrap()]);
    let mut values = Vec::new();
    match s["type"].as_str().unwrap() {
        "string" => {
            values.extend(min.filter(|m| *m > 0).map(|m| json!(text(m - 1))));
            values.extend(max.map(|m| json!(text(m + 1))));
        }
        "blob" => {
            values.extend(min.filter(|m| *m > 0).map(|m| json!(blob(m - 1))));
            values.extend(max.map(|m| json!(blob(m + 1))));
        }
        "integer" => {
            values.extend(min.map(|m| json!(m - 1)));
            values.extend(max.map(|m| json!(m + 1)));
        }
        "list" => values.extend(max.map(|m| json!(vec!["t"; usize::try_from(m + 1).unwrap()]))),
        _ => {}
    }
    values
}

#[test]
fn the_models_constraints_and_required_members_are_enforced() {
    let model = model();
    let f = Fixture::new();
    let requests = requests(&f);
    let mut checked = 0;
    for operation in served() {
        let (_, valid) = requests.iter().find(|(op, _)| *op == operation).unwrap();
        let input = io_shape(&model, operation, "input").unwrap();
        for (member, target) in input["members"].as_object().unwrap() {
            let s = shape(&model, target["shape"].as_str().unwrap());
            for bad in breaking(s) {
                let mut body = valid.clone();
                body[member] = bad;
                let answer = f.call(operation, &body);
                assert!(
                    matches!(answer, Err(CallError::Invalid(_))),
                    "{operation}.{member}: {answer:?}"
                );
                checked += 1;
            }
        }
        for required in input["required"].as_array().into_iter().flatten() {
            let mut body = valid.clone();
            body.as_object_mut()
                .unwrap()
                .remove(required.as_str().unwrap());
            let answer = f.call(operation, &body);
            assert!(
                matches!(answer, Err(CallError::Invalid(_))),
                "{operation} without {required}: {answer:?}"
            );
            checked += 1;
        }
    }
    println!("{checked} broken requests refused");
}

#[test]
fn dry_runs_answer_dry_run_where_the_model_has_them() {
    let model = model();
    let f = Fixture::new();
    let requests = requests(&f);
    let mut dry = 0;
    for (operation, body) in &requests {
        let has_dry_run = io_shape(&model, operation, "input")
            .is_some_and(|input| input["members"].get("DryRun").is_some());
        if !has_dry_run {
            continue;
        }
        let mut body = body.clone();
        body["DryRun"] = json!(true);
        let answer = f.call(operation, &body);
        assert!(
            matches!(answer, Err(CallError::DryRun)),
            "{operation}: {answer:?}"
        );
        dry += 1;
    }
    assert!(dry >= 12, "{dry}");
}
