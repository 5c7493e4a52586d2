//! Alibaba Cloud's two request signatures against golden vectors made by
//! the official Python SDKs' own signers (`tests/data/alibaba/`, made by
//! `generate_vectors.py`): the Rust signer must produce the same canonical
//! strings and signatures byte for byte, and the verifier must accept each
//! request as the SDK sent it and refuse it with one byte changed.

use std::time::{Duration, SystemTime};

use polykms::wire::alibaba::{
    self, AccessKey, IncomingRequest, Payload, SignatureError, SignatureVersion, parse_query, v1,
    v3,
};
use serde::Deserialize;

/// Name–value pairs: parameters or headers.
type Pairs = Vec<(String, String)>;

#[derive(Debug, Deserialize)]
struct Vectors {
    sdks: serde_json::Map<String, serde_json::Value>,
    access_key_id: String,
    access_key_secret: String,
    timestamp: String,
    nonce: String,
    v1: Vec<V1Vector>,
    v3: Vec<V3Vector>,
}

#[derive(Debug, Deserialize)]
struct V1Vector {
    name: String,
    method: String,
    action: String,
    version: String,
    format: String,
    region_id: Option<String>,
    parameters: Vec<(String, String)>,
    extra_parameters: Vec<(String, String)>,
    signed_parameters: Vec<(String, String)>,
    url: String,
    body: Option<String>,
    string_to_sign: String,
    signature: String,
}

#[derive(Debug, Deserialize)]
struct V3Vector {
    name: String,
    method: String,
    path: String,
    host: String,
    query: Vec<(String, String)>,
    url: String,
    headers: Vec<(String, String)>,
    body: String,
    canonical_request: String,
    string_to_sign: String,
    signature: String,
    authorization: String,
}

fn vectors() -> Vectors {
    let text = include_str!("data/alibaba/signing-vectors.json");
    serde_json::from_str(text).expect("signing-vectors.json")
}

impl Vectors {
    fn key(&self) -> AccessKey {
        AccessKey::new(&self.access_key_id, &self.access_key_secret)
    }

    fn at(&self) -> SystemTime {
        alibaba::parse_timestamp(&self.timestamp).expect("timestamp")
    }

    /// The verifier's lookup: the vectors' AccessKey and no other.
    fn secret_of(&self) -> impl Fn(&str) -> Option<String> + '_ {
        |id| (id == self.access_key_id).then(|| self.access_key_secret.clone())
    }
}

/// The query of a URL (`/?…` or `https://host/?…`), decoded.
fn url_query(url: &str) -> Vec<(String, String)> {
    url.split_once('?')
        .map(|(_, query)| parse_query(query).expect("the SDK's query decodes"))
        .unwrap_or_default()
}

