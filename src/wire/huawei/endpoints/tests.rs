//! The endpoint table and every shape against `huaweicloudsdkkms`'s own
//! client and models (`tests/data/huawei/models.json`, made by
//! `generate_models.py`): each endpoint has the SDK's method, path and
//! query parameters; each body and answer the SDK writes, with every field
//! of its model (and of the models nested in it) set, reads into the
//! crate's shape and writes back as the same JSON, so every field name and
//! JSON type agrees.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::*;
use crate::wire::huawei::*;

fn models() -> Value {
    serde_json::from_str(include_str!("../../../../tests/data/huawei/models.json"))
        .expect("models.json")
}

fn sdk_endpoint<'a>(models: &'a Value, name: &str) -> &'a Value {
    models["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not in models.json"))
}

/// Reads the SDK's sample of `model` into `T` and checks that it writes
/// back as the same JSON.
fn round_trip<T: DeserializeOwned + Serialize>(models: &Value, model: &str, shape: &str) {
    let sample = &models["samples"][model];
    assert!(sample.is_object(), "no sample of {model}");
    let read: T = serde_json::from_value(sample.clone())
        .unwrap_or_else(|e| panic!("{shape} does not read the SDK's {model}: {e}"));
    let written = serde_json::to_value(&read).unwrap();
    assert_eq!(&written, sample, "{shape} against the SDK's {model}");
}

macro_rules! check {
    ($models:expr, $name:literal, None, $response:ident) => {{
        let sdk = sdk_endpoint($models, $name);
        let ours = Endpoint::named($name).unwrap();
        assert!(
            sdk["request_body"].is_null(),
            "{}: the SDK sends a body",
            $name
        );
        assert_eq!(ours.request, None, "{}", $name);
        assert_eq!(ours.response, stringify!($response), "{}", $name);
        round_trip::<$response>(
            $models,
            sdk["response"].as_str().unwrap(),
            stringify!($response),
        );
    }};
    ($models:expr, $name:literal, Some($request:ident), $response:ident) => {{
        let sdk = sdk_endpoint($models, $name);
        let ours = Endpoint::named($name).unwrap();
        assert_eq!(ours.request, Some(stringify!($request)), "{}", $name);
        assert_eq!(ours.response, stringify!($response), "{}", $name);
        round_trip::<$request>(
            $models,
            sdk["request_body"].as_str().unwrap(),
            stringify!($request),
        );
        round_trip::<$response>(
            $models,
            sdk["response"].as_str().unwrap(),
            stringify!($response),
        );
    }};
}

#[test]
fn the_table_has_the_sdks_endpoints() {
    let models = models();
    let sdk = models["endpoints"].as_array().unwrap();
    assert_eq!(sdk.len(), ENDPOINTS.len());
    for endpoint in sdk {
        let name = endpoint["name"].as_str().unwrap();
        let ours = Endpoint::named(name).unwrap_or_else(|| panic!("{name} is not in ENDPOINTS"));
        assert_eq!(ours.method, endpoint["method"], "{name}");
        assert_eq!(ours.path, endpoint["path"], "{name}");
        let query: Vec<&str> = endpoint["query_params"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["name"].as_str().unwrap())
            .collect();
        assert_eq!(ours.query, query, "{name}");
    }
}

#[test]
fn routes_find_each_endpoint_from_its_own_path() {
    for endpoint in ENDPOINTS {
        let params = [("project_id", "p-1"), ("key_id", "k-1"), ("key", "a b/c")];
        let path = endpoint.path_for(&params).unwrap();
        let found = route(endpoint.method, &path).unwrap_or_else(|| panic!("{path}"));
        assert_eq!(found.endpoint, endpoint, "{path}");
        assert_eq!(found.project_id(), "p-1");
        for (name, value) in &found.params {
            assert_eq!(
                params.iter().find(|(n, _)| n == name).unwrap().1,
                value,
                "{path}"
            );
        }
        let other = if endpoint.method == "GET" {
            "PUT"
        } else {
            "GET"
        };
        assert!(
            route(other, &path).is_none_or(|r| r.endpoint != endpoint),
            "{path}"
        );
    }
    assert!(
        route("POST", "/v1.0//kms/create-key").is_none(),
        "an empty project"
    );
    assert!(route("POST", "/v1.1/p/kms/create-key").is_none());
}

