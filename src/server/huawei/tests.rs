//! The Huawei front through the whole service: requests signed with
//! [`wire::huawei::Request`], answers read with the wire shapes.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::{Value, json};
use tower_service::Service;

use super::{is_kms_path, speaks};
use crate::InMemory;
use crate::server::service::AuthRefused;
use crate::server::{Accounts, Credential, KmsService, ServerOptions};
use crate::wire::huawei::{self as wire, AccessKey, Endpoint};

const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const OTHER_PROJECT: &str = "fedcba9876543210fedcba9876543210";
const AK: &str = "HWAKEXAMPLE";
const SK: &str = "huawei-example-secret";
const HOST: &str = "kms.cn-north-4.myhuaweicloud.com";

fn service() -> KmsService {
    let accounts = Accounts::new("cn-north-4")
        .with_account("111122223333", InMemory::new())
        .with_account("444455556666", InMemory::new())
        .with_credential(Credential::new(AK, SK, "111122223333").with_project_id(PROJECT))
        .with_credential(
            Credential::new("HWAKOTHER", "other-secret", "444455556666")
                .with_project_id(OTHER_PROJECT),
        )
        .with_credential(Credential::new("AKNOPROJECT", "no-project", "111122223333"));
    KmsService::new(Arc::new(accounts), Arc::new(ServerOptions::default()))
}

/// An answer: status, `X-Request-Id`, JSON body.
struct Answer {
    status: u16,
    request_id: String,
    body: Value,
    /// Marked as a refusal for credentials (answered late, then closed).
    refused: bool,
}

async fn send(service: &mut KmsService, signed: &wire::Signed) -> Answer {
    let mut request = http::Request::builder()
        .method(signed.method.as_str())
        .uri(signed.uri());
    for (name, value) in &signed.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let request = request
        .body(Full::new(Bytes::from(signed.body.clone())))
        .unwrap();
    let response = service.call(request).await.unwrap();
    let status = response.status().as_u16();
    let refused = response.extensions().get::<AuthRefused>().is_some();
    let request_id = response
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    Answer {
        status,
        request_id,
        body,
        refused,
    }
}

/// A request to `endpoint` with `params` (the project added), signed now
/// by `key` for `project`.
fn signed(
    endpoint: &str,
    params: &[(&str, &str)],
    body: &Value,
    key: &AccessKey,
    project: &str,
    at: SystemTime,
) -> wire::Signed {
    let endpoint = Endpoint::named(endpoint).unwrap();
    let mut all = vec![("project_id", project)];
    all.extend_from_slice(params);
    let path = endpoint.path_for(&all).unwrap();
    let mut request = wire::Request::new(endpoint.method, HOST, path).project_id(project);
    if !body.is_null() {
        request = request.json_body(serde_json::to_vec(body).unwrap());
    }
    request.sign(key, at)
}

/// Calls `endpoint` as the main credential and project.
async fn call(service: &mut KmsService, endpoint: &str, body: Value) -> Answer {
    call_with(service, endpoint, &[], body).await
}

async fn call_with(
    service: &mut KmsService,
    endpoint: &str,
    params: &[(&str, &str)],
    body: Value,
) -> Answer {
    let key = AccessKey::new(AK, SK);
    let request = signed(endpoint, params, &body, &key, PROJECT, SystemTime::now());
    send(service, &request).await
}

fn error_code(answer: &Answer) -> &str {
    answer.body["error"]["error_code"].as_str().unwrap_or("")
}

#[test]
fn huawei_requests_are_told_by_their_path() {
    let request = |uri: &str, headers: &[(&str, &str)]| {
        let mut builder = http::Request::post(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap()
    };
    assert!(speaks(&request("/v1.0/p1/kms/create-key", &[])));
    assert!(speaks(&request("/v1.0/p1/kms/no-such-endpoint", &[])));
    assert!(speaks(&request("/v1.1/p1/kms/create-key", &[])));
    assert!(!speaks(&request("/", &[])));
    assert!(!speaks(&request("/v1.0/p1/secrets", &[])));
    assert!(!speaks(&request("/v2.0/p1/kms/create-key", &[])));
    let aws = [("x-amz-target", "TrentService.CreateKey")];
    assert!(!speaks(&request("/v1.0/p1/kms/create-key", &aws)));
    assert!(!is_kms_path("/v1.0//kms/create-key"));
}

#[tokio::test]
async fn a_path_that_names_no_endpoint_is_the_gateways_not_found() {
    let mut service = service();
    let key = AccessKey::new(AK, SK);
    let request = wire::Request::new("POST", HOST, format!("/v1.0/{PROJECT}/kms/make-coffee"))
        .json_body("{}")
        .sign(&key, SystemTime::now());
    let answer = send(&mut service, &request).await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.body["error_code"], "APIG.0101");
    assert!(!answer.request_id.is_empty());
    // A known path with the wrong method routes nowhere too.
    let request = wire::Request::new("GET", HOST, format!("/v1.0/{PROJECT}/kms/create-key"))
        .sign(&key, SystemTime::now());
    assert_eq!(send(&mut service, &request).await.status, 404);
}

