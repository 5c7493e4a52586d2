//! Conversions between the crate's types and Huawei's, the configuration
//! from the environment, the signed requests and error answers.

use std::collections::HashMap;
use std::time::{Duration, UNIX_EPOCH};

use super::config;
use super::convert::*;
use super::transport::{Call, answer_error};
use super::*;
use crate::wire::huawei::{self as wire, Endpoint, IncomingRequest};
use crate::{
    DataKeyPairSpec, EncryptionAlgorithm, EncryptionContext, KeySpec, KeyState, KeyUsage,
    MacAlgorithm, MessageType, Origin, SigningAlgorithm, WrappingAlgorithm, WrappingKeySpec,
};

const ID: &str = "0d0466b0-e727-4d9c-b35d-f84bb474a37f";

#[test]
fn the_vocabulary_crosses_in_huawei_spelling_both_ways() {
    assert_eq!(spelled(KeySpec::SymmetricDefault), "AES_256");
    assert_eq!(spelled(KeySpec::EccNistP256), "EC_P256");
    assert_eq!(spelled(KeyUsage::SignVerify), "SIGN_VERIFY");
    assert_eq!(spelled(KeyState::PendingDeletion), "4");
    assert_eq!(spelled(SigningAlgorithm::Sm2Dsa), "SM2DSA_SM3");
    assert_eq!(spelled(EncryptionAlgorithm::Sm2Pke), "SM2_ENCRYPT");
    assert_eq!(spelled(MessageType::Raw), "RAW");
    assert_eq!(spelled(MessageType::Digest), "DIGEST");
    assert_eq!(spelled(Origin::External), "external");
    assert_eq!(spelled(MacAlgorithm::HmacSha256), "HMAC_SHA_256");
    assert_eq!(read::<KeyState>("3").unwrap(), KeyState::Disabled);
    assert_eq!(read::<KeySpec>("SM4").unwrap(), KeySpec::Sm4);
    let err = read::<KeySpec>("AES_512").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotImplemented);
    assert!(err.to_string().contains("AES_512"), "{err}");
}

#[test]
fn data_key_pairs_go_to_their_endpoint() {
    for spec in [
        DataKeyPairSpec::Rsa2048,
        DataKeyPairSpec::Rsa3072,
        DataKeyPairSpec::Rsa4096,
    ] {
        assert!(spelled(spec).starts_with("RSA"), "{spec}");
    }
    for spec in [DataKeyPairSpec::EccNistP256, DataKeyPairSpec::Sm2] {
        assert!(!spelled(spec).starts_with("RSA"), "{spec}");
    }
}

fn details(json: &str) -> wire::KeyDetails {
    serde_json::from_str(json).unwrap()
}

