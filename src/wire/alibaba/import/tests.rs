use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::wire::alibaba::model_check::Models;
use crate::wire::alibaba::{from_parameters, to_parameters};

const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";

fn models() -> Models {
    Models::parse(include_str!(
        "../../../../tests/data/alibaba/import-models.json"
    ))
}

#[test]
fn every_import_action_reads_and_writes_as_the_sdk_does() {
    let models = models();
    models.assert_all_checked(&[
        "GetParametersForImport",
        "ImportKeyMaterial",
        "DeleteKeyMaterial",
    ]);
    let parameters: GetParametersForImportRequest = models.request("GetParametersForImport");
    assert_eq!(
        parameters,
        GetParametersForImportRequest::new(KEY_ID, "RSA_2048", "RSAES_OAEP_SHA_256")
    );
    let import: ImportKeyMaterialRequest = models.request("ImportKeyMaterial");
    assert_eq!(import.key_material_expire_unix, Some(1_746_100_800));
    let expires = UNIX_EPOCH + Duration::from_secs(1_746_100_800);
    assert_eq!(import.expiry(), Ok(Some(expires)));
    let ours = ImportKeyMaterialRequest::new(
        KEY_ID,
        import.import_token.clone().unwrap(),
        import.encrypted_key_material.clone().unwrap(),
    )
    .expires(expires);
    assert_eq!(ours, import);
    assert_eq!(to_parameters(&ours), models.parameters("ImportKeyMaterial"));
    let delete: DeleteKeyMaterialRequest = models.request("DeleteKeyMaterial");
    assert_eq!(delete.key_id.as_deref(), Some(KEY_ID));

    let answer: GetParametersForImportResponse = models.response("GetParametersForImport");
    assert_eq!(answer.token_expire_time, "2024-05-02T12:00:00Z");
    assert!(
        !answer.public_key.starts_with("-----"),
        "base64 DER, not PEM"
    );
    let again = GetParametersForImportResponse::new(
        KEY_ID,
        &answer.public_key,
        &answer.import_token,
        UNIX_EPOCH + Duration::from_secs(1_714_651_200),
        &answer.request_id,
    );
    assert_eq!(again, answer);
    for action in ["ImportKeyMaterial", "DeleteKeyMaterial"] {
        let done: RequestIdResponse = models.response(action);
        assert!(!done.request_id.is_empty(), "{action}");
    }
}

#[test]
fn material_expiry_zero_means_never_and_negative_is_refused() {
    let never = ImportKeyMaterialRequest::new(KEY_ID, "t", "m");
    assert_eq!(never.key_material_expire_unix, Some(0));
    assert_eq!(never.expiry(), Ok(None));
    assert_eq!(ImportKeyMaterialRequest::default().expiry(), Ok(None));
    let pairs = [("KeyMaterialExpireUnix".to_owned(), "-5".to_owned())];
    let negative: ImportKeyMaterialRequest = from_parameters(&pairs).unwrap();
    assert_eq!(
        negative.expiry().unwrap_err().parameter,
        "KeyMaterialExpireUnix"
    );
    let pairs = [("KeyMaterialExpireUnix".to_owned(), "tomorrow".to_owned())];
    assert!(from_parameters::<ImportKeyMaterialRequest>(&pairs).is_err());
}
