//! The shapes against the botocore KMS model (`data/kms/2014-11-01/service-2.json`,
//! botocore 1.43): every member a shape writes is a member of the model's
//! structure of that name, spelled as the model spells it. The member lists
//! below are copied from the model.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::*;
use crate::{
    CreateKeyRequest, DataKeySpec, DecryptRequest, EncryptRequest, GenerateDataKeyRequest,
    GenerateMacRequest, GetParametersForImportRequest, InMemory, KeyManager, KeySpec, KeyUsage,
    ListKeysRequest, MacAlgorithm, ManualClock, Origin, ScheduleKeyDeletionRequest, SecretBytes,
    SignRequest, SigningAlgorithm, VerifyMacRequest, VerifyRequest, WrappingAlgorithm,
    WrappingKeySpec,
};

const KEY_METADATA: &[&str] = &[
    "AWSAccountId",
    "KeyId",
    "Arn",
    "CreationDate",
    "Enabled",
    "Description",
    "KeyUsage",
    "KeyState",
    "DeletionDate",
    "ValidTo",
    "Origin",
    "CustomKeyStoreId",
    "CloudHsmClusterId",
    "ExpirationModel",
    "KeyManager",
    "CustomerMasterKeySpec",
    "KeySpec",
    "EncryptionAlgorithms",
    "SigningAlgorithms",
    "KeyAgreementAlgorithms",
    "MultiRegion",
    "MultiRegionConfiguration",
    "PendingDeletionWindowInDays",
    "MacAlgorithms",
    "XksKeyConfiguration",
    "CurrentKeyMaterialId",
];
const KEY_LIST_ENTRY: &[&str] = &["KeyId", "KeyArn"];
const PAGE: &[&str] = &["NextMarker", "Truncated"];
const SCHEDULE_KEY_DELETION: &[&str] =
    &["KeyId", "DeletionDate", "KeyState", "PendingWindowInDays"];
const ALIAS_LIST_ENTRY: &[&str] = &[
    "AliasName",
    "AliasArn",
    "TargetKeyId",
    "CreationDate",
    "LastUpdatedDate",
];
const ENCRYPT: &[&str] = &["CiphertextBlob", "KeyId", "EncryptionAlgorithm"];
const DECRYPT: &[&str] = &[
    "KeyId",
    "Plaintext",
    "EncryptionAlgorithm",
    "CiphertextForRecipient",
    "KeyMaterialId",
];
const GENERATE_DATA_KEY: &[&str] = &[
    "CiphertextBlob",
    "Plaintext",
    "KeyId",
    "CiphertextForRecipient",
    "KeyMaterialId",
];
const GENERATE_RANDOM: &[&str] = &["Plaintext", "CiphertextForRecipient"];
const SIGN: &[&str] = &["KeyId", "Signature", "SigningAlgorithm"];
const VERIFY: &[&str] = &["KeyId", "SignatureValid", "SigningAlgorithm"];
const GET_PUBLIC_KEY: &[&str] = &[
    "KeyId",
    "PublicKey",
    "CustomerMasterKeySpec",
    "KeySpec",
    "KeyUsage",
    "EncryptionAlgorithms",
    "SigningAlgorithms",
    "KeyAgreementAlgorithms",
];
const GENERATE_MAC: &[&str] = &["Mac", "MacAlgorithm", "KeyId"];
const VERIFY_MAC: &[&str] = &["KeyId", "MacValid", "MacAlgorithm"];
const GET_KEY_ROTATION_STATUS: &[&str] = &[
    "KeyRotationEnabled",
    "KeyId",
    "RotationPeriodInDays",
    "NextRotationDate",
    "OnDemandRotationStartDate",
];
const ROTATIONS_LIST_ENTRY: &[&str] = &[
    "KeyId",
    "KeyMaterialId",
    "KeyMaterialDescription",
    "ImportState",
    "KeyMaterialState",
    "ExpirationModel",
    "ValidTo",
    "RotationDate",
    "RotationType",
];
const GET_PARAMETERS_FOR_IMPORT: &[&str] =
    &["KeyId", "ImportToken", "PublicKey", "ParametersValidTo"];

const ARN: &str = "arn:aws:kms:local:000000000000:key/k";

