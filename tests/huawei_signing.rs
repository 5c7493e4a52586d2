//! Huawei Cloud's `SDK-HMAC-SHA256` against golden vectors made by the
//! official Python SDK's own signer (`tests/data/huawei/`, made by
//! `generate_vectors.py`): the Rust signer must produce the same canonical
//! request, string to sign, signature and headers byte for byte, and the
//! verifier must accept each request as the SDK sent it and refuse it with
//! its body, path, query or a header changed, under a wrong secret, or
//! when its date is stale.

use std::time::{Duration, SystemTime};

use polykms::wire::huawei::{
    self, AccessKey, IncomingRequest, Request, SignatureError, UNSIGNED_PAYLOAD, Verified,
    parse_query,
};
use serde::Deserialize;

type Pairs = Vec<(String, String)>;

#[derive(Debug, Deserialize)]
struct Vectors {
    sdks: serde_json::Map<String, serde_json::Value>,
    access_key_id: String,
    secret_access_key: String,
    sdk_date: String,
    project_id: String,
    vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
struct Vector {
    name: String,
    /// The crate's name of the endpoint a client vector calls.
    endpoint: Option<String>,
    kind: String,
    method: String,
    host: String,
    path: String,
    query: Pairs,
    uri: String,
    headers: Pairs,
    body: String,
    canonical_request: String,
    string_to_sign: String,
    signature: String,
    authorization: String,
}

fn vectors() -> Vectors {
    serde_json::from_str(include_str!("data/huawei/signing-vectors.json"))
        .expect("signing-vectors.json")
}

impl Vectors {
    fn key(&self) -> AccessKey {
        AccessKey::new(&self.access_key_id, &self.secret_access_key)
    }

    fn at(&self) -> SystemTime {
        huawei::parse_sdk_date(&self.sdk_date).expect("sdk_date")
    }
}

impl Vector {
    /// The headers the caller gives the signer: all but those it adds.
    fn given_headers(&self) -> impl Iterator<Item = &(String, String)> {
        const ADDED: &[&str] = &[
            "x-sdk-date",
            "host",
            "authorization",
            "x-sdk-content-sha256",
        ];
        self.headers
            .iter()
            .filter(|(name, _)| !ADDED.contains(&name.to_ascii_lowercase().as_str()))
    }

    fn unsigned_payload(&self) -> bool {
        self.headers
            .iter()
            .any(|(name, value)| name == "X-Sdk-Content-Sha256" && value == UNSIGNED_PAYLOAD)
    }

    /// The path and the decoded query, as a server reads them from the URI.
    fn received(&self) -> (String, Pairs) {
        match self.uri.split_once('?') {
            Some((path, query)) => (path.to_owned(), parse_query(query).expect("query decodes")),
            None => (self.uri.clone(), Vec::new()),
        }
    }
}

fn lower(pairs: &[(String, String)]) -> Pairs {
    let mut out: Pairs = pairs
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
        .collect();
    out.sort();
    out
}

#[test]
fn the_vectors_come_from_the_official_sdk_and_cover_the_cases() {
    let v = vectors();
    for sdk in ["huaweicloudsdkcore", "huaweicloudsdkkms"] {
        assert!(v.sdks.contains_key(sdk), "{sdk}");
    }
    let t = &v.vectors;
    assert!(t.len() >= 15);
    assert!(t.iter().filter(|t| t.kind == "client").count() >= 8);
    let has = |f: &dyn Fn(&Vector) -> bool| t.iter().any(f);
    assert!(has(&|t| t.method == "GET") && has(&|t| t.method == "DELETE"));
    assert!(
        has(&|t| t.body.is_empty() && t.method == "POST"),
        "an empty POST body"
    );
    assert!(has(&|t| t.body.starts_with('{')), "a JSON body");
    assert!(
        has(&|t| !t.path.ends_with('/')) && has(&|t| t.path.len() > 1 && t.path.ends_with('/'))
    );
    assert!(
        has(&|t| t.path.contains("/kms/") && t.path.starts_with("/v1.0/0b4b")),
        "the project in the path"
    );
    let repeated = |t: &Vector| {
        let mut names: Vec<&str> = t.query.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        let all = names.len();
        names.dedup();
        names.len() < all
    };
    assert!(has(&repeated), "a repeated query name");
    assert!(has(&|t| t.uri.contains("%2F")
        && t.uri.contains("%20")
        && t.uri.contains('~')));
    assert!(
        has(&|t| t.headers.iter().any(|(n, _)| n.contains('_'))),
        "an unsigned header"
    );
    assert!(has(&|t| t.headers.iter().any(|(n, _)| n == "X-Project-Id")));
    assert!(
        has(&|t| t.headers.iter().any(|(_, v)| !v.is_ascii())),
        "a unicode header value"
    );
    assert!(
        has(&|t| !t.uri.is_ascii() || t.uri.contains("%E5")),
        "unicode in the URI"
    );
    assert!(has(&|t| !t.body.is_ascii()), "a unicode body");
}

#[test]
fn the_canonical_strings_and_signatures_match_the_sdk() {
    let v = vectors();
    for t in &v.vectors {
        let signed: Vec<&str> = t
            .authorization
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .expect("SignedHeaders")
            .split(';')
            .collect();
        let payload_hash = t.canonical_request.rsplit('\n').next().unwrap();
        let canonical = huawei::canonical_request(
            &t.method,
            &t.path,
            &t.query,
            &t.headers,
            &signed,
            payload_hash,
        );
        assert_eq!(canonical, t.canonical_request, "{}", t.name);
        let string_to_sign = huawei::string_to_sign(&v.sdk_date, &canonical);
        assert_eq!(string_to_sign, t.string_to_sign, "{}", t.name);
        let signature = huawei::signature(v.secret_access_key.as_bytes(), &string_to_sign);
        assert_eq!(signature, t.signature, "{}", t.name);
    }
}

#[test]
fn the_signer_builds_the_sdks_requests_byte_for_byte() {
    let v = vectors();
    for t in &v.vectors {
        let mut request = Request::new(&t.method, &t.host, &t.path).body(t.body.as_bytes());
        for (name, value) in &t.query {
            request = request.query(name, value);
        }
        for (name, value) in t.given_headers() {
            request = request.header(name, value);
        }
        let signed = request.sign(&v.key(), v.at());
        assert_eq!(signed.canonical_request, t.canonical_request, "{}", t.name);
        assert_eq!(signed.string_to_sign, t.string_to_sign, "{}", t.name);
        assert_eq!(signed.signature, t.signature, "{}", t.name);
        assert_eq!(signed.authorization, t.authorization, "{}", t.name);
        assert_eq!(signed.uri(), t.uri, "{}", t.name);
        assert_eq!(lower(&signed.headers), lower(&t.headers), "{}", t.name);
    }
}

/// A request as a server receives it.
#[derive(Clone, Copy)]
struct Sent<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a [(String, String)],
    headers: &'a [(String, String)],
    body: &'a [u8],
}

