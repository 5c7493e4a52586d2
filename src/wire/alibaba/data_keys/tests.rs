use super::*;
use crate::wire::alibaba::model_check::Models;
use crate::wire::alibaba::{from_parameters, parse_encryption_context, to_parameters};

const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const VERSION_ID: &str = "2ab1a983-7072-4bbc-a582-584b5bd8****";

fn models() -> Models {
    Models::parse(include_str!(
        "../../../../tests/data/alibaba/data_keys-models.json"
    ))
}

fn context() -> EncryptionContext {
    [("purpose", "golden models"), ("tenant", "acme corp")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn every_data_key_action_reads_and_writes_as_the_sdk_does() {
    let models = models();
    models.assert_all_checked(&[
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateAndExportDataKey",
        "ExportDataKey",
    ]);
    let generate: GenerateDataKeyRequest = models.request("GenerateDataKey");
    assert_eq!(generate.number_of_bytes, Some(32));
    assert_eq!(generate.key_spec.as_deref(), Some("AES_256"));
    let context_read =
        parse_encryption_context("EncryptionContext", generate.encryption_context.as_deref());
    assert_eq!(context_read.unwrap(), Some(context()));
    let without: GenerateDataKeyWithoutPlaintextRequest =
        models.request("GenerateDataKeyWithoutPlaintext");
    assert_eq!(without.key_id.as_deref(), Some(KEY_ID));
    let export_new: GenerateAndExportDataKeyRequest = models.request("GenerateAndExportDataKey");
    assert_eq!(export_new.wrapping_key_spec.as_deref(), Some("RSA_2048"));
    assert_eq!(
        export_new.wrapping_algorithm.as_deref(),
        Some("RSAES_OAEP_SHA_256")
    );
    let export: ExportDataKeyRequest = models.request("ExportDataKey");
    assert!(export.ciphertext_blob.is_some() && export.public_key_blob.is_some());

    let made: GenerateDataKeyResponse = models.response("GenerateDataKey");
    assert_eq!(
        (made.key_id.as_str(), made.key_version_id.as_str()),
        (KEY_ID, VERSION_ID)
    );
    assert!(made.ciphertext_for_recipient.is_some());
    let sealed: GenerateDataKeyWithoutPlaintextResponse =
        models.response("GenerateDataKeyWithoutPlaintext");
    assert_eq!(sealed.key_version_id, VERSION_ID);
    let both: GenerateAndExportDataKeyResponse = models.response("GenerateAndExportDataKey");
    assert!(!both.exported_data_key.is_empty() && !both.ciphertext_blob.is_empty());
    let exported: ExportDataKeyResponse = models.response("ExportDataKey");
    assert_eq!(exported.exported_data_key, both.exported_data_key);
}

#[test]
fn constructors_write_the_parameters_the_sdk_sends() {
    let models = models();
    let without_dry_run = |action: &str| -> Vec<(String, String)> {
        let mut pairs = models.parameters(action);
        pairs.retain(|(name, _)| name != "DryRun" && name != "Recipient");
        pairs
    };
    let generate = GenerateDataKeyRequest::new(KEY_ID)
        .key_spec("AES_256")
        .number_of_bytes(32)
        .encryption_context(&context());
    assert_eq!(to_parameters(&generate), without_dry_run("GenerateDataKey"));
    let without = GenerateDataKeyWithoutPlaintextRequest::new(KEY_ID)
        .key_spec("AES_256")
        .number_of_bytes(32)
        .encryption_context(&context());
    assert_eq!(
        to_parameters(&without),
        without_dry_run("GenerateDataKeyWithoutPlaintext")
    );
    let sent: ExportDataKeyRequest = models.request("ExportDataKey");
    let public_key = sent.public_key_blob.unwrap();
    let both =
        GenerateAndExportDataKeyRequest::new(KEY_ID, &public_key, "RSA_2048", "RSAES_OAEP_SHA_256")
            .key_spec("AES_256")
            .number_of_bytes(32)
            .encryption_context(&context());
    assert_eq!(
        to_parameters(&both),
        without_dry_run("GenerateAndExportDataKey")
    );
    let export = ExportDataKeyRequest::new(
        sent.ciphertext_blob.unwrap(),
        public_key,
        "RSA_2048",
        "RSAES_OAEP_SHA_256",
    )
    .encryption_context(&context());
    assert_eq!(to_parameters(&export), without_dry_run("ExportDataKey"));
}

#[test]
fn answers_leave_out_what_was_not_asked_and_numbers_must_be_numbers() {
    let json = serde_json::to_value(GenerateDataKeyResponse::new(
        "a2V5", "Y3Q=", KEY_ID, VERSION_ID, "r",
    ))
    .unwrap();
    assert!(json.get("CiphertextForRecipient").is_none());
    assert_eq!(
        (json["Plaintext"].as_str(), json["CiphertextBlob"].as_str()),
        (Some("a2V5"), Some("Y3Q="))
    );
    let json =
        serde_json::to_value(ExportDataKeyResponse::new("ZXhw", KEY_ID, VERSION_ID, "r")).unwrap();
    assert_eq!(json["ExportedDataKey"], "ZXhw");
    let json = serde_json::to_value(GenerateAndExportDataKeyResponse::new(
        "Y3Q=", "ZXhw", KEY_ID, VERSION_ID, "r",
    ))
    .unwrap();
    assert_eq!(json["KeyVersionId"], VERSION_ID);
    let pairs = vec![("NumberOfBytes".to_owned(), "32 bytes".to_owned())];
    assert!(from_parameters::<GenerateDataKeyRequest>(&pairs).is_err());
}
