use super::*;
use crate::InMemory;
use crate::server::Credential;
use http::HeaderValue;

const REGION: &str = "eu-west-1";
const BODY: &[u8] = br#"{"KeyId":"alias/app"}"#;

fn accounts() -> Accounts {
    Accounts::new(REGION)
        .with_account("111122223333", InMemory::new())
        .with_credential(Credential::new("AKIDGOOD", "secret-good", "111122223333"))
}

/// A request signed as an SDK signs it, by `aws-sigv4` on the client side.
fn signed(akid: &str, secret: &str, region: &str, at: SystemTime, body: &[u8]) -> Parts {
    let mut request = http::Request::builder()
        .method("POST")
        .uri("http://127.0.0.1:4599/")
        .header("host", "127.0.0.1:4599")
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", "TrentService.DescribeKey")
        .header("user-agent", "test/1.0")
        .body(())
        .unwrap();
    let identity: Identity = Credentials::new(akid, secret, None, None, "test").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("kms")
        .time(at)
        .settings(SigningSettings::default())
        .build()
        .unwrap();
    let headers: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str(), v.to_str().unwrap()))
        .collect();
    let signable = SignableRequest::new(
        "POST",
        "http://127.0.0.1:4599/",
        headers.into_iter(),
        SignableBody::Bytes(body),
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params.into()).unwrap().into_parts();
    instructions.apply_to_request_http1x(&mut request);
    request.into_parts().0
}

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_000_000)
}

/// [`BODY`] signed with the known credential for [`REGION`] at `at`.
fn signed_good_at(at: SystemTime) -> Parts {
    signed("AKIDGOOD", "secret-good", REGION, at, BODY)
}

fn check(parts: &Parts, body: &[u8]) -> Result<(), &'static str> {
    let accounts = accounts();
    verify(&accounts, Duration::from_secs(900), now(), parts, body)
        .map(|_| ())
        .map_err(|r| r.code)
}

#[test]
fn a_request_signed_by_the_sdk_signer_is_accepted() {
    let parts = signed_good_at(now());
    assert_eq!(check(&parts, BODY), Ok(()));
    // Within the window on either side.
    let early = signed_good_at(now() - Duration::from_secs(899));
    assert_eq!(check(&early, BODY), Ok(()));
    let late = signed_good_at(now() + Duration::from_secs(899));
    assert_eq!(check(&late, BODY), Ok(()));
}

#[test]
fn a_wrong_secret_or_unknown_key_is_refused() {
    let parts = signed("AKIDGOOD", "secret-bad", REGION, now(), BODY);
    assert_eq!(check(&parts, BODY), Err("InvalidSignatureException"));
    let parts = signed("AKIDNOBODY", "secret-good", REGION, now(), BODY);
    assert_eq!(check(&parts, BODY), Err("UnrecognizedClientException"));
}

#[test]
fn a_stale_or_future_date_is_refused() {
    let stale = signed_good_at(now() - Duration::from_secs(901));
    assert_eq!(check(&stale, BODY), Err("InvalidSignatureException"));
    let future = signed_good_at(now() + Duration::from_secs(901));
    assert_eq!(check(&future, BODY), Err("InvalidSignatureException"));
}

#[test]
fn a_changed_body_or_signed_header_is_refused() {
    let parts = signed_good_at(now());
    assert_eq!(
        check(&parts, br#"{"KeyId":"alias/other"}"#),
        Err("InvalidSignatureException")
    );
    let mut changed = parts.clone();
    changed.headers.insert(
        "x-amz-target",
        HeaderValue::from_static("TrentService.ScheduleKeyDeletion"),
    );
    assert_eq!(check(&changed, BODY), Err("InvalidSignatureException"));
    // An unsigned header may change (proxies rewrite the user agent).
    let mut agent = parts.clone();
    agent
        .headers
        .insert("user-agent", HeaderValue::from_static("proxy/2"));
    assert_eq!(check(&agent, BODY), Ok(()));
}

#[test]
fn a_missing_header_or_authorization_is_refused() {
    let parts = signed_good_at(now());
    let mut no_target = parts.clone();
    no_target.headers.remove("x-amz-target");
    assert_eq!(check(&no_target, BODY), Err("InvalidSignatureException"));
    let mut no_date = parts.clone();
    no_date.headers.remove("x-amz-date");
    assert_eq!(check(&no_date, BODY), Err("IncompleteSignatureException"));
    let mut no_auth = parts.clone();
    no_auth.headers.remove(http::header::AUTHORIZATION);
    assert_eq!(
        check(&no_auth, BODY),
        Err("MissingAuthenticationTokenException")
    );
    let mut no_host = parts;
    no_host.headers.remove(http::header::HOST);
    assert_eq!(check(&no_host, BODY), Err("IncompleteSignatureException"));
}

#[test]
fn a_wrong_region_or_service_scope_is_refused() {
    let parts = signed("AKIDGOOD", "secret-good", "us-east-1", now(), BODY);
    assert_eq!(check(&parts, BODY), Err("InvalidSignatureException"));
    let mut s3 = signed_good_at(now());
    let auth = s3.headers[http::header::AUTHORIZATION]
        .to_str()
        .unwrap()
        .replace("/kms/", "/s3/");
    s3.headers.insert(
        http::header::AUTHORIZATION,
        HeaderValue::from_str(&auth).unwrap(),
    );
    assert_eq!(check(&s3, BODY), Err("InvalidSignatureException"));
}

#[test]
fn malformed_authorization_headers_are_incomplete() {
    for bad in [
        "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA256 Credential=AKIDGOOD/20261128/eu-west-1/kms/aws4_request",
        "AWS4-HMAC-SHA256 Credential=AKIDGOOD/20261128/eu-west-1/kms, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256Credential=x",
        "Basic dXNlcjpwYXNz",
    ] {
        assert_eq!(
            parse_authorization(bad).map(|_| ()).map_err(|r| r.code),
            Err("IncompleteSignatureException"),
            "{bad}"
        );
    }
    let ok = parse_authorization(
        "AWS4-HMAC-SHA256 Credential=AK/20261128/eu-west-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab",
    )
    .unwrap();
    assert_eq!(ok.signed_headers, ["host", "x-amz-date"]);
    assert_eq!(
        (ok.access_key_id, ok.region, ok.signature),
        ("AK", "eu-west-1", "ab")
    );
}

#[test]
fn amz_dates_parse_to_the_right_instant() {
    let at = |s| parse_amz_date(s).map(|t| t.duration_since(UNIX_EPOCH).unwrap().as_secs());
    assert_eq!(at("19700101T000000Z"), Some(0));
    assert_eq!(at("20000229T235959Z"), Some(951_868_799));
    assert_eq!(at("20261128T113116Z"), Some(1_795_865_476));
    for bad in [
        "2026-11-28T11:31:16Z",
        "20261328T000000Z",
        "20261128T240000Z",
        "20261128 113116Z",
        "2026112T1131160Z",
        "+0261128T113116Z",
    ] {
        assert_eq!(at(bad), None, "{bad}");
    }
}

#[test]
fn any_credentials_accepts_unsigned_requests() {
    let accounts = Accounts::new(REGION)
        .with_account("111122223333", InMemory::new())
        .allow_any_credentials("111122223333");
    let parts = http::Request::new(()).into_parts().0;
    assert!(matches!(
        verify(&accounts, Duration::from_secs(900), now(), &parts, b""),
        Ok(Signer::Anyone)
    ));
}