/// The shape as JSON, checked to read back as itself.
fn json<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(shape: &T) -> Value {
    let value = serde_json::to_value(shape).unwrap();
    let back: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&back, shape, "{value}");
    value
}

/// The members `value` writes: each one of `model`'s, and exactly `written`.
fn assert_members(value: &Value, model: &[&str], written: &[&str]) {
    let members: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for member in &members {
        assert!(
            model.contains(member),
            "{member} is not a member of the model's shape"
        );
    }
    let mut expected = written.to_vec();
    expected.sort_unstable();
    assert_eq!(members, expected, "{value}");
}

fn kms() -> InMemory {
    let start = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    InMemory::with_clock(Arc::new(ManualClock::starting_at(start)))
}

#[test]
fn key_metadata_writes_the_models_members() {
    let kms = kms();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).description("d"))
        .unwrap();
    let mut shape = KeyMetadata::from_metadata(&key);
    let value = json(&shape);
    let always = [
        "AWSAccountId",
        "KeyId",
        "Arn",
        "CreationDate",
        "Enabled",
        "Description",
        "KeyUsage",
        "KeyState",
        "Origin",
        "KeyManager",
        "CustomerMasterKeySpec",
        "KeySpec",
        "EncryptionAlgorithms",
        "MultiRegion",
    ];
    assert_members(&value, KEY_METADATA, &always);
    assert_eq!(value["AWSAccountId"], "000000000000");
    assert_eq!(value["CreationDate"], 1_700_000_000.0);
    assert_eq!(value["Enabled"], true);
    assert_eq!(value["EncryptionAlgorithms"][0], "SYMMETRIC_DEFAULT");
    assert_eq!(value["CustomerMasterKeySpec"], "SYMMETRIC_DEFAULT");
    assert_eq!(
        (&value["KeyManager"], &value["MultiRegion"]),
        (&"CUSTOMER".into(), &false.into())
    );

    // Every optional member filled in.
    shape.expiration_model = Some("KEY_MATERIAL_EXPIRES".into());
    shape.signing_algorithms = vec!["ECDSA_SHA_256".into()];
    shape.mac_algorithms = vec!["HMAC_SHA_256".into()];
    let deleted = kms
        .schedule_key_deletion(
            ScheduleKeyDeletionRequest::new(&key.key_id).pending_window_in_days(7),
        )
        .unwrap();
    shape.deletion_date = deleted.deletion_date;
    shape.pending_deletion_window_in_days = deleted.pending_deletion_window_in_days;
    shape.valid_to = Some(UNIX_EPOCH);
    let value = json(&shape);
    let every = [
        &always[..],
        &[
            "ExpirationModel",
            "SigningAlgorithms",
            "MacAlgorithms",
            "DeletionDate",
            "PendingDeletionWindowInDays",
            "ValidTo",
        ],
    ]
    .concat();
    assert_members(&value, KEY_METADATA, &every);
    assert_eq!(value["DeletionDate"], 1_700_000_000.0 + 7.0 * 86_400.0);

    let created = json(&CreateKeyResponse::from_metadata(&key));
    assert_members(&created, &["KeyMetadata"], &["KeyMetadata"]);
    let described = json(&DescribeKeyResponse::from(&key));
    assert_members(&described, &["KeyMetadata"], &["KeyMetadata"]);
}

#[test]
fn key_list_and_deletion_shapes_write_the_models_members() {
    let kms = kms();
    for _ in 0..2 {
        kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
            .unwrap();
    }
    let page = kms.list_keys(ListKeysRequest::new().limit(1)).unwrap();
    let value = json(&ListKeysResponse::from_page(&page));
    assert_members(
        &value,
        &[&["Keys"], PAGE].concat(),
        &["Keys", "NextMarker", "Truncated"],
    );
    assert_eq!(value["Truncated"], true);
    assert_members(&value["Keys"][0], KEY_LIST_ENTRY, KEY_LIST_ENTRY);

    let key = &page.keys[0].key_id;
    let meta = kms
        .schedule_key_deletion(ScheduleKeyDeletionRequest::new(key).pending_window_in_days(7))
        .unwrap();
    let value = json(&ScheduleKeyDeletionResponse::from_metadata(&meta));
    assert_members(&value, SCHEDULE_KEY_DELETION, SCHEDULE_KEY_DELETION);
    assert_eq!(value["KeyId"], meta.arn.as_str());
    assert_eq!(value["KeyState"], "PendingDeletion");
    let meta = kms.cancel_key_deletion(key.as_str()).unwrap();
    assert_members(
        &json(&CancelKeyDeletionResponse::from(&meta)),
        &["KeyId"],
        &["KeyId"],
    );
}