/// `text` with one character replaced by another of the same alphabet.
fn one_char_changed(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'a' { 'b' } else { 'a' };
    chars.into_iter().collect()
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

#[test]
fn the_vectors_come_from_the_official_sdks() {
    let v = vectors();
    for sdk in [
        "aliyun-python-sdk-core",
        "alibabacloud_tea_openapi",
        "alibabacloud_kms20160120",
    ] {
        assert!(v.sdks.contains_key(sdk), "{sdk}");
    }
    assert!(v.v1.len() >= 8 && v.v3.len() >= 7);
    assert!(v.v1.iter().any(|t| t.method == "GET") && v.v3.iter().any(|t| t.method == "GET"));
    assert!(v.v3.iter().any(|t| t.body.starts_with('{')), "a JSON body");
}

#[test]
fn v1_canonical_strings_and_signatures_match_the_sdks() {
    let v = vectors();
    for t in &v.v1 {
        let string_to_sign = v1::string_to_sign(&t.method, &t.signed_parameters);
        assert_eq!(string_to_sign, t.string_to_sign, "{}", t.name);
        let signature = v1::signature(v.access_key_secret.as_bytes(), &string_to_sign);
        assert_eq!(signature, t.signature, "{}", t.name);
    }
}

#[test]
fn the_v1_signer_builds_the_sdks_requests() {
    let v = vectors();
    for t in &v.v1 {
        let mut request = v1::Request::new(&t.method, &t.action)
            .version(&t.version)
            .format(&t.format);
        if let Some(region_id) = &t.region_id {
            request = request.region_id(region_id);
        }
        for (name, value) in t.parameters.iter().chain(&t.extra_parameters) {
            request = request.parameter(name, value);
        }
        let signed = request.sign(&v.key(), v.at(), &v.nonce);
        let (signature, parameters) = signed.parameters.split_last().unwrap();
        assert_eq!(
            signature,
            &("Signature".to_owned(), t.signature.clone()),
            "{}",
            t.name
        );
        assert_eq!(
            sorted(parameters.to_vec()),
            sorted(t.signed_parameters.clone()),
            "{}",
            t.name
        );
        assert_eq!(signed.string_to_sign, t.string_to_sign, "{}", t.name);
        assert_eq!(signed.signature, t.signature, "{}", t.name);
        // The query string decodes to the SDK's parameters.
        let mut sent = url_query(&t.url);
        sent.extend(
            t.body
                .as_deref()
                .map(|b| parse_query(b).unwrap())
                .unwrap_or_default(),
        );
        assert_eq!(
            sorted(parse_query(&signed.query_string()).unwrap()),
            sorted(sent),
            "{}",
            t.name
        );
    }
}

/// A V1 vector's request as a server receives it: the URL's query and the
/// form body's parameters.
fn v1_received(t: &V1Vector) -> (Pairs, Pairs) {
    let form = t
        .body
        .as_deref()
        .map(|b| parse_query(b).unwrap())
        .unwrap_or_default();
    (url_query(&t.url), form)
}

fn v1_check(
    v: &Vectors,
    t: &V1Vector,
    query: &[(String, String)],
    form: &[(String, String)],
) -> Result<alibaba::Verified, SignatureError> {
    let request = IncomingRequest::new(&t.method, "/").query(query).form(form);
    alibaba::verify(&request, v.secret_of(), v.at())
}

#[test]
fn the_verifier_accepts_every_v1_request_as_sent() {
    let v = vectors();
    for t in &v.v1 {
        let (query, form) = v1_received(t);
        let verified = v1_check(&v, t, &query, &form).unwrap_or_else(|e| panic!("{}: {e}", t.name));
        assert_eq!(verified.access_key_id, v.access_key_id, "{}", t.name);
        assert_eq!(verified.nonce, v.nonce, "{}", t.name);
        assert_eq!(verified.timestamp, v.at(), "{}", t.name);
        assert_eq!(verified.version, SignatureVersion::V1, "{}", t.name);
    }
}

/// `pairs` with the value of `name` changed by `change`.
fn changed(
    pairs: &[(String, String)],
    name: &str,
    change: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, value)| {
            (
                n.clone(),
                if n == name {
                    change(value)
                } else {
                    value.clone()
                },
            )
        })
        .collect()
}

#[test]
fn the_verifier_refuses_v1_requests_with_one_byte_changed() {
    let v = vectors();
    let mismatch = |r: Result<_, SignatureError>| matches!(r, Err(SignatureError::Mismatch { .. }));
    for t in &v.v1 {
        let (query, form) = v1_received(t);
        let bad_signature = changed(&query, "Signature", one_char_changed);
        assert!(
            mismatch(v1_check(&v, t, &bad_signature, &form)),
            "{}: signature",
            t.name
        );
        let (name, _) = &t.parameters[0];
        let in_query = query.iter().any(|(n, _)| n == name);
        let flip = |value: &str| format!("{value}x");
        let (q, f) = if in_query {
            (changed(&query, name, flip), form.clone())
        } else {
            (query.clone(), changed(&form, name, flip))
        };
        assert!(
            mismatch(v1_check(&v, t, &q, &f)),
            "{}: parameter {name}",
            t.name
        );
        let request = IncomingRequest::new(&t.method, "/")
            .query(&query)
            .form(&form);
        let wrong_secret = alibaba::verify(&request, |_| Some("not the secret"), v.at());
        assert!(mismatch(wrong_secret), "{}: secret", t.name);
        let method = if t.method == "GET" { "POST" } else { "GET" };
        let request = IncomingRequest::new(method, "/").query(&query).form(&form);
        assert!(
            mismatch(alibaba::verify(&request, v.secret_of(), v.at())),
            "{}: method",
            t.name
        );
        let late = alibaba::verify(
            &request,
            v.secret_of(),
            v.at() + Duration::from_secs(16 * 60),
        );
        assert!(
            matches!(late, Err(SignatureError::Expired { .. })),
            "{}: time",
            t.name
        );
    }
}

/// The names of the headers a V3 signature signed, from its Authorization.
fn signed_header_names(authorization: &str) -> Vec<&str> {
    let list = authorization.split("SignedHeaders=").nth(1).unwrap();
    list.split(',').next().unwrap().split(';').collect()
}