#[test]
fn key_details_read_as_metadata() {
    let json = format!(
        r#"{{"key_id":"{ID}","domain_id":"d1","key_alias":"release","realm":"cn-north-4",
            "key_spec":"EC_P256","key_usage":"SIGN_VERIFY","key_description":"signing",
            "creation_date":"1714564800000","scheduled_deletion_date":"1715169600000",
            "key_state":"4","default_key_flag":"0","key_type":"1","expiration_time":"",
            "origin":"external","key_rotation_enabled":"false"}}"#
    );
    let meta = metadata(&details(&json), "describe-key").unwrap();
    assert_eq!(meta.key_id.as_str(), ID);
    assert_eq!(meta.arn, format!("kms:cn-north-4:d1:key/{ID}"));
    assert_eq!(reference(&meta.arn).unwrap(), ID);
    assert_eq!(
        reference("kms:cn-north-4:d1:alias/app").unwrap(),
        "alias/app"
    );
    assert_eq!(reference("alias/app").unwrap(), "alias/app");
    assert!(reference("").is_err());
    assert_eq!(meta.key_spec, KeySpec::EccNistP256);
    assert_eq!(meta.key_usage, KeyUsage::SignVerify);
    assert_eq!(meta.key_state, KeyState::PendingDeletion);
    assert_eq!(meta.origin, Origin::External);
    assert_eq!(meta.description, "signing");
    assert_eq!(
        meta.creation_date,
        UNIX_EPOCH + Duration::from_secs(1_714_564_800)
    );
    assert_eq!(
        meta.deletion_date,
        Some(UNIX_EPOCH + Duration::from_secs(1_715_169_600))
    );
    assert_eq!(meta.valid_to, None);
    assert_eq!(meta.current_key_version, None);
    // No usage: the spec's default; no spec or a bad time: refused.
    let no_usage = details(&json.replace(r#""key_usage":"SIGN_VERIFY","#, ""));
    assert_eq!(
        metadata(&no_usage, "describe-key").unwrap().key_usage,
        KeySpec::EccNistP256.default_usage()
    );
    let no_spec = details(&json.replace(r#""key_spec":"EC_P256","#, ""));
    let err = metadata(&no_spec, "describe-key").unwrap_err();
    assert!(err.to_string().contains("key_spec"), "{err}");
    let bad_time = details(&json.replace("1714564800000", "yesterday"));
    assert!(metadata(&bad_time, "describe-key").is_err());
}

#[test]
fn encodings_hex_base64_and_public_keys() {
    assert_eq!(hex("00abff", "x", "m").unwrap(), [0, 0xab, 0xff]);
    assert!(hex("0g", "x", "m").is_err());
    assert!(hex("", "x", "m").is_err());
    assert_eq!(bytes(&b64(b"\x00\xff"), "x", "m").unwrap(), b"\x00\xff");
    assert!(bytes("%%%", "x", "m").is_err());
    let der = [0x30, 0x03, 0x02, 0x01, 0x05];
    let pem =
        spki::der::pem::encode_string("PUBLIC KEY", spki::der::pem::LineEnding::LF, &der).unwrap();
    assert_eq!(public_key_der(&pem, "get-publickey").unwrap(), der);
    assert_eq!(public_key_der(&b64(&der), "get-publickey").unwrap(), der);
    let private = pem.replace("PUBLIC KEY", "PRIVATE KEY");
    assert!(public_key_der(&private, "get-publickey").is_err());
}

#[test]
fn encryption_contexts_bind_as_sorted_json() {
    let context = EncryptionContext::new().with("b", "2").with("a", "1");
    assert_eq!(
        aad(Some(&context)).unwrap().as_deref(),
        Some(r#"{"a":"1","b":"2"}"#)
    );
    assert_eq!(aad(Some(&EncryptionContext::new())).unwrap(), None);
    assert_eq!(aad(None).unwrap(), None);
}

#[test]
fn aliases_and_pages() {
    assert_eq!(key_alias_of("alias/app"), "app");
    assert_eq!(key_alias_of("app"), "app");
    let (a, b) = (generated_key_alias(), generated_key_alias());
    assert_ne!(a, b);
    assert!(a.starts_with("polykms-") && a.len() == 8 + 32, "{a}");
    assert!(is_alias("alias/x") && !is_alias(ID));
    assert_eq!(offset(None, "l").unwrap(), 0);
    assert_eq!(offset(Some("3"), "l").unwrap(), 3);
    for bad in ["", "0", "03", "x", "-1"] {
        assert_eq!(
            offset(Some(bad), "l").unwrap_err().kind(),
            ErrorKind::InvalidMarker,
            "{bad:?}"
        );
    }
    let all = [1, 2, 3, 4, 5];
    assert_eq!(
        local_page(&all, 0, 2, "l").unwrap(),
        (vec![1, 2], Some("2".into()))
    );
    assert_eq!(local_page(&all, 4, 2, "l").unwrap(), (vec![5], None));
    assert!(local_page(&all, 6, 2, "l").is_err());
    assert_eq!(page_size(Some(5), 50, 10).unwrap(), 5);
    assert_eq!(page_size(None, 50, 10).unwrap(), 10);
    assert!(page_size(Some(0), 50, 10).is_err());
    assert!(page_size(Some(51), 50, 10).is_err());
    assert_eq!(millis("0", "x", "m").unwrap(), None);
    assert_eq!(
        millis("1500", "x", "m").unwrap(),
        Some(UNIX_EPOCH + Duration::from_millis(1500))
    );
}

#[test]
fn wrapping_pairs_and_rotation_times() {
    use super::rotation::{check_wrapping, epoch_of};
    check_wrapping(WrappingAlgorithm::RsaesOaepSha256, WrappingKeySpec::Rsa2048).unwrap();
    check_wrapping(WrappingAlgorithm::Sm2Pke, WrappingKeySpec::Sm2).unwrap();
    let err =
        check_wrapping(WrappingAlgorithm::RsaesOaepSha256, WrappingKeySpec::Rsa4096).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedOperation);
    assert!(err.to_string().contains("GetParametersForImport"), "{err}");
    assert!(check_wrapping(WrappingAlgorithm::RsaesOaepSha1, WrappingKeySpec::Rsa2048).is_err());
    let at = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
    assert_eq!(epoch_of("1714564800").unwrap(), Some(at));
    assert_eq!(epoch_of("1714564800000").unwrap(), Some(at));
    assert_eq!(epoch_of("").unwrap(), None);
}

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

#[test]
fn the_environment_gives_credentials_project_region_and_endpoint() {
    let env = env_of(&[
        (config::AK, "HPUAENV"),
        (config::SK, "env-secret"),
        (config::SECURITY_TOKEN, "token"),
        (config::PROJECT_ID, "p1"),
        (config::REGION, "cn-north-4"),
        (
            "HUAWEICLOUD_SDK_REGION_KMS_CN_NORTH_4",
            "https://a.example,https://b.example",
        ),
    ]);
    let found = config::read(&env).unwrap();
    let credentials = found.credentials.unwrap();
    assert_eq!(credentials.access_key.id(), "HPUAENV");
    assert_eq!(credentials.security_token.as_deref(), Some("token"));
    assert_eq!(found.project_id.as_deref(), Some("p1"));
    assert_eq!(found.region.as_deref(), Some("cn-north-4"));
    assert_eq!(
        config::region_endpoint(&env, "cn-north-4").as_deref(),
        Some("https://a.example")
    );
    assert_eq!(config::region_endpoint(&env, "cn-east-3"), None);
    let half = env_of(&[(config::AK, "HPUAENV"), (config::SK, "")]);
    assert!(config::read(&half).unwrap().credentials.is_none());
}

#[test]
fn endpoints_and_regions() {
    assert_eq!(
        endpoint_of("http://127.0.0.1:8080").unwrap(),
        ("http".into(), "127.0.0.1:8080".into())
    );
    assert_eq!(
        endpoint_of("kms.cn-north-4.myhuaweicloud.com").unwrap().0,
        "https"
    );
    assert!(endpoint_of("ftp://x").is_err());
    assert!(endpoint_of("https://u:p@x").is_err());
    assert!(endpoint_of("https://x/v1.0/p/kms").is_err());
    assert_eq!(
        regional_host("cn-north-4").unwrap(),
        "kms.cn-north-4.myhuaweicloud.com"
    );
    assert!(regional_host("CN North").is_err());
}

fn transport() -> Transport {
    Transport {
        client: super::transport::http_client(false, Duration::from_secs(1)).unwrap(),
        scheme: "http".into(),
        authority: "127.0.0.1:9".into(),
        project_id: "p1".into(),
        credentials: Credentials::new("HPUATEST".into(), "sk".into(), Some("tok".into())),
        timeout: Duration::from_secs(1),
        max_attempts: 1,
    }
}

/// The request sent verifies with the wire module's own checker, signs
/// the security token, and names the project in path and header.
#[test]
fn requests_are_signed_as_the_server_checks_them() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _guard = rt.enter();
    let transport = transport();
    let now = UNIX_EPOCH + Duration::from_secs(1_714_564_800);
    let call = Call {
        endpoint: Endpoint::named("delete-tag").unwrap(),
        params: &[("key_id", ID), ("key", "team/a b")],
        query: Vec::new(),
        body: None,
    };
    let request = transport.signed(&call, now).unwrap();
    assert_eq!(request.method(), "DELETE");
    let path = request.uri().path().to_owned();
    assert_eq!(path, format!("/v1.0/p1/kms/{ID}/tags/team%2Fa%20b"));
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    let incoming = IncomingRequest::new("DELETE", &path).headers(&headers);
    let secret_of = |ak: &str| (ak == "HPUATEST").then_some("sk");
    let verified = wire::verify(&incoming, secret_of, now).unwrap();
    assert_eq!(verified.project_id.as_deref(), Some("p1"));
    assert_eq!(verified.security_token.as_deref(), Some("tok"));

    let query = wire::ListAliasesQuery {
        key_id: Some(ID.into()),
        limit: Some("10".into()),
        marker: None,
    };
    let call = Call {
        endpoint: Endpoint::named("list-aliases").unwrap(),
        params: &[],
        query: query.to_query(),
        body: None,
    };
    let request = transport.signed(&call, now).unwrap();
    assert_eq!(request.method(), "GET");
    assert_eq!(
        request.uri().query(),
        Some(format!("key_id={ID}&limit=10").as_str())
    );
}

#[test]
fn error_answers_keep_code_message_request_id_and_status() {
    let body = br#"{"error":{"error_code":"KMS.0209","error_msg":"The key is disabled."}}"#;
    let error = answer_error("encrypt-data", 400, Some("req-1"), body);
    assert_eq!(error.kind, ErrorKind::Disabled);
    assert_eq!(error.code.as_deref(), Some("KMS.0209"));
    assert_eq!(error.request_id.as_deref(), Some("req-1"));
    assert_eq!(error.http_status, Some(400));
    assert!(
        error.to_string().contains("The key is disabled."),
        "{error}"
    );
    // The gateway's flat body, its request id in the body.
    let body = br#"{"error_code":"APIG.0308","error_msg":"slow down","request_id":"gw-1"}"#;
    let error = answer_error("describe-key", 429, None, body);
    assert_eq!(error.kind, ErrorKind::Throttled);
    assert_eq!(error.request_id.as_deref(), Some("gw-1"));
    // A code the table does not know: by status; no body at all: by status.
    let body = br#"{"error":{"error_code":"KMS.9999","error_msg":"?"}}"#;
    assert_eq!(answer_error("x", 404, None, body).kind, ErrorKind::NotFound);
    assert_eq!(
        answer_error("x", 503, None, b"<html>").kind,
        ErrorKind::Unavailable
    );
}