#[test]
fn alias_shapes_write_the_models_members() {
    let kms = kms();
    kms.create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/a"))
        .unwrap();
    let page = kms.list_aliases(crate::ListAliasesRequest::new()).unwrap();
    let value = json(&ListAliasesResponse::from_page(&page));
    assert_members(
        &value,
        &[&["Aliases"], PAGE].concat(),
        &["Aliases", "Truncated"],
    );
    assert_members(&value["Aliases"][0], ALIAS_LIST_ENTRY, ALIAS_LIST_ENTRY);
    let value = json(&ListAliasesResponse::from_entries(&page.aliases));
    assert_members(&value, &["Aliases"], &["Aliases"]);
}

#[test]
fn encryption_shapes_write_the_models_members() {
    let kms = kms();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let sealed = kms
        .encrypt(EncryptRequest::new(&key.key_id, b"secret"))
        .unwrap();
    let value = json(&EncryptResponse::from_response(&sealed, ARN));
    assert_members(&value, ENCRYPT, ENCRYPT);
    let blob = crate::wire::aws::encoding::blob::deserialize(&value["CiphertextBlob"]).unwrap();
    assert_eq!(blob, sealed.ciphertext_blob);

    let opened = kms
        .decrypt(DecryptRequest::new(&sealed.ciphertext_blob))
        .unwrap();
    let value = json(&DecryptResponse::from_response(&opened, ARN));
    assert_members(
        &value,
        DECRYPT,
        &["KeyId", "Plaintext", "EncryptionAlgorithm"],
    );
    assert_eq!(value["Plaintext"], "c2VjcmV0");

    let request = GenerateDataKeyRequest::new(&key.key_id, DataKeySpec::Aes256);
    let data_key = kms.generate_data_key(request).unwrap();
    let value = json(&GenerateDataKeyResponse::from_data_key(&data_key, ARN));
    assert_members(
        &value,
        GENERATE_DATA_KEY,
        &["CiphertextBlob", "Plaintext", "KeyId"],
    );

    let random = GenerateRandomResponse::new(SecretBytes::from(vec![0xff; 3]));
    let value = json(&random);
    assert_members(&value, GENERATE_RANDOM, &["Plaintext"]);
    assert_eq!(value["Plaintext"], "////");
}

#[test]
fn signing_shapes_write_the_models_members() {
    let kms = kms();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::EccNistP256))
        .unwrap();
    let alg = SigningAlgorithm::EcdsaSha256;
    let signed = kms.sign(SignRequest::new(&key.key_id, b"m", alg)).unwrap();
    assert_members(
        &json(&SignResponse::from_response(&signed, ARN)),
        SIGN,
        SIGN,
    );
    let request = VerifyRequest::new(&key.key_id, b"m", alg, &signed.signature);
    let verified = kms.verify(request).unwrap();
    let value = json(&VerifyResponse::from_response(&verified, ARN));
    assert_members(&value, VERIFY, VERIFY);
    assert_eq!(value["SignatureValid"], true);

    let info = kms.get_public_key(key.key_id.as_str()).unwrap();
    let value = json(&GetPublicKeyResponse::from_public_key(&info, ARN));
    let written = [
        "KeyId",
        "PublicKey",
        "CustomerMasterKeySpec",
        "KeySpec",
        "KeyUsage",
        "SigningAlgorithms",
    ];
    assert_members(&value, GET_PUBLIC_KEY, &written);
    assert_eq!(value["KeySpec"], "ECC_NIST_P256");
    assert_eq!(value["CustomerMasterKeySpec"], "ECC_NIST_P256");
    // The deprecated member has no name for Ed25519 keys.
    let ed25519 = kms
        .create_key(CreateKeyRequest::new(KeySpec::Ed25519))
        .unwrap();
    let info = kms.get_public_key(ed25519.key_id.as_str()).unwrap();
    let value = json(&GetPublicKeyResponse::from_public_key(&info, ARN));
    assert!(value.get("CustomerMasterKeySpec").is_none(), "{value}");
    let meta = json(&KeyMetadata::from_metadata(&ed25519));
    assert!(meta.get("CustomerMasterKeySpec").is_none(), "{meta}");

    let mac_key = CreateKeyRequest::new(KeySpec::Hmac256).usage(KeyUsage::GenerateVerifyMac);
    let mac_key = kms.create_key(mac_key).unwrap();
    let alg = MacAlgorithm::HmacSha256;
    let mac = kms
        .generate_mac(GenerateMacRequest::new(&mac_key.key_id, b"m", alg))
        .unwrap();
    assert_members(
        &json(&GenerateMacResponse::from_response(&mac, ARN)),
        GENERATE_MAC,
        GENERATE_MAC,
    );
    let verified = kms
        .verify_mac(VerifyMacRequest::new(&mac_key.key_id, b"m", alg, &mac.mac))
        .unwrap();
    let value = json(&VerifyMacResponse::from_response(&verified, ARN));
    assert_members(&value, VERIFY_MAC, VERIFY_MAC);
    assert_eq!(value["MacValid"], true);
}

