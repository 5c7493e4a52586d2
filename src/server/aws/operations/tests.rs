//! The conversions that are easy to get wrong: which failure a bad body
//! is, refused members, dry runs, alias ARNs, targets, extensions.

use serde_json::{Value, json};

use super::fixture::{Fixture, b64, block_on};
use super::{CallError, call};
use crate::{CreateKeyRequest, ErrorKind, KeyManager, KeySpec, Origin};

/// The kind of the provider error an answer is.
fn kind(answer: Result<Value, CallError>) -> ErrorKind {
    match answer {
        Err(CallError::Kms(e)) => e.kind(),
        other => panic!("{other:?}"),
    }
}

fn is_invalid(answer: &Result<Value, CallError>) -> bool {
    matches!(answer, Err(CallError::Invalid(_)))
}

/// The raw answer to a raw body.
fn raw(f: &Fixture, operation: &str, body: &[u8]) -> super::Call {
    block_on(call(
        &f.kms,
        &f.namespace,
        &format!("TrentService.{operation}"),
        body,
    ))
}

#[test]
fn empty_bodies_read_as_empty_objects() {
    let f = Fixture::new();
    for body in [&b""[..], b"  \n", b"{}"] {
        let listed = raw(&f, "ListKeys", body).result.unwrap();
        assert_eq!(listed, br#"{"Keys":[],"Truncated":false}"#);
    }
    assert!(raw(&f, "CreateKey", b"").result.is_ok());
}

#[test]
fn malformed_bodies_and_members_of_the_wrong_type() {
    let f = Fixture::new();
    for body in [
        &b"{not json"[..],
        b"[]",
        b"null",
        b"\"{}\"",
        br#"{"KeySpec": 7}"#,
    ] {
        let answer = raw(&f, "CreateKey", body);
        assert!(
            matches!(answer.result, Err(CallError::Malformed(_))),
            "{body:?}"
        );
        assert_eq!(answer.key_id, None);
    }
    let bad_blob = json!({"KeyId": "alias/x", "Plaintext": "not base64!"});
    assert!(matches!(
        f.call("Encrypt", &bad_blob),
        Err(CallError::Malformed(_))
    ));
    let bad_number = json!({"NumberOfBytes": 1.5});
    assert!(matches!(
        f.call("GenerateRandom", &bad_number),
        Err(CallError::Malformed(_))
    ));
    // Members newer than the model, and nulls, are no trouble.
    let newer = json!({"Limit": null, "SomethingNew": {"x": 1}});
    assert!(f.call("ListKeys", &newer).is_ok());
}

#[test]
fn values_outside_the_model_are_invalid_and_unimplemented_ones_unsupported() {
    let f = Fixture::new();
    assert!(is_invalid(
        &f.call("CreateKey", &json!({"KeySpec": "NOPE"}))
    ));
    assert!(is_invalid(&f.call("ListKeys", &json!({"Limit": 0}))));
    assert!(is_invalid(&f.call("ListKeys", &json!({"Limit": -1}))));
    assert!(is_invalid(
        &f.call("GenerateRandom", &json!({"NumberOfBytes": 1025}))
    ));
    assert!(is_invalid(&f.call("GenerateRandom", &json!({}))));
    let answer = f.call("CreateKey", &json!({"KeyUsage": "ENCAPSULATE_DECAPSULATE"}));
    assert_eq!(kind(answer), ErrorKind::NotImplemented);
    let answer = f.call("CreateKey", &json!({"Origin": "AWS_CLOUDHSM"}));
    assert_eq!(kind(answer), ErrorKind::NotImplemented);
    // AWS's names for its missing members.
    match f.call("DescribeKey", &json!({})) {
        Err(CallError::Invalid(m)) => assert!(m.contains("'keyId'"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn members_the_crate_cannot_honour_are_refused_naming_them() {
    let f = Fixture::new();
    let refused = [
        ("CreateKey", json!({"Policy": "{}"}), "Policy"),
        ("CreateKey", json!({"MultiRegion": true}), "MultiRegion"),
        (
            "CreateKey",
            json!({"CustomKeyStoreId": "cks-1"}),
            "CustomKeyStoreId",
        ),
        ("CreateKey", json!({"XksKeyId": "x"}), "XksKeyId"),
        (
            "GenerateRandom",
            json!({"NumberOfBytes": 8, "CustomKeyStoreId": "cks-1"}),
            "CustomKeyStoreId",
        ),
        (
            "GenerateRandom",
            json!({"NumberOfBytes": 8, "Recipient": {}}),
            "Recipient",
        ),
        (
            "ListKeyRotations",
            json!({"KeyId": "k", "IncludeKeyMaterial": "ALL_KEY_MATERIAL"}),
            "IncludeKeyMaterial",
        ),
        (
            "DeleteImportedKeyMaterial",
            json!({"KeyId": "k", "KeyMaterialId": "a".repeat(64)}),
            "KeyMaterialId",
        ),
    ];
    for (operation, body, member) in refused {
        match f.call(operation, &body) {
            Err(CallError::Kms(e)) => {
                assert_eq!(e.kind(), ErrorKind::NotImplemented);
                assert!(e.to_string().contains(member), "{e}");
            }
            other => panic!("{operation} {body}: {other:?}"),
        }
    }
    // Nothing was created by the refused ones; what AWS would accept
    // without the member is accepted.
    let listed = f.call("ListKeys", &json!({})).unwrap();
    assert_eq!(listed["Keys"], json!([]));
    let accepted = json!({"MultiRegion": false, "BypassPolicyLockoutSafetyCheck": true});
    let created = f.call("CreateKey", &accepted).unwrap();
    assert_eq!(created["KeyMetadata"]["MultiRegion"], false);
    let id = created["KeyMetadata"]["KeyId"].as_str().unwrap();
    let tokens = json!({"KeyId": id, "GrantTokens": ["from a grant elsewhere"]});
    assert!(f.call("DescribeKey", &tokens).is_ok());
}

#[test]
fn key_specs_by_either_name_and_any_vendors_spelling() {
    let f = Fixture::new();
    let both = json!({"KeySpec": "RSA_2048", "CustomerMasterKeySpec": "RSA_2048"});
    assert!(is_invalid(&f.call("CreateKey", &both)));
    let old = f.call("CreateKey", &json!({"CustomerMasterKeySpec": "HMAC_256"}));
    let meta = &old.unwrap()["KeyMetadata"];
    assert_eq!(
        (&meta["KeySpec"], &meta["KeyUsage"]),
        (&json!("HMAC_256"), &json!("GENERATE_VERIFY_MAC"))
    );
    let sm4 = f
        .call("CreateKey", &json!({"KeySpec": "Aliyun_SM4"}))
        .unwrap();
    assert_eq!(sm4["KeyMetadata"]["KeySpec"], "SM4");
    assert!(sm4["KeyMetadata"].get("CustomerMasterKeySpec").is_none());
    assert_eq!(sm4["KeyMetadata"]["AWSAccountId"], super::fixture::ACCOUNT);
    assert_eq!(sm4["KeyMetadata"]["KeyManager"], "CUSTOMER");
}

#[test]
fn keys_are_named_by_any_reference_and_answered_by_arn() {
    let f = Fixture::new();
    let id = f.key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/app"));
    let arn = f.arn(&id);
    let alias_arn = f.namespace.alias_arn("alias/app");
    for reference in [&id, &arn, "alias/app", &alias_arn] {
        let body = json!({"KeyId": reference, "Plaintext": b64(b"x")});
        let sealed = f.call("Encrypt", &body).unwrap();
        assert_eq!(sealed["KeyId"], arn.as_str());
        let described = f.call("DescribeKey", &json!({"KeyId": reference})).unwrap();
        assert_eq!(described["KeyMetadata"]["KeyId"], id.as_str());
        assert_eq!(described["KeyMetadata"]["Arn"], arn.as_str());
    }
    let call = raw(
        &f,
        "Encrypt",
        json!({"KeyId": alias_arn, "Plaintext": "eA=="})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(call.key_id.as_deref(), Some(alias_arn.as_str()));
    let listed = f.call("ListAliases", &json!({"KeyId": arn})).unwrap();
    assert_eq!(listed["Aliases"][0]["AliasArn"], alias_arn.as_str());
    assert_eq!(listed["Aliases"][0]["TargetKeyId"], id.as_str());
    let elsewhere = format!("arn:aws:kms:us-east-1:999999999999:key/{id}");
    assert_eq!(
        kind(f.call("DescribeKey", &json!({"KeyId": elsewhere}))),
        ErrorKind::NotFound
    );
}

#[test]
fn dry_runs_check_then_answer_dry_run() {
    let f = Fixture::new();
    let id = f.key(CreateKeyRequest::new(KeySpec::SymmetricDefault));
    let body = json!({"KeyId": id, "Plaintext": b64(b"x"), "DryRun": true});
    assert!(matches!(f.call("Encrypt", &body), Err(CallError::DryRun)));
    let body = json!({"KeyId": id, "KeySpec": "AES_256", "DryRun": false});
    assert!(f.call("GenerateDataKey", &body).is_ok());
    // A dry run of what would fail fails as the request would.
    f.kms.disable_key(&id).unwrap();
    let body = json!({"KeyId": id, "Plaintext": b64(b"x"), "DryRun": true});
    assert_eq!(kind(f.call("Encrypt", &body)), ErrorKind::Disabled);
    let garbage = json!({"CiphertextBlob": b64(b"garbage"), "DryRun": true});
    assert_eq!(
        kind(f.call("Decrypt", &garbage)),
        ErrorKind::InvalidCiphertext
    );
    // IGNORE_CIPHERTEXT checks the keys named, not the ciphertext.
    let ignore = json!({"KeyId": id, "DryRun": true, "DryRunModifiers": ["IGNORE_CIPHERTEXT"]});
    assert!(matches!(f.call("Decrypt", &ignore), Err(CallError::DryRun)));
    let missing = json!({"DestinationKeyId": "alias/none", "DryRun": true,
        "DryRunModifiers": ["IGNORE_CIPHERTEXT"]});
    assert_eq!(kind(f.call("ReEncrypt", &missing)), ErrorKind::NotFound);
    let unknown = json!({"DryRun": true, "DryRunModifiers": ["IGNORE_EVERYTHING"]});
    assert!(is_invalid(&f.call("Decrypt", &unknown)));
    // Without the dry run, the ciphertext is required.
    assert!(is_invalid(&f.call("Decrypt", &json!({"KeyId": id}))));
}

#[test]
fn data_keys_take_a_spec_or_a_length() {
    let f = Fixture::new();
    let id = f.key(CreateKeyRequest::new(KeySpec::SymmetricDefault));
    let both = json!({"KeyId": id, "KeySpec": "AES_256", "NumberOfBytes": 32});
    assert!(is_invalid(&f.call("GenerateDataKey", &both)));
    assert!(is_invalid(
        &f.call("GenerateDataKeyWithoutPlaintext", &json!({"KeyId": id}))
    ));
    let key = f
        .call("GenerateDataKey", &json!({"KeyId": id, "NumberOfBytes": 7}))
        .unwrap();
    assert_eq!(key["Plaintext"].as_str().unwrap().len(), 12);
}

#[test]
fn import_expiry_follows_the_expiration_model() {
    let f = Fixture::new();
    let external = CreateKeyRequest::new(KeySpec::SymmetricDefault).origin(Origin::External);
    let id = f.key(external);
    let base = json!({"KeyId": id, "ImportToken": b64(b"t"), "EncryptedKeyMaterial": b64(b"m")});
    let with = |extra: Value| {
        let mut body = base.clone();
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let never = "KEY_MATERIAL_DOES_NOT_EXPIRE";
    for bad in [
        json!({}),
        json!({"ExpirationModel": "KEY_MATERIAL_EXPIRES"}),
        json!({"ExpirationModel": never, "ValidTo": 4_000_000_000_u64}),
        json!({"ExpirationModel": "SOMETIMES"}),
        json!({"ExpirationModel": never, "ImportType": "OLD_KEY_MATERIAL"}),
    ] {
        assert!(
            is_invalid(&f.call("ImportKeyMaterial", &with(bad.clone()))),
            "{bad}"
        );
    }
    // Well-formed, the request reaches the provider (which refuses the token).
    let good = with(json!({"ExpirationModel": never, "ImportType": "EXISTING_KEY_MATERIAL"}));
    assert_eq!(
        kind(f.call("ImportKeyMaterial", &good)),
        ErrorKind::InvalidImportToken
    );
    let described = f.call("DescribeKey", &json!({"KeyId": id})).unwrap();
    assert!(described["KeyMetadata"].get("ExpirationModel").is_none());
}

#[test]
fn targets_outside_the_served_operations() {
    let f = Fixture::new();
    let answer = |target: &str| block_on(call(&f.kms, &f.namespace, target, b"{}")).result;
    for target in [
        "TrentService.CreateGrant",
        "TrentService.PutKeyPolicy",
        "TrentService.ReplicateKey",
    ] {
        let operation = target.strip_prefix("TrentService.").unwrap();
        assert!(matches!(answer(target), Err(CallError::NotServed(op)) if op == operation));
    }
    for target in [
        "TrentService.Frobnicate",
        "TrentService.",
        "DynamoDB_20120810.ListTables",
        "",
        "PolyKms.Encrypt",
        "trentservice.ListKeys",
    ] {
        assert!(
            matches!(answer(target), Err(CallError::Unknown(t)) if t == target),
            "{target}"
        );
    }
}

#[test]
fn extensions_are_served_under_their_own_targets() {
    let f = Fixture::new();
    let id = f.key(CreateKeyRequest::new(KeySpec::SymmetricDefault).alias("alias/app"));
    let sealed = f
        .kms
        .encrypt(crate::EncryptRequest::new(&id, b"x"))
        .unwrap();
    f.kms.rotate_key_on_demand(&id).unwrap();
    let body = json!({"KeyId": "alias/app", "MinimumVersion": 2});
    let answer = f
        .call("PolyKms.SetMinimumDecryptionVersion", &body)
        .unwrap();
    assert_eq!(answer["KeyId"], f.arn(&id));
    let old = json!({"CiphertextBlob": b64(&sealed.ciphertext_blob)});
    assert_eq!(kind(f.call("Decrypt", &old)), ErrorKind::VersionRetired);
    let zero = json!({"KeyId": id, "MinimumVersion": 0});
    assert!(is_invalid(
        &f.call("PolyKms.SetMinimumDecryptionVersion", &zero)
    ));

    let signer = f.key(CreateKeyRequest::new(KeySpec::EccNistP256));
    let spki = f.kms.get_public_key(&signer).unwrap().public_key;
    let external = CreateKeyRequest::new(KeySpec::EccNistP256).origin(Origin::External);
    let verifier = f.key(external);
    let body = json!({"KeyId": verifier, "PublicKey": b64(&spki)});
    let answer = f.call("PolyKms.ImportPublicKey", &body).unwrap();
    assert_eq!(answer["KeyId"], f.arn(&verifier));
    assert!(f.kms.describe_key(&verifier).unwrap().public_key_only);
    let described = f.call("DescribeKey", &json!({"KeyId": verifier})).unwrap();
    assert_eq!(
        described["KeyMetadata"]["ExpirationModel"],
        "KEY_MATERIAL_DOES_NOT_EXPIRE"
    );
}