#[tokio::test]
async fn refused_signatures_answer_as_the_gateway_does() {
    let mut service = service();
    let body = json!({"key_id": "alias/none"});
    let now = SystemTime::now();
    let refused = |answer: &Answer| {
        answer.status == 401
            && answer.body["error_code"] == "APIG.0301"
            && !answer.request_id.is_empty()
            && answer.refused
    };

    let wrong_secret = AccessKey::new(AK, "not-the-secret");
    let request = signed("describe-key", &[], &body, &wrong_secret, PROJECT, now);
    assert!(refused(&send(&mut service, &request).await));

    let unknown = AccessKey::new("HWAKUNKNOWN", SK);
    let request = signed("describe-key", &[], &body, &unknown, PROJECT, now);
    assert!(refused(&send(&mut service, &request).await));

    let key = AccessKey::new(AK, SK);
    let stale = now - Duration::from_secs(20 * 60);
    let request = signed("describe-key", &[], &body, &key, PROJECT, stale);
    assert!(refused(&send(&mut service, &request).await));

    let mut changed = signed("describe-key", &[], &body, &key, PROJECT, now);
    changed.body = br#"{"key_id":"alias/other"}"#.to_vec();
    assert!(refused(&send(&mut service, &changed).await));

    let mut unsigned = signed("describe-key", &[], &body, &key, PROJECT, now);
    unsigned
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
    assert!(refused(&send(&mut service, &unsigned).await));

    // The same request, signed right, reaches KMS (which knows no such key).
    let request = signed("describe-key", &[], &body, &key, PROJECT, now);
    let answer = send(&mut service, &request).await;
    assert_eq!((answer.status, error_code(&answer)), (404, "KMS.0207"));
}

#[tokio::test]
async fn a_stale_date_is_judged_by_the_servers_own_clock_skew() {
    let accounts = Accounts::new("cn-north-4")
        .with_account("111122223333", InMemory::new())
        .with_credential(Credential::new(AK, SK, "111122223333").with_project_id(PROJECT));
    let options = ServerOptions::default().max_clock_skew(Duration::from_secs(60));
    let mut service = KmsService::new(Arc::new(accounts), Arc::new(options));
    let key = AccessKey::new(AK, SK);
    let body = json!({});
    let two_minutes_ago = SystemTime::now() - Duration::from_secs(120);
    let request = signed("list-keys", &[], &body, &key, PROJECT, two_minutes_ago);
    let answer = send(&mut service, &request).await;
    assert_eq!(
        (answer.status, &answer.body["error_code"]),
        (401, &json!("APIG.0301"))
    );
    let request = signed("list-keys", &[], &body, &key, PROJECT, SystemTime::now());
    assert_eq!(send(&mut service, &request).await.status, 200);
}

#[tokio::test]
async fn the_path_must_name_the_signing_credentials_project() {
    let mut service = service();
    let now = SystemTime::now();
    let body = json!({});
    let key = AccessKey::new(AK, SK);
    // A valid signature for the wrong project is no flood of forgeries.
    let mismatch = |answer: &Answer| {
        answer.status == 403 && error_code(answer) == "KMS.0321" && !answer.refused
    };

    let request = signed("list-keys", &[], &body, &key, OTHER_PROJECT, now);
    assert!(mismatch(&send(&mut service, &request).await));

    // A signed X-Project-Id other than the path's project.
    let path = Endpoint::named("list-keys")
        .unwrap()
        .path_for(&[("project_id", PROJECT)])
        .unwrap();
    let request = wire::Request::new("POST", HOST, path)
        .project_id(OTHER_PROJECT)
        .json_body("{}")
        .sign(&key, now);
    assert!(mismatch(&send(&mut service, &request).await));

    // A credential that names no project serves none.
    let no_project = AccessKey::new("AKNOPROJECT", "no-project");
    let request = signed("list-keys", &[], &body, &no_project, PROJECT, now);
    assert!(mismatch(&send(&mut service, &request).await));

    // Each credential reaches its own project's account, and only its keys.
    let created = call(&mut service, "create-key", json!({"key_alias": "mine"})).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let other = AccessKey::new("HWAKOTHER", "other-secret");
    let request = signed("list-keys", &[], &body, &other, OTHER_PROJECT, now);
    let answer = send(&mut service, &request).await;
    assert_eq!((answer.status, &answer.body["total"]), (200, &json!(0)));
    let mine = call(&mut service, "list-keys", json!({})).await;
    assert_eq!(mine.body["total"], 1);
}