#[test]
fn rotation_and_import_shapes_write_the_models_members() {
    let kms = kms();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault))
        .unwrap();
    let id = key.key_id.as_str();
    kms.enable_key_rotation(crate::EnableKeyRotationRequest::new(id).rotation_period_in_days(90))
        .unwrap();
    let status = kms.get_key_rotation_status(id).unwrap();
    let value = json(&GetKeyRotationStatusResponse::from_status(&status, ARN));
    let written = [
        "KeyRotationEnabled",
        "KeyId",
        "RotationPeriodInDays",
        "NextRotationDate",
    ];
    assert_members(&value, GET_KEY_ROTATION_STATUS, &written);

    let rotation = kms.rotate_key_on_demand(id).unwrap();
    assert_members(
        &json(&RotateKeyOnDemandResponse::new(ARN)),
        &["KeyId"],
        &["KeyId"],
    );
    let page = kms
        .list_key_rotations(crate::ListKeyRotationsRequest::new(id))
        .unwrap();
    assert_eq!(page.rotations, [rotation]);
    let value = json(&ListKeyRotationsResponse::from_page(&page, ARN));
    assert_members(
        &value,
        &[&["Rotations"], PAGE].concat(),
        &["Rotations", "Truncated"],
    );
    let written = ["KeyId", "RotationDate", "RotationType"];
    assert_members(&value["Rotations"][0], ROTATIONS_LIST_ENTRY, &written);
    assert_eq!(value["Rotations"][0]["RotationType"], "ON_DEMAND");
    let value = json(&ListKeyRotationsResponse::from_rotations(
        &page.rotations,
        ARN,
    ));
    assert_members(&value, &["Rotations"], &["Rotations"]);

    let external = CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External);
    let external = kms.create_key(external).unwrap();
    let request = GetParametersForImportRequest::new(
        &external.key_id,
        WrappingAlgorithm::RsaesOaepSha256,
        WrappingKeySpec::Rsa2048,
    );
    let params = kms.get_parameters_for_import(request).unwrap();
    let value = json(&GetParametersForImportResponse::from_parameters(
        &params, ARN,
    ));
    assert_members(&value, GET_PARAMETERS_FOR_IMPORT, GET_PARAMETERS_FOR_IMPORT);
    assert!(value["ParametersValidTo"].is_f64());
}

#[test]
fn integer_timestamps_and_bad_blobs_are_read() {
    let text = r#"{"KeyId":"k","RotationDate":1700000000,"RotationType":"AUTOMATIC"}"#;
    let entry: RotationsListEntry = serde_json::from_str(text).unwrap();
    assert_eq!(
        entry.rotation_date,
        UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    );
    let text = r#"{"Plaintext":"not base64!"}"#;
    assert!(serde_json::from_str::<GenerateRandomResponse>(text).is_err());
}

