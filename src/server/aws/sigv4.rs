//! Checking AWS Signature Version 4: the expected signature is computed by
//! the `aws-sigv4` crate (the SDKs' own signer) over exactly the headers the
//! client signed, and compared in constant time.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use http::request::Parts;
use subtle::ConstantTimeEq;

use crate::clock::days_from_civil;
use crate::server::Accounts;
use crate::server::accounts::Credential;

/// Why a request's signature was refused: the exception AWS answers with,
/// and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
    }
}

fn incomplete(message: impl Into<String>) -> Refusal {
    refuse("IncompleteSignatureException", message)
}

fn invalid(message: impl Into<String>) -> Refusal {
    refuse("InvalidSignatureException", message)
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 …` header.
#[derive(Debug, PartialEq, Eq)]
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

fn require<'a>(value: Option<&'a str>, name: &str) -> Result<&'a str, Refusal> {
    value.ok_or_else(|| incomplete(format!("Authorization header requires '{name}' parameter.")))
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, Refusal> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .filter(|rest| rest.starts_with(' '))
        .ok_or_else(|| {
            incomplete(format!(
                "Unsupported authorization type; expected {ALGORITHM}"
            ))
        })?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        match part.split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => {}
        }
    }
    let credential = require(credential, "Credential")?;
    let signed_headers = require(signed_headers, "SignedHeaders")?;
    let signature = require(signature, "Signature")?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, "aws4_request"] = scope[..] else {
        return Err(incomplete(format!(
            "Credential should have the form ACCESS_KEY/DATE/REGION/SERVICE/aws4_request, not {credential:?}."
        )));
    };
    Ok(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers: signed_headers.split(';').collect(),
        signature,
    })
}

/// Parses an ISO 8601 basic date-time, `YYYYMMDDTHHMMSSZ`.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u64> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|d| d.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hour, minute, second) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day)?;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// What a verified request is.
#[derive(Debug)]
pub(crate) enum Signer<'a> {
    /// Signed by this credential.
    Credential(&'a Credential),
    /// Taken as the any-credentials account, unchecked.
    Anyone,
}

/// Checks a request's SigV4 signature against `accounts`' credentials, for
/// service `kms` in the accounts' region, at `now`.
pub(crate) fn verify<'a>(
    accounts: &'a Accounts,
    max_skew: Duration,
    now: SystemTime,
    parts: &Parts,
    body: &[u8],
) -> Result<Signer<'a>, Refusal> {
    if accounts.any_credentials().is_some() {
        return Ok(Signer::Anyone);
    }
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    // A second Authorization or X-Amz-Date (one added after signing) must
    // not let the first one through.
    for name in [http::header::AUTHORIZATION.as_str(), "x-amz-date"] {
        if parts.headers.get_all(name).iter().count() > 1 {
            return Err(incomplete(format!(
                "The request has more than one {name} header."
            )));
        }
    }
    let Some(authorization) = parts.headers.get(http::header::AUTHORIZATION) else {
        return Err(refuse(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
    };
    let authorization = authorization
        .to_str()
        .map_err(|_| incomplete("The Authorization header is not ASCII."))
        .and_then(parse_authorization)?;
    let credential = accounts
        .credential(authorization.access_key_id)
        .ok_or_else(|| {
            refuse(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            )
        })?;
    let amz_date = header("x-amz-date").ok_or_else(|| {
        incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
    })?;
    let signed_at = parse_amz_date(amz_date)
        .ok_or_else(|| incomplete(format!("X-Amz-Date {amz_date:?} is not YYYYMMDDTHHMMSSZ.")))?;
    check_scope(&authorization, accounts.region(), amz_date)?;
    check_time(signed_at, now, max_skew, amz_date)?;
    let expected = expected_signature(
        credential,
        &authorization,
        accounts.region(),
        signed_at,
        parts,
        body,
    )?;
    if bool::from(
        expected
            .as_bytes()
            .ct_eq(authorization.signature.as_bytes()),
    ) {
        Ok(Signer::Credential(credential))
    } else {
        Err(invalid(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method.",
        ))
    }
}

fn check_scope(auth: &Authorization<'_>, region: &str, amz_date: &str) -> Result<(), Refusal> {
    if auth.date != &amz_date[..8] {
        return Err(invalid(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}'",
            auth.date,
            &amz_date[..8]
        )));
    }
    if auth.region != region {
        return Err(invalid(format!(
            "Credential should be scoped to a valid region, not '{}'; this server's region is '{region}'.",
            auth.region
        )));
    }
    if auth.service != "kms" {
        return Err(invalid(format!(
            "Credential should be scoped to correct service: 'kms', not '{}'.",
            auth.service
        )));
    }
    for required in ["host", "x-amz-date"] {
        if !auth.signed_headers.contains(&required) {
            return Err(invalid(format!(
                "'{required}' must be a 'SignedHeader' in the AWS Authorization."
            )));
        }
    }
    Ok(())
}

fn check_time(
    signed_at: SystemTime,
    now: SystemTime,
    max_skew: Duration,
    amz_date: &str,
) -> Result<(), Refusal> {
    if signed_at + max_skew < now {
        return Err(invalid(format!(
            "Signature expired: {amz_date} is now earlier than the server's time less {} minutes.",
            max_skew.as_secs() / 60
        )));
    }
    if now + max_skew < signed_at {
        return Err(invalid(format!(
            "Signature not yet current: {amz_date} is still later than the server's time plus {} minutes.",
            max_skew.as_secs() / 60
        )));
    }
    Ok(())
}

/// The signature `credential` gives this request, over the headers the
/// client named as signed.
fn expected_signature(
    credential: &Credential,
    auth: &Authorization<'_>,
    region: &str,
    signed_at: SystemTime,
    parts: &Parts,
    body: &[u8],
) -> Result<String, Refusal> {
    if parts.headers.get(http::header::HOST).is_none() {
        return Err(incomplete("The request has no Host header."));
    }
    let mut headers = Vec::with_capacity(auth.signed_headers.len());
    for name in &auth.signed_headers {
        for value in parts.headers.get_all(*name) {
            let value = value
                .to_str()
                .map_err(|_| incomplete(format!("Signed header {name} is not ASCII.")))?;
            headers.push((*name, value));
        }
    }
    let uri = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let identity: Identity = Credentials::new(
        credential.access_key_id(),
        credential.secret(),
        None,
        None,
        "polykms-server",
    )
    .into();
    let mut settings = SigningSettings::default();
    // Sign exactly what the client signed, whatever it is.
    settings.excluded_headers = None;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(auth.service)
        .time(signed_at)
        .settings(settings)
        .build()
        .map_err(|e| incomplete(e.to_string()))?;
    let request = SignableRequest::new(
        parts.method.as_str(),
        uri,
        headers.into_iter(),
        SignableBody::Bytes(body),
    )
    .map_err(|e| incomplete(e.to_string()))?;
    let output = sign(request, &params.into()).map_err(|e| incomplete(e.to_string()))?;
    Ok(output.signature().to_owned())
}

#[cfg(test)]
mod tests;