impl Sent<'_> {
    fn check(
        &self,
        v: &Vectors,
        secret: &str,
        now: SystemTime,
    ) -> Result<Verified, SignatureError> {
        let request = IncomingRequest::new(self.method, self.path)
            .query(self.query)
            .headers(self.headers)
            .body(self.body);
        huawei::verify(
            &request,
            |id| (id == v.access_key_id).then(|| secret.to_owned()),
            now,
        )
    }

    /// Checked with the vectors' secret at the vectors' time.
    fn verify(&self, v: &Vectors) -> Result<Verified, SignatureError> {
        self.check(v, &v.secret_access_key, v.at())
    }
}

fn mismatch(result: Result<Verified, SignatureError>) -> bool {
    matches!(result, Err(SignatureError::Mismatch { .. }))
}

#[test]
fn the_verifier_accepts_every_request_as_the_sdk_sent_it() {
    let v = vectors();
    for t in &v.vectors {
        let (path, query) = t.received();
        let sent = Sent {
            method: &t.method,
            path: &path,
            query: &query,
            headers: &t.headers,
            body: t.body.as_bytes(),
        };
        let result = sent.verify(&v);
        if t.unsigned_payload() && !t.body.is_empty() {
            assert!(
                matches!(result, Err(SignatureError::Unsupported { ref method }) if method == UNSIGNED_PAYLOAD),
                "{}: {result:?}",
                t.name
            );
            continue;
        }
        let verified = result.unwrap_or_else(|e| panic!("{}: {e}", t.name));
        assert_eq!(verified.access_key_id, v.access_key_id, "{}", t.name);
        assert_eq!(verified.timestamp, v.at(), "{}", t.name);
        let project = t
            .headers
            .iter()
            .find(|(n, _)| n == "X-Project-Id")
            .map(|(_, v)| v.clone());
        assert_eq!(verified.project_id, project, "{}", t.name);
    }
}