#[test]
fn every_shape_reads_and_writes_what_the_sdk_does() {
    let m = &models();
    check!(m, "create-key", Some(CreateKeyRequest), CreateKeyResponse);
    check!(m, "describe-key", Some(KeyIdRequest), DescribeKeyResponse);
    check!(m, "list-keys", Some(ListKeysRequest), ListKeysResponse);
    check!(m, "enable-key", Some(KeyIdRequest), EnableKeyResponse);
    check!(m, "disable-key", Some(KeyIdRequest), DisableKeyResponse);
    check!(
        m,
        "schedule-key-deletion",
        Some(ScheduleKeyDeletionRequest),
        ScheduleKeyDeletionResponse
    );
    check!(
        m,
        "cancel-key-deletion",
        Some(KeyIdRequest),
        CancelKeyDeletionResponse
    );
    check!(
        m,
        "update-key-alias",
        Some(UpdateKeyAliasRequest),
        UpdateKeyAliasResponse
    );
    check!(
        m,
        "update-key-description",
        Some(UpdateKeyDescriptionRequest),
        UpdateKeyDescriptionResponse
    );
    check!(
        m,
        "create-alias",
        Some(CreateAliasRequest),
        CreateAliasResponse
    );
    check!(m, "delete-alias", Some(DeleteAliasRequest), EmptyResponse);
    check!(m, "list-aliases", None, ListAliasesResponse);
    check!(
        m,
        "associate-alias",
        Some(AssociateAliasRequest),
        AssociateAliasResponse
    );
    check!(m, "create-tag", Some(CreateTagRequest), EmptyResponse);
    check!(m, "delete-tag", None, EmptyResponse);
    check!(m, "list-key-tags", None, KeyTagsResponse);
    check!(m, "batch-tags", Some(BatchTagsRequest), EmptyResponse);
    check!(m, "list-project-tags", None, ProjectTagsResponse);
    check!(
        m,
        "encrypt-data",
        Some(EncryptDataRequest),
        EncryptDataResponse
    );
    check!(
        m,
        "decrypt-data",
        Some(DecryptDataRequest),
        DecryptDataResponse
    );
    check!(
        m,
        "create-datakey",
        Some(CreateDatakeyRequest),
        CreateDatakeyResponse
    );
    check!(
        m,
        "create-datakey-without-plaintext",
        Some(CreateDatakeyRequest),
        CreateDatakeyWithoutPlaintextResponse
    );
    check!(
        m,
        "encrypt-datakey",
        Some(EncryptDatakeyRequest),
        EncryptDatakeyResponse
    );
    check!(
        m,
        "decrypt-datakey",
        Some(DecryptDatakeyRequest),
        DecryptDatakeyResponse
    );
    check!(m, "re-encrypt", Some(ReEncryptRequest), ReEncryptResponse);
    check!(m, "sign", Some(SignRequest), SignResponse);
    check!(m, "verify", Some(VerifyRequest), VerifyResponse);
    check!(m, "get-publickey", Some(KeyIdRequest), GetPublicKeyResponse);
    check!(
        m,
        "generate-mac",
        Some(GenerateMacRequest),
        GenerateMacResponse
    );
    check!(m, "verify-mac", Some(VerifyMacRequest), VerifyMacResponse);
    check!(m, "gen-random", Some(GenRandomRequest), GenRandomResponse);
    check!(m, "enable-key-rotation", Some(KeyIdRequest), EmptyResponse);
    check!(m, "disable-key-rotation", Some(KeyIdRequest), EmptyResponse);
    check!(
        m,
        "get-key-rotation-status",
        Some(KeyIdRequest),
        KeyRotationStatusResponse
    );
    check!(
        m,
        "update-key-rotation-interval",
        Some(UpdateKeyRotationIntervalRequest),
        EmptyResponse
    );
    check!(
        m,
        "rotate-on-demand",
        Some(RotateOnDemandRequest),
        RotateOnDemandResponse
    );
    check!(
        m,
        "get-parameters-for-import",
        Some(GetParametersForImportRequest),
        GetParametersForImportResponse
    );
    check!(
        m,
        "import-key-material",
        Some(ImportKeyMaterialRequest),
        EmptyResponse
    );
    check!(
        m,
        "delete-imported-key-material",
        Some(KeyIdRequest),
        EmptyResponse
    );
    check!(
        m,
        "create-ec-datakey-pair",
        Some(CreateEcDatakeyPairRequest),
        DatakeyPairResponse
    );
    check!(
        m,
        "create-rsa-datakey-pair",
        Some(CreateRsaDatakeyPairRequest),
        DatakeyPairResponse
    );
    check!(
        m,
        "derive-shared-secret",
        Some(DeriveSharedSecretRequest),
        DeriveSharedSecretResponse
    );
}

