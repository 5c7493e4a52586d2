use super::*;
use crate::wire::alibaba::model_check::Models;
use crate::wire::alibaba::{from_parameters, parse_encryption_context, to_parameters};

const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const VERSION_ID: &str = "2ab1a983-7072-4bbc-a582-584b5bd8****";

fn models() -> Models {
    Models::parse(include_str!(
        "../../../../tests/data/alibaba/crypto-models.json"
    ))
}

fn context() -> EncryptionContext {
    [("purpose", "golden models"), ("tenant", "acme corp")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn every_crypto_action_reads_and_writes_as_the_sdk_does() {
    let models = models();
    models.assert_all_checked(&[
        "Encrypt",
        "Decrypt",
        "ReEncrypt",
        "AsymmetricEncrypt",
        "AsymmetricDecrypt",
        "AsymmetricSign",
        "AsymmetricVerify",
        "GetPublicKey",
        "GenerateMac",
        "VerifyMac",
    ]);

    let encrypt: EncryptRequest = models.request("Encrypt");
    assert_eq!(encrypt.dry_run, Some(false));
    let parsed =
        parse_encryption_context("EncryptionContext", encrypt.encryption_context.as_deref());
    assert_eq!(parsed.unwrap(), Some(context()));
    let decrypt: DecryptRequest = models.request("Decrypt");
    assert!(
        decrypt.recipient.is_some(),
        "Recipient, sent in the form body"
    );
    let re: ReEncryptRequest = models.request("ReEncrypt");
    assert_eq!(re.destination_key_id.as_deref(), Some("alias/destination"));
    assert_eq!(re.source_key_version_id.as_deref(), Some(VERSION_ID));
    assert_eq!(
        re.source_encryption_algorithm.as_deref(),
        Some("RSAES_OAEP_SHA_256")
    );
    let a_encrypt: AsymmetricEncryptRequest = models.request("AsymmetricEncrypt");
    assert_eq!(a_encrypt.key_version_id.as_deref(), Some(VERSION_ID));
    let a_decrypt: AsymmetricDecryptRequest = models.request("AsymmetricDecrypt");
    assert!(a_decrypt.recipient.is_some() && a_decrypt.ciphertext_blob.is_some());
    let sign: AsymmetricSignRequest = models.request("AsymmetricSign");
    assert_eq!(sign.algorithm.as_deref(), Some("RSA_PSS_SHA_256"));
    let verify: AsymmetricVerifyRequest = models.request("AsymmetricVerify");
    assert!(verify.value.is_some() && verify.digest.is_some());
    let public: GetPublicKeyRequest = models.request("GetPublicKey");
    assert_eq!(public.key_version_id.as_deref(), Some(VERSION_ID));
    let mac: GenerateMacRequest = models.request("GenerateMac");
    assert_eq!(mac.message.as_deref(), Some("MTIzNA=="));
    let check: VerifyMacRequest = models.request("VerifyMac");
    assert_eq!(check.algorithm.as_deref(), Some("HMAC_SHA_256"));

    for action in ["Encrypt", "ReEncrypt", "AsymmetricEncrypt"] {
        let answer: CiphertextResponse = models.response(action);
        assert_eq!(
            (answer.key_id.as_str(), answer.key_version_id.as_str()),
            (KEY_ID, VERSION_ID)
        );
    }
    for action in ["Decrypt", "AsymmetricDecrypt"] {
        let answer: PlaintextResponse = models.response(action);
        assert_eq!(answer.plaintext, "SGVsbG8gd29ybGQ=", "{action}");
        assert!(answer.ciphertext_for_recipient.is_some(), "{action}");
    }
    let signed: AsymmetricSignResponse = models.response("AsymmetricSign");
    assert_eq!(signed.key_version_id, VERSION_ID);
    let verified: AsymmetricVerifyResponse = models.response("AsymmetricVerify");
    assert!(verified.value);
    let key: GetPublicKeyResponse = models.response("GetPublicKey");
    assert!(key.public_key.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    let made: GenerateMacResponse = models.response("GenerateMac");
    assert_eq!(made.algorithm, "HMAC_SHA_256");
    let checked: VerifyMacResponse = models.response("VerifyMac");
    assert!(!checked.value);
}

#[test]
fn constructors_write_the_parameters_the_sdk_sends() {
    let models = models();
    // The SDK's requests with DryRun (and Recipient) left out.
    let without = |action: &str, left_out: &[&str]| -> Vec<(String, String)> {
        let mut pairs = models.parameters(action);
        pairs.retain(|(name, _)| name != "DryRun" && !left_out.contains(&name.as_str()));
        pairs
    };
    let encrypt = EncryptRequest::new(KEY_ID, "SGVsbG8gd29ybGQ=").encryption_context(&context());
    assert_eq!(to_parameters(&encrypt), without("Encrypt", &[]));
    let decrypt: DecryptRequest = models.request("Decrypt");
    let ours = DecryptRequest::new(decrypt.ciphertext_blob.clone().unwrap())
        .encryption_context(&context());
    assert_eq!(to_parameters(&ours), without("Decrypt", &["Recipient"]));
    let re = ReEncryptRequest::new(
        decrypt.ciphertext_blob.clone().unwrap(),
        "alias/destination",
    )
    .source_encryption_context(&context())
    .destination_encryption_context(
        &[("purpose".to_owned(), "destination".to_owned())]
            .into_iter()
            .collect(),
    );
    assert_eq!(
        to_parameters(&re),
        without(
            "ReEncrypt",
            &[
                "SourceEncryptionAlgorithm",
                "SourceKeyId",
                "SourceKeyVersionId"
            ]
        )
    );
    let a_encrypt =
        AsymmetricEncryptRequest::new(KEY_ID, VERSION_ID, "RSAES_OAEP_SHA_256", "SGVsbG8gd29ybGQ=");
    assert_eq!(to_parameters(&a_encrypt), without("AsymmetricEncrypt", &[]));
    let a_decrypt = AsymmetricDecryptRequest::new(
        KEY_ID,
        VERSION_ID,
        "RSAES_OAEP_SHA_256",
        decrypt.ciphertext_blob.unwrap(),
    );
    assert_eq!(
        to_parameters(&a_decrypt),
        without("AsymmetricDecrypt", &["Recipient"])
    );
    let verify: AsymmetricVerifyRequest = models.request("AsymmetricVerify");
    let (digest, value) = (verify.digest.unwrap(), verify.value.unwrap());
    let sign = AsymmetricSignRequest::new(KEY_ID, VERSION_ID, "RSA_PSS_SHA_256", digest.clone());
    assert_eq!(to_parameters(&sign), without("AsymmetricSign", &[]));
    let verify = AsymmetricVerifyRequest::new(KEY_ID, VERSION_ID, "RSA_PSS_SHA_256", digest, value);
    assert_eq!(to_parameters(&verify), without("AsymmetricVerify", &[]));
    assert_eq!(
        to_parameters(&GetPublicKeyRequest::new(KEY_ID, VERSION_ID)),
        without("GetPublicKey", &[])
    );
    let mac = GenerateMacRequest::new(KEY_ID, "HMAC_SHA_256", "MTIzNA==");
    assert_eq!(to_parameters(&mac), without("GenerateMac", &[]));
    let check: VerifyMacRequest = models.request("VerifyMac");
    let ours = VerifyMacRequest::new(KEY_ID, "HMAC_SHA_256", "MTIzNA==", check.mac.unwrap());
    assert_eq!(to_parameters(&ours), without("VerifyMac", &[]));
}

fn json<T: serde::Serialize>(shape: &T) -> serde_json::Value {
    serde_json::to_value(shape).unwrap()
}

#[test]
fn answers_write_alibabas_types() {
    assert_eq!(
        json(&AsymmetricVerifyResponse::new(
            false, KEY_ID, VERSION_ID, "r"
        )),
        serde_json::json!({"KeyId": KEY_ID, "KeyVersionId": VERSION_ID, "RequestId": "r", "Value": false})
    );
    assert_eq!(
        json(&VerifyMacResponse::new(true, KEY_ID, "HMAC_SM3", "r"))["Value"],
        true
    );
    assert_eq!(
        json(&AsymmetricSignResponse::new(
            "c2ln", KEY_ID, VERSION_ID, "r"
        ))["Value"],
        "c2ln"
    );
    let decrypted = json(&PlaintextResponse::new("aGk=", KEY_ID, VERSION_ID, "r"));
    assert!(decrypted.get("CiphertextForRecipient").is_none());
    assert_eq!(decrypted["Plaintext"], "aGk=");
    let encrypted = json(&CiphertextResponse::new("Y3Q=", KEY_ID, VERSION_ID, "r"));
    assert_eq!(encrypted["KeyVersionId"], VERSION_ID);
    assert_eq!(
        json(&GenerateMacResponse::new(
            "bWFj",
            KEY_ID,
            "HMAC_SHA_256",
            "r"
        ))["Mac"],
        "bWFj"
    );
    assert_eq!(
        json(&GetPublicKeyResponse::new(
            "-----BEGIN PUBLIC KEY-----\n",
            KEY_ID,
            VERSION_ID,
            "r"
        ))["PublicKey"],
        "-----BEGIN PUBLIC KEY-----\n"
    );
}

#[test]
fn dry_run_is_a_boolean_parameter() {
    let pairs = |value: &str| vec![("DryRun".to_owned(), value.to_owned())];
    let read: EncryptRequest = from_parameters(&pairs("True")).unwrap();
    assert_eq!(read.dry_run, Some(true));
    assert!(from_parameters::<AsymmetricSignRequest>(&pairs("maybe")).is_err());
}