#[test]
fn the_verifier_refuses_each_change() {
    let v = vectors();
    for t in v.vectors.iter().filter(|t| !t.unsigned_payload()) {
        let (path, query) = t.received();
        let sent = Sent {
            method: &t.method,
            path: &path,
            query: &query,
            headers: &t.headers,
            body: t.body.as_bytes(),
        };
        // The body.
        let body = if sent.body.is_empty() {
            b"{}".to_vec()
        } else {
            sent.body[..sent.body.len() - 1].to_vec()
        };
        assert!(
            mismatch(
                Sent {
                    body: &body,
                    ..sent
                }
                .verify(&v)
            ),
            "{}: body",
            t.name
        );
        // The path.
        let longer = format!("{path}x");
        assert!(
            mismatch(
                Sent {
                    path: &longer,
                    ..sent
                }
                .verify(&v)
            ),
            "{}: path",
            t.name
        );
        // The query: a parameter added, or a value changed.
        let mut added = query.clone();
        added.push(("limit".into(), "1".into()));
        assert!(
            mismatch(
                Sent {
                    query: &added,
                    ..sent
                }
                .verify(&v)
            ),
            "{}: query added",
            t.name
        );
        if let Some((_, value)) = query.first() {
            let mut changed = query.clone();
            changed[0].1 = format!("{value}x");
            assert!(
                mismatch(
                    Sent {
                        query: &changed,
                        ..sent
                    }
                    .verify(&v)
                ),
                "{}: query changed",
                t.name
            );
        }
        // A signed header.
        let headers: Vec<(String, String)> = t
            .headers
            .iter()
            .map(|(n, value)| {
                let value = if n == "Host" {
                    format!("{value}.evil")
                } else {
                    value.clone()
                };
                (n.clone(), value)
            })
            .collect();
        assert!(
            mismatch(
                Sent {
                    headers: &headers,
                    ..sent
                }
                .verify(&v)
            ),
            "{}: header",
            t.name
        );
        // The method.
        let method = if t.method == "GET" { "POST" } else { "GET" };
        assert!(
            mismatch(Sent { method, ..sent }.verify(&v)),
            "{}: method",
            t.name
        );
        // A wrong secret.
        assert!(
            mismatch(sent.check(&v, "not-the-secret", v.at())),
            "{}: secret",
            t.name
        );
        // A stale or early date; 15 minutes is still in time.
        for now in [
            v.at() + Duration::from_secs(16 * 60),
            v.at() - Duration::from_secs(16 * 60),
        ] {
            let stale = sent.check(&v, &v.secret_access_key, now);
            assert!(
                matches!(stale, Err(SignatureError::Expired { .. })),
                "{}: date",
                t.name
            );
        }
        let edge = sent.check(
            &v,
            &v.secret_access_key,
            v.at() + Duration::from_secs(15 * 60),
        );
        assert!(edge.is_ok(), "{}: 15 minutes", t.name);
    }
}

#[test]
fn refusals_answer_with_huaweis_gateway_error() {
    let v = vectors();
    let t = &v.vectors[0];
    let (path, query) = t.received();
    let sent = Sent {
        method: &t.method,
        path: &path,
        query: &query,
        headers: &t.headers,
        body: b"{}",
    };
    let refused = sent.verify(&v).unwrap_err();
    assert_eq!((refused.code(), refused.http_status()), ("APIG.0301", 401));
    let body = serde_json::to_value(refused.body("req-1")).unwrap();
    assert_eq!(body["error_code"], "APIG.0301");
    assert_eq!(body["request_id"], "req-1");
    assert!(
        body["error_msg"]
            .as_str()
            .unwrap()
            .starts_with("Incorrect IAM authentication information: verify aksk signature fail")
    );
}

/// Reads `body` into the shape the endpoint table names.
fn reads_as(shape: &str, body: &str) -> Result<(), serde_json::Error> {
    use polykms::wire::huawei::*;
    fn read<T: serde::de::DeserializeOwned>(body: &str) -> Result<(), serde_json::Error> {
        serde_json::from_str::<T>(body).map(drop)
    }
    match shape {
        "CreateKeyRequest" => read::<CreateKeyRequest>(body),
        "KeyIdRequest" => read::<KeyIdRequest>(body),
        "ListKeysRequest" => read::<ListKeysRequest>(body),
        "EncryptDataRequest" => read::<EncryptDataRequest>(body),
        "ScheduleKeyDeletionRequest" => read::<ScheduleKeyDeletionRequest>(body),
        "DeleteAliasRequest" => read::<DeleteAliasRequest>(body),
        "CreateTagRequest" => read::<CreateTagRequest>(body),
        "GenRandomRequest" => read::<GenRandomRequest>(body),
        other => panic!("no reader for {other}"),
    }
}

#[test]
fn the_sdks_requests_route_to_their_endpoint_and_read_as_its_shape() {
    let v = vectors();
    let calls: Vec<&Vector> = v.vectors.iter().filter(|t| t.kind == "client").collect();
    assert!(calls.len() >= 10);
    for t in calls {
        let (path, query) = t.received();
        let found =
            huawei::route(&t.method, &path).unwrap_or_else(|| panic!("{}: no route", t.name));
        assert_eq!(
            Some(found.endpoint.name),
            t.endpoint.as_deref(),
            "{}",
            t.name
        );
        assert_eq!(found.project_id(), v.project_id, "{}", t.name);
        let names: Vec<&str> = query.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names.iter().all(|n| found.endpoint.query.contains(n)),
            "{}",
            t.name
        );
        match found.endpoint.request {
            Some(shape) => reads_as(shape, &t.body).unwrap_or_else(|e| panic!("{}: {e}", t.name)),
            None => assert!(t.body.is_empty(), "{}", t.name),
        }
        if found.endpoint.name == "list-aliases" {
            let read = huawei::ListAliasesQuery::from_query(&query);
            assert_eq!(read.to_query(), query, "{}", t.name);
        }
        if found.endpoint.name == "delete-tag" {
            assert_eq!(found.param("key"), Some("team name/密钥"));
        }
    }
}