#[test]
fn v3_canonical_requests_and_signatures_match_the_sdks() {
    let v = vectors();
    for t in &v.v3 {
        let payload = v3::sha256_hex(t.body.as_bytes());
        let signed = signed_header_names(&t.authorization);
        let canonical =
            v3::canonical_request(&t.method, &t.path, &t.query, &t.headers, &signed, &payload);
        assert_eq!(canonical, t.canonical_request, "{}", t.name);
        let string_to_sign = v3::string_to_sign(&canonical);
        assert_eq!(string_to_sign, t.string_to_sign, "{}", t.name);
        assert_eq!(
            v3::signature(v.access_key_secret.as_bytes(), &string_to_sign),
            t.signature,
            "{}",
            t.name
        );
    }
}

/// The headers a V3 vector sent that the signer does not add itself.
fn caller_headers(t: &V3Vector) -> impl Iterator<Item = &(String, String)> {
    const OWN: &[&str] = &[
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
        "content-type",
        "authorization",
    ];
    t.headers
        .iter()
        .filter(|(name, _)| !OWN.contains(&name.to_ascii_lowercase().as_str()))
}

fn header<'a>(t: &'a V3Vector, name: &str) -> &'a str {
    let found = t.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
    found.map(|(_, value)| value.as_str()).unwrap()
}

#[test]
fn the_v3_signer_builds_the_sdks_requests() {
    let v = vectors();
    for t in &v.v3 {
        let mut request = v3::Request::new(&t.method, &t.host, header(t, "x-acs-action"))
            .version(header(t, "x-acs-version"))
            .path(&t.path);
        for (name, value) in &t.query {
            request = request.query(name, value);
        }
        for (name, value) in caller_headers(t) {
            request = request.header(name, value);
        }
        if !t.body.is_empty() {
            request = request.body(t.body.as_bytes(), header(t, "content-type"));
        }
        let signed = request.sign(&v.key(), v.at(), &v.nonce);
        assert_eq!(signed.canonical_request, t.canonical_request, "{}", t.name);
        assert_eq!(signed.string_to_sign, t.string_to_sign, "{}", t.name);
        assert_eq!(signed.authorization, t.authorization, "{}", t.name);
        let lower = |pairs: &[(String, String)]| {
            sorted(
                pairs
                    .iter()
                    .map(|(n, value)| (n.to_ascii_lowercase(), value.clone()))
                    .collect(),
            )
        };
        assert_eq!(lower(&signed.headers), lower(&t.headers), "{}", t.name);
        assert_eq!(
            sorted(parse_query(&signed.query_string()).unwrap()),
            sorted(url_query(&t.url)),
            "{}",
            t.name
        );
    }
}

fn v3_check(
    v: &Vectors,
    t: &V3Vector,
    query: &[(String, String)],
    headers: &[(String, String)],
    body: &[u8],
) -> Result<alibaba::Verified, SignatureError> {
    let request = IncomingRequest::new(&t.method, &t.path)
        .query(query)
        .headers(headers)
        .payload(Payload::Body(body));
    alibaba::verify(&request, v.secret_of(), v.at())
}

#[test]
fn the_verifier_accepts_every_v3_request_as_sent() {
    let v = vectors();
    for t in &v.v3 {
        let query = url_query(&t.url);
        let verified = v3_check(&v, t, &query, &t.headers, t.body.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}", t.name));
        assert_eq!(verified.access_key_id, v.access_key_id, "{}", t.name);
        assert_eq!(verified.nonce, v.nonce, "{}", t.name);
        assert_eq!(verified.version, SignatureVersion::V3, "{}", t.name);
    }
}

#[test]
fn the_verifier_refuses_v3_requests_with_one_byte_changed() {
    let v = vectors();
    let mismatch = |r: Result<_, SignatureError>| matches!(r, Err(SignatureError::Mismatch { .. }));
    for t in &v.v3 {
        let (query, body) = (url_query(&t.url), t.body.as_bytes());
        let bad = changed(&t.headers, "Authorization", |a| {
            let (head, signature) = a.rsplit_once("Signature=").unwrap();
            format!("{head}Signature={}", one_char_changed(signature))
        });
        assert!(
            mismatch(v3_check(&v, t, &query, &bad, body)),
            "{}: signature",
            t.name
        );
        let (name, _) = &t.query[0];
        let q = changed(&query, name, |value| format!("{value}x"));
        assert!(
            mismatch(v3_check(&v, t, &q, &t.headers, body)),
            "{}: parameter {name}",
            t.name
        );
        let mut other_body = body.to_vec();
        match other_body.first_mut() {
            Some(byte) => *byte ^= 1,
            None => other_body.push(b' '),
        }
        assert!(
            mismatch(v3_check(&v, t, &query, &t.headers, &other_body)),
            "{}: body",
            t.name
        );
        let agent = changed(&t.headers, "user-agent", |value| format!("{value}x"));
        assert!(
            mismatch(v3_check(&v, t, &query, &agent, body)),
            "{}: header",
            t.name
        );
    }
}