#[tokio::test]
async fn any_credentials_mode_takes_every_project() {
    let accounts = Accounts::new("cn-north-4")
        .with_account("111122223333", InMemory::new())
        .allow_any_credentials("111122223333");
    let mut service = KmsService::new(Arc::new(accounts), Arc::new(ServerOptions::default()));
    let key = AccessKey::new("ANYTHING", "anything");
    let body = json!({"key_alias": "anyone"});
    let request = signed(
        "create-key",
        &[],
        &body,
        &key,
        "some-project",
        SystemTime::now(),
    );
    let answer = send(&mut service, &request).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test]
async fn errors_are_huaweis_nested_body_with_a_request_id() {
    let mut service = service();
    let answer = call(
        &mut service,
        "describe-key",
        json!({"key_id": "no-such-key"}),
    )
    .await;
    assert_eq!(answer.status, 404);
    assert_eq!(error_code(&answer), "KMS.0207");
    assert!(answer.body["error"]["error_msg"].as_str().is_some());
    assert_eq!(answer.request_id.len(), 32);

    let missing = call(&mut service, "describe-key", json!({})).await;
    assert_eq!((missing.status, error_code(&missing)), (400, "KMS.0204"));

    let key = AccessKey::new(AK, SK);
    let path = format!("/v1.0/{PROJECT}/kms/describe-key");
    let request = wire::Request::new("POST", HOST, path)
        .project_id(PROJECT)
        .json_body("{not json")
        .sign(&key, SystemTime::now());
    let malformed = send(&mut service, &request).await;
    assert_eq!(
        (malformed.status, error_code(&malformed)),
        (400, "KMS.0202")
    );
}