#[test]
fn every_model_the_endpoints_use_has_a_shape_checked() {
    let models = models();
    // Every model is reached from a body or answer whose sample holds it,
    // so the round trips above checked it.
    let samples = serde_json::to_string(&models["samples"]).unwrap();
    for (model, fields) in models["models"].as_object().unwrap() {
        for field in fields.as_array().unwrap() {
            let json = field["json"].as_str().unwrap();
            if json == "body" {
                // The whole answer (`GET aliases`), checked as its own model.
                continue;
            }
            assert!(samples.contains(&format!("\"{json}\":")), "{model}.{json}");
        }
    }
}

#[test]
fn answers_without_optional_fields_still_read() {
    let pair: DatakeyPairResponse = serde_json::from_str(
        r#"{"key_id":"k","key_spec":"EC_P256","public_key":"pk","private_key_cipher_text":"c"}"#,
    )
    .unwrap();
    assert_eq!(pair.private_key_plain_text, None);
    let json = serde_json::to_value(&pair).unwrap();
    assert!(json.get("private_key_plain_text").is_none());
    let empty: EmptyResponse = serde_json::from_str("{}").unwrap();
    assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    let page: ListKeysResponse =
        serde_json::from_str(r#"{"keys":["a"],"truncated":"false"}"#).unwrap();
    assert_eq!((page.keys.len(), page.total), (1, 0));
}

#[test]
fn key_details_come_from_the_crates_metadata_in_huaweis_words() {
    use crate::spec::{KeySpec, KeyState, KeyUsage};
    use std::time::{Duration, UNIX_EPOCH};

    let id = crate::KeyId::parse("1234abcd-12ab-34cd-56ef-1234567890ab").unwrap();
    let created = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
    let mut meta =
        crate::KeyMetadata::new(id, "arn:x", created, KeySpec::Sm4, KeyUsage::EncryptDecrypt);
    meta.key_state = KeyState::PendingDeletion;
    meta.deletion_date = Some(created + Duration::from_secs(7 * 86_400));
    meta.description = "d".into();
    let details = KeyDetails::from_metadata(&meta, "dom", "cn-north-4");
    assert_eq!(details.key_spec, "SM4");
    assert_eq!(details.key_usage, "ENCRYPT_DECRYPT");
    assert_eq!(details.key_state, "4");
    assert_eq!(details.creation_date, "1714564800000");
    assert_eq!(details.scheduled_deletion_date, "1715169600000");
    assert_eq!(details.expiration_time, "");
    assert_eq!(
        (details.domain_id.as_str(), details.realm.as_str()),
        ("dom", "cn-north-4")
    );
    let json = serde_json::to_value(DescribeKeyResponse::new(details)).unwrap();
    assert_eq!(json["key_info"]["key_description"], "d");
    let status = KeyStatus::new("k", KeyState::Disabled);
    assert_eq!(
        serde_json::to_string(&status).unwrap(),
        r#"{"key_id":"k","key_state":"3"}"#
    );
}

/// Every value the SDK's models document for a vocabulary field reads
/// with the crate's vocabulary and is written back by [`spelling`] as
/// Huawei spells it.
#[test]
fn huaweis_documented_vocabulary_reads_and_writes_back() {
    use crate::spec::{
        DataKeyPairSpec, DataKeySpec, EncryptionAlgorithm, KeyAgreementAlgorithm, KeySpec,
        KeyState, KeyUsage, MacAlgorithm, MessageType, Origin, SigningAlgorithm, Vocabulary,
        WrappingAlgorithm,
    };

    fn round_trip<T: Vocabulary>(values: &[&str]) {
        for value in values {
            let read = T::parse_name(value).unwrap_or_else(|e| panic!("{} {value}: {e}", T::KIND));
            assert_eq!(spelling(read), *value, "{}", T::KIND);
        }
    }

    // CreateKeyRequestBody.key_spec, key_usage, origin.
    round_trip::<KeySpec>(&[
        "AES_256",
        "SM4",
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "EC_P256",
        "EC_P384",
        "SECP256K1",
        "SM2",
        "ED25519",
        "HMAC_256",
        "HMAC_384",
        "HMAC_512",
        "HMAC_SM3",
    ]);
    round_trip::<KeyUsage>(&["ENCRYPT_DECRYPT", "SIGN_VERIFY"]);
    round_trip::<Origin>(&["kms", "external"]);
    // KeyDetails.key_state.
    round_trip::<KeyState>(&["1", "2", "3", "4", "5"]);
    // SignRequestBody.signing_algorithm, message_type.
    round_trip::<SigningAlgorithm>(&[
        "RSASSA_PSS_SHA_256",
        "RSASSA_PSS_SHA_384",
        "RSASSA_PSS_SHA_512",
        "RSASSA_PKCS1_V1_5_SHA_256",
        "RSASSA_PKCS1_V1_5_SHA_384",
        "RSASSA_PKCS1_V1_5_SHA_512",
        "ECDSA_SHA_256",
        "ECDSA_SHA_384",
        "ECDSA_SHA_512",
        "SM2DSA_SM3",
        "ED25519_SHA_512",
        "ED25519_PH_SHA_512",
    ]);
    round_trip::<MessageType>(&["DIGEST", "RAW"]);
    // EncryptDataRequestBody.encryption_algorithm.
    round_trip::<EncryptionAlgorithm>(&["SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_256", "SM2_ENCRYPT"]);
    // GenerateMacRequestBody.mac_algorithm.
    round_trip::<MacAlgorithm>(&["HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512", "HMAC_SM3"]);
    // GetParametersForImportRequestBody.wrapping_algorithm.
    round_trip::<WrappingAlgorithm>(&["RSAES_OAEP_SHA_256", "SM2_ENCRYPT"]);
    // CreateDatakeyRequestBody.key_spec.
    round_trip::<DataKeySpec>(&[
        "AES_256", "AES_128", "SM4", "HMAC_256", "HMAC_384", "HMAC_512", "HMAC_SM3",
    ]);
    // CreateEcDatakeyPairRequestBody.key_spec and CreateRsaDatakeyPairRequestBody.key_spec.
    round_trip::<DataKeyPairSpec>(&[
        "ECC_NIST_P256",
        "ECC_NIST_P384",
        "ECC_NIST_P521",
        "ECC_SECG_P256K1",
        "SM2",
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
    ]);
    // DeriveSharedSecretRequestBody.key_agreement_algorithm.
    round_trip::<KeyAgreementAlgorithm>(&["ECDH"]);
    // What Huawei has no name for is written in the crate's spelling.
    assert_eq!(spelling(KeyUsage::GenerateVerifyMac), "GENERATE_VERIFY_MAC");
}