#[test]
fn account_and_expiration_model_come_from_the_metadata() {
    let kms = kms();
    let external = CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External);
    let mut meta = kms.create_key(external).unwrap();
    let value = json(&KeyMetadata::from_metadata(&meta));
    assert!(
        value.get("ExpirationModel").is_none(),
        "awaiting import: {value}"
    );
    meta.key_state = crate::KeyState::Enabled;
    let value = json(&KeyMetadata::from_metadata(&meta));
    assert_eq!(value["ExpirationModel"], "KEY_MATERIAL_DOES_NOT_EXPIRE");
    meta.valid_to = Some(UNIX_EPOCH);
    let value = json(&KeyMetadata::from_metadata(&meta));
    assert_eq!(value["ExpirationModel"], "KEY_MATERIAL_EXPIRES");
    for (arn, account) in [
        (
            "arn:aws-cn:kms:cn-north-1:111122223333:key/k",
            Some("111122223333"),
        ),
        ("acs:kms:cn-hangzhou:111122223333:key/k", None),
        ("arn:aws:kms:eu-west-1::key/k", None),
        ("arn:aws:kms", None),
    ] {
        meta.arn = arn.into();
        let shape = KeyMetadata::from_metadata(&meta);
        assert_eq!(shape.aws_account_id.as_deref(), account, "{arn}");
    }
}

#[test]
fn new_shapes_write_the_models_members() {
    let kms = kms();
    let key = kms
        .create_key(CreateKeyRequest::new(KeySpec::SymmetricDefault).tag("t", "v"))
        .unwrap();
    let sealed = kms.encrypt(EncryptRequest::new(&key.key_id, b"x")).unwrap();
    let request =
        crate::ReEncryptRequest::new(DecryptRequest::new(&sealed.ciphertext_blob), &key.key_id);
    let moved = kms.re_encrypt(request).unwrap();
    let value = json(&ReEncryptResponse::from_response(&moved, ARN, ARN));
    let written = [
        "CiphertextBlob",
        "SourceKeyId",
        "KeyId",
        "SourceEncryptionAlgorithm",
        "DestinationEncryptionAlgorithm",
    ];
    assert_members(&value, &written, &written);
    let request = crate::GenerateDataKeyPairRequest::new(&key.key_id, crate::DataKeyPairSpec::Sm2);
    let pair = kms.generate_data_key_pair(request).unwrap();
    let value = json(&GenerateDataKeyPairResponse::from_pair(&pair, ARN));
    assert_eq!(value["KeyPairSpec"], "SM2");
    assert_eq!(value.as_object().unwrap().len(), 5, "{value}");
    let page = kms
        .list_resource_tags(crate::ListResourceTagsRequest::new(&key.key_id))
        .unwrap();
    let value = json(&ListResourceTagsResponse::from_page(&page));
    assert_eq!(
        value,
        serde_json::json!({"Tags": [{"TagKey": "t", "TagValue": "v"}], "Truncated": false})
    );
    let value = json(&ImportKeyMaterialResponse::new(ARN));
    assert_eq!(value, serde_json::json!({"KeyId": ARN}));
}

#[test]
fn requests_read_the_wire_values() {
    let text = r#"{"KeyId":"k","ImportToken":"AQI=","EncryptedKeyMaterial":null,"ValidTo":1700000000,"Unknown":1}"#;
    let request: super::ImportKeyMaterialRequest = serde_json::from_str(text).unwrap();
    assert_eq!(request.import_token.as_deref(), Some(&[1, 2][..]));
    assert_eq!(request.encrypted_key_material, None);
    assert_eq!(
        request.valid_to,
        Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
    );
    let request =
        serde_json::from_str::<super::CreateKeyRequest>(r#"{"Tags":[{"TagKey":"k"}]}"#).unwrap();
    assert_eq!(request.tags.unwrap()[0].tag_value, "");
    assert!(serde_json::from_str::<super::SignRequest>(r#"{"Message":"not base64!"}"#).is_err());
    let debug = format!(
        "{:?}",
        serde_json::from_str::<super::EncryptRequest>(r#"{"Plaintext":"c2VjcmV0"}"#).unwrap()
    );
    assert!(
        !debug.contains("secret") && !debug.contains("115"),
        "{debug}"
    );
}