#[tokio::test]
async fn keys_are_created_described_and_listed_in_huaweis_words() {
    let mut service = service();
    let created = call(
        &mut service,
        "create-key",
        json!({"key_alias": "app-key", "key_description": "for the app"}),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(!created.request_id.is_empty());
    let info = &created.body["key_info"];
    let id = info["key_id"].as_str().unwrap().to_owned();
    assert_eq!(info["domain_id"], "111122223333");

    let described = call(&mut service, "describe-key", json!({"key_id": id})).await;
    let details = &described.body["key_info"];
    assert_eq!(details["key_id"], id.as_str());
    assert_eq!(details["key_alias"], "app-key");
    assert_eq!(details["key_spec"], "AES_256");
    assert_eq!(details["key_usage"], "ENCRYPT_DECRYPT");
    assert_eq!(details["key_state"], "2");
    assert_eq!(details["origin"], "kms");
    assert_eq!(details["key_description"], "for the app");
    assert_eq!(details["key_rotation_enabled"], "false");
    assert_eq!(details["realm"], "cn-north-4");
    // The key_alias is the crate alias alias/app-key, reachable as such.
    let by_alias = call(
        &mut service,
        "describe-key",
        json!({"key_id": "alias/app-key"}),
    )
    .await;
    assert_eq!(by_alias.body["key_info"]["key_id"], id.as_str());

    // An asymmetric key defaults to SIGN_VERIFY.
    let signing = call(
        &mut service,
        "create-key",
        json!({"key_alias": "signer", "key_spec": "EC_P256"}),
    )
    .await;
    let signing_id = signing.body["key_info"]["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let described = call(&mut service, "describe-key", json!({"key_id": signing_id})).await;
    assert_eq!(described.body["key_info"]["key_usage"], "SIGN_VERIFY");

    // Huawei lists AES_256 keys unless asked for another spec, or ALL.
    let aes = call(&mut service, "list-keys", json!({})).await;
    assert_eq!(aes.body["keys"], json!([id]));
    let ec = call(&mut service, "list-keys", json!({"key_spec": "EC_P256"})).await;
    assert_eq!(ec.body["keys"], json!([signing_id]));
    let all = call(&mut service, "list-keys", json!({"key_spec": "ALL"})).await;
    assert_eq!(all.body["total"], 2);
    assert_eq!(all.body["truncated"], "false");
    assert_eq!(all.body["keys"].as_array().unwrap().len(), 2);
    assert_eq!(all.body["key_details"].as_array().unwrap().len(), 2);

    let first = call(
        &mut service,
        "list-keys",
        json!({"limit": "1", "key_spec": "ALL"}),
    )
    .await;
    assert_eq!(first.body["truncated"], "true");
    let marker = first.body["next_marker"].as_str().unwrap().to_owned();
    let second = call(
        &mut service,
        "list-keys",
        json!({"limit": "1", "marker": marker}),
    )
    .await;
    assert_eq!(second.body["truncated"], "false");
    assert_ne!(first.body["keys"][0], second.body["keys"][0]);

    let disabled = call(&mut service, "disable-key", json!({"key_id": id})).await;
    assert_eq!(disabled.body["key_info"]["key_state"], "3");
    let only_disabled = call(&mut service, "list-keys", json!({"key_state": "3"})).await;
    assert_eq!(only_disabled.body["keys"], json!([id]));
    let enabled = call(&mut service, "enable-key", json!({"key_id": id})).await;
    assert_eq!(enabled.body["key_info"]["key_state"], "2");
    let again = call(&mut service, "enable-key", json!({"key_id": id})).await;
    assert_eq!((again.status, error_code(&again)), (400, "KMS.1201"));
}

#[tokio::test]
async fn key_deletion_takes_huaweis_pending_days() {
    let mut service = service();
    let created = call(&mut service, "create-key", json!({"key_alias": "doomed"})).await;
    let id = created.body["key_info"]["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (days, code) in [("6", "KMS.1401"), ("1097", "KMS.1401"), ("x", "KMS.1401")] {
        let refused = call(
            &mut service,
            "schedule-key-deletion",
            json!({"key_id": id, "pending_days": days}),
        )
        .await;
        assert_eq!(
            (refused.status, error_code(&refused)),
            (400, code),
            "{days}"
        );
    }
    let beyond = call(
        &mut service,
        "schedule-key-deletion",
        json!({"key_id": id, "pending_days": "100"}),
    )
    .await;
    assert_eq!(error_code(&beyond), "KMS.0211", "{}", beyond.body);
    let scheduled = call(
        &mut service,
        "schedule-key-deletion",
        json!({"key_id": id, "pending_days": "7"}),
    )
    .await;
    assert_eq!(scheduled.body, json!({"key_id": id, "key_state": "4"}));
    let cancelled = call(&mut service, "cancel-key-deletion", json!({"key_id": id})).await;
    assert_eq!(cancelled.body, json!({"key_id": id, "key_state": "3"}));
}

#[tokio::test]
async fn parameters_the_server_cannot_honour_are_refused_by_name() {
    let mut service = service();
    for (name, body) in [
        (
            "enterprise_project_id",
            json!({"key_alias": "a", "enterprise_project_id": "ep-1"}),
        ),
        (
            "keystore_id",
            json!({"key_alias": "b", "keystore_id": "ks-1"}),
        ),
        ("vm_id", json!({"key_alias": "c", "vm_id": "vm-1"})),
    ] {
        let refused = call(&mut service, "create-key", body).await;
        assert_eq!(error_code(&refused), "KMS.0211", "{name}");
        let message = refused.body["error"]["error_msg"].as_str().unwrap();
        assert!(message.contains(name), "{message}");
    }
    let default = json!({"key_alias": "d", "enterprise_project_id": "0", "keystore_id": "0"});
    assert_eq!(call(&mut service, "create-key", default).await.status, 200);
}

#[tokio::test]
async fn aliases_and_key_aliases_are_the_same_names() {
    let mut service = service();
    let created = call(&mut service, "create-key", json!({"key_alias": "first"})).await;
    let id = created.body["key_info"]["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let taken = call(&mut service, "create-key", json!({"key_alias": "first"})).await;
    assert_eq!(error_code(&taken), "KMS.1104");

    let renamed = call(
        &mut service,
        "update-key-alias",
        json!({"key_id": id, "key_alias": "second"}),
    )
    .await;
    assert_eq!(
        renamed.body["key_info"],
        json!({"key_id": id, "key_alias": "second"})
    );
    let gone = call(
        &mut service,
        "describe-key",
        json!({"key_id": "alias/first"}),
    )
    .await;
    assert_eq!(gone.status, 404);

    let added = call(
        &mut service,
        "create-alias",
        json!({"key_id": id, "alias": "alias/extra"}),
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(added.body["alias"], "alias/extra");
    assert_eq!(added.body["key_id"], id.as_str());

    let listed = call_with(&mut service, "list-aliases", &[], Value::Null).await;
    let names: Vec<&str> = listed.body["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["alias"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alias/extra", "alias/second"]);
    assert_eq!(listed.body["page_info"]["current_count"], 2);
    // The key's alias is still its oldest one.
    let described = call(&mut service, "describe-key", json!({"key_id": id})).await;
    assert_eq!(described.body["key_info"]["key_alias"], "second");
    // Renaming it to another of its aliases drops the old one.
    let renamed = call(
        &mut service,
        "update-key-alias",
        json!({"key_id": id, "key_alias": "alias/extra"}),
    )
    .await;
    assert_eq!(
        renamed.body["key_info"]["key_alias"], "extra",
        "{}",
        renamed.body
    );
    let described = call(&mut service, "describe-key", json!({"key_id": id})).await;
    assert_eq!(described.body["key_info"]["key_alias"], "extra");
    let restored = json!({"key_id": id, "alias": "alias/second"});
    assert_eq!(
        call(&mut service, "create-alias", restored).await.status,
        200
    );

    let other = call(&mut service, "create-key", json!({"key_alias": "other"})).await;
    let other_id = other.body["key_info"]["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let moved = call(
        &mut service,
        "associate-alias",
        json!({"alias": "alias/extra", "target_key_id": other_id}),
    )
    .await;
    assert_eq!(moved.body["key_id"], other_id.as_str());

    let not_its = call(
        &mut service,
        "delete-alias",
        json!({"key_id": id, "aliases": ["alias/extra"]}),
    )
    .await;
    assert_eq!(not_its.status, 404);
    let deleted = call(
        &mut service,
        "delete-alias",
        json!({"key_id": other_id, "aliases": ["alias/extra"]}),
    )
    .await;
    assert_eq!((deleted.status, &deleted.body), (200, &json!({})));
}

#[tokio::test]
async fn tags_are_set_listed_and_removed() {
    let mut service = service();
    let created = call(&mut service, "create-key", json!({"key_alias": "tagged"})).await;
    let id = created.body["key_info"]["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = [("key_id", id.as_str())];
    let one = json!({"tag": {"key": "team", "value": "core"}});
    assert_eq!(
        call_with(&mut service, "create-tag", &key, one)
            .await
            .status,
        200
    );
    let batch = json!({"action": "create", "tags": [{"key": "env", "value": "dev"}, {"key": "a/b", "value": "c"}]});
    assert_eq!(
        call_with(&mut service, "batch-tags", &key, batch)
            .await
            .status,
        200
    );
    let listed = call_with(&mut service, "list-key-tags", &key, Value::Null).await;
    assert_eq!(listed.body["existTagsNum"], 3);

    let slash = [("key_id", id.as_str()), ("key", "a/b")];
    let removed = call_with(&mut service, "delete-tag", &slash, Value::Null).await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    let batch = json!({"action": "delete", "tags": [{"key": "env", "value": "dev"}]});
    assert_eq!(
        call_with(&mut service, "batch-tags", &key, batch)
            .await
            .status,
        200
    );
    let listed = call_with(&mut service, "list-key-tags", &key, Value::Null).await;
    assert_eq!(
        listed.body["tags"],
        json!([{"key": "team", "value": "core"}])
    );

    let project = call_with(&mut service, "list-project-tags", &[], Value::Null).await;
    assert_eq!(
        project.body["tags"],
        json!([{"key": "team", "values": ["core"]}])
    );
    let bad = json!({"action": "rename", "tags": [{"key": "team", "value": "x"}]});
    let refused = call_with(&mut service, "batch-tags", &key, bad).await;
    assert_eq!(error_code(&refused), "KMS.0308");
}

#[tokio::test]
async fn rotation_is_enabled_timed_and_reported() {
    let mut service = service();
    let created = call(&mut service, "create-key", json!({"key_alias": "rotating"})).await;
    let id = created.body["key_info"]["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = json!({"key_id": id});
    let early = call(
        &mut service,
        "update-key-rotation-interval",
        json!({"key_id": id, "rotation_interval": 90}),
    )
    .await;
    assert_eq!(early.status, 400);
    assert_eq!(
        call(&mut service, "enable-key-rotation", key.clone())
            .await
            .status,
        200
    );
    let status = call(&mut service, "get-key-rotation-status", key.clone()).await;
    assert_eq!(status.body["key_rotation_enabled"], true);
    assert_eq!(status.body["rotation_interval"], 365);
    for (days, ok) in [(29, false), (366, false), (90, true)] {
        let answer = call(
            &mut service,
            "update-key-rotation-interval",
            json!({"key_id": id, "rotation_interval": days}),
        )
        .await;
        assert_eq!(answer.status == 200, ok, "{days}: {}", answer.body);
    }
    let rotated = call(&mut service, "rotate-on-demand", key.clone()).await;
    assert_eq!(rotated.body, json!({"key_id": id}));
    let status = call(&mut service, "get-key-rotation-status", key.clone()).await;
    assert_eq!(status.body["rotation_interval"], 90);
    assert_eq!(status.body["number_of_rotations"], 1);
    assert_eq!(status.body["key_materials"].as_array().unwrap().len(), 2);
    let described = call(&mut service, "describe-key", key.clone()).await;
    assert_eq!(described.body["key_info"]["key_rotation_enabled"], "true");
    assert_eq!(
        call(&mut service, "disable-key-rotation", key.clone())
            .await
            .status,
        200
    );
    let status = call(&mut service, "get-key-rotation-status", key).await;
    assert_eq!(status.body["key_rotation_enabled"], false);
}

#[tokio::test]
async fn key_material_is_imported_with_huaweis_wrapping() {
    use crate::spec::WrappingAlgorithm;
    let mut service = service();
    let created = call(
        &mut service,
        "create-key",
        json!({"key_alias": "byok", "origin": "external"}),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let id = created.body["key_info"]["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let described = call(&mut service, "describe-key", json!({"key_id": id})).await;
    assert_eq!(described.body["key_info"]["key_state"], "5");
    assert_eq!(described.body["key_info"]["origin"], "external");

    let parameters = call(
        &mut service,
        "get-parameters-for-import",
        json!({"key_id": id, "wrapping_algorithm": "SM2_ENCRYPT"}),
    )
    .await;
    assert_eq!(parameters.status, 200, "{}", parameters.body);
    assert!(parameters.body["expiration_time"].as_i64().unwrap() > 0);
    let decode = |field: &str| {
        use base64::Engine as _;
        let text = parameters.body[field].as_str().unwrap();
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .unwrap()
    };
    let public_key = decode("public_key");
    let material = [7u8; 32];
    let wrapped =
        crate::wrap_key_material(&public_key, WrappingAlgorithm::Sm2Pke, &material).unwrap();
    let import = |token: &str, wrapped: &[u8]| {
        use base64::Engine as _;
        json!({
            "key_id": id,
            "import_token": token,
            "encrypted_key_material": base64::engine::general_purpose::STANDARD.encode(wrapped),
        })
    };
    let bad_token = call(
        &mut service,
        "import-key-material",
        import("not base64!", &wrapped),
    )
    .await;
    assert_eq!(error_code(&bad_token), "KMS.2601");
    let token = parameters.body["import_token"].as_str().unwrap().to_owned();
    let imported = call(
        &mut service,
        "import-key-material",
        import(&token, &wrapped),
    )
    .await;
    assert_eq!((imported.status, &imported.body), (200, &json!({})));
    let described = call(&mut service, "describe-key", json!({"key_id": id})).await;
    assert_eq!(described.body["key_info"]["key_state"], "2");
    // Huawei imports only into a key awaiting material.
    let again = call(
        &mut service,
        "import-key-material",
        import(&token, &wrapped),
    )
    .await;
    assert_eq!((again.status, error_code(&again)), (400, "KMS.0310"));

    let deleted = call(
        &mut service,
        "delete-imported-key-material",
        json!({"key_id": id}),
    )
    .await;
    assert_eq!(deleted.status, 200);
    let described = call(&mut service, "describe-key", json!({"key_id": id})).await;
    assert_eq!(described.body["key_info"]["key_state"], "5");

    let private = json!({"key_id": id, "import_token": token, "encrypted_key_material": "AA==", "encrypted_privatekey": "AA=="});
    let refused = call(&mut service, "import-key-material", private).await;
    assert_eq!(error_code(&refused), "KMS.0211");
}
