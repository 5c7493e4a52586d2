//! The key operations: `CreateKey`, `DescribeKey`, `ListKeys`,
//! `EnableKey`, `DisableKey`, `UpdateKeyDescription`,
//! `ScheduleKeyDeletion`, `CancelKeyDeletion`.

use super::{
    Answer, CallError, Check, Context, Request, empty, json, need, page_size, refuse,
    refuse_custom_key_store, refuse_given, unsigned, vocabulary,
};
use crate::spec::{KeySpec, KeyUsage, Origin};
use crate::wire::aws as wire;

/// The longest description (`DescriptionType`).
const DESCRIPTION_MAX: usize = 8192;

impl Request for wire::CreateKeyRequest {
    fn key_id(&self) -> Option<&str> {
        None
    }

    fn check(&self, c: &mut Check) {
        let policy = self.policy.as_deref();
        c.text("Policy", policy, 1, 131_072);
        let policy_text = |ch| matches!(ch, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}');
        c.pattern(
            "Policy",
            policy,
            policy_text,
            "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
        );
        c.text(
            "Description",
            self.description.as_deref(),
            0,
            DESCRIPTION_MAX,
        );
        c.text(
            "CustomKeyStoreId",
            self.custom_key_store_id.as_deref(),
            1,
            64,
        );
        c.tags("Tags", self.tags.as_deref());
        let xks = self.xks_key_id.as_deref();
        c.text("XksKeyId", xks, 1, 128);
        let xks_char = |ch: char| ch.is_ascii_alphanumeric() || "-_.".contains(ch);
        c.pattern("XksKeyId", xks, xks_char, "^[a-zA-Z0-9-_.]+$");
    }
}

pub(super) async fn create_key(c: &Context<'_>, r: wire::CreateKeyRequest) -> Answer {
    refuse_unsupported_members(&r)?;
    let key_spec = key_spec(&r)?.unwrap_or(KeySpec::SymmetricDefault);
    let origin = vocabulary("Origin", r.origin.as_deref())?.unwrap_or(Origin::Kms);
    let mut request = crate::CreateKeyRequest::new(key_spec)
        .description(r.description.unwrap_or_default())
        .tags(r.tags.into_iter().flatten().map(Into::into))
        .origin(origin);
    request.key_usage = vocabulary::<KeyUsage>("KeyUsage", r.key_usage.as_deref())?;
    json(&wire::CreateKeyResponse::from_metadata(
        &c.kms.create_key(request).await?,
    ))
}

/// Refuses the members of `CreateKey` the crate cannot honour.
fn refuse_unsupported_members(r: &wire::CreateKeyRequest) -> Result<(), CallError> {
    const OP: &str = "CreateKey";
    refuse_given(OP, "Policy", &r.policy, "key policies")?;
    refuse_custom_key_store(OP, &r.custom_key_store_id)?;
    refuse_given(OP, "XksKeyId", &r.xks_key_id, "external key stores")?;
    match r.multi_region {
        Some(true) => Err(refuse(OP, "MultiRegion", "multi-Region keys")),
        _ => Ok(()),
    }
}

/// The key spec, from `KeySpec` or its deprecated twin (not both).
fn key_spec(r: &wire::CreateKeyRequest) -> Result<Option<KeySpec>, CallError> {
    match (&r.key_spec, &r.customer_master_key_spec) {
        (Some(_), Some(_)) => Err(CallError::Invalid(
            "KeySpec and CustomerMasterKeySpec are the same parameter: give only one".to_owned(),
        )),
        (Some(spec), None) => vocabulary("KeySpec", Some(spec)),
        (None, spec) => vocabulary("CustomerMasterKeySpec", spec.as_deref()),
    }
}

key_id_request!(wire::DescribeKeyRequest, |r, c| {
    c.grant_tokens(r.grant_tokens.as_deref())
});

pub(super) async fn describe_key(c: &Context<'_>, r: wire::DescribeKeyRequest) -> Answer {
    let meta = c
        .kms
        .describe_key(need("KeyId", r.key_id)?.as_str())
        .await?;
    json(&wire::DescribeKeyResponse::from_metadata(&meta))
}

impl Request for wire::ListKeysRequest {
    fn key_id(&self) -> Option<&str> {
        None
    }

    fn check(&self, c: &mut Check) {
        c.paging(self.limit, self.marker.as_deref());
    }
}

pub(super) async fn list_keys(c: &Context<'_>, r: wire::ListKeysRequest) -> Answer {
    let mut request = crate::ListKeysRequest::new();
    request.limit = page_size(r.limit)?;
    request.marker = r.marker;
    json(&wire::ListKeysResponse::from_page(
        &c.kms.list_keys(request).await?,
    ))
}

key_id_request!([
    wire::EnableKeyRequest,
    wire::DisableKeyRequest,
    wire::CancelKeyDeletionRequest
]);

pub(super) async fn enable_key(c: &Context<'_>, r: wire::EnableKeyRequest) -> Answer {
    c.kms.enable_key(need("KeyId", r.key_id)?.as_str()).await?;
    empty()
}

pub(super) async fn disable_key(c: &Context<'_>, r: wire::DisableKeyRequest) -> Answer {
    c.kms.disable_key(need("KeyId", r.key_id)?.as_str()).await?;
    empty()
}

key_id_request!(wire::UpdateKeyDescriptionRequest, |r, c| {
    let description = r.description.as_deref();
    c.text("Description", description, 0, DESCRIPTION_MAX);
});

pub(super) async fn update_key_description(
    c: &Context<'_>,
    r: wire::UpdateKeyDescriptionRequest,
) -> Answer {
    let key = need("KeyId", r.key_id)?;
    let description = need("Description", r.description)?;
    let request = crate::UpdateKeyDescriptionRequest::new(key, description);
    c.kms.update_key_description(request).await?;
    empty()
}

key_id_request!(wire::ScheduleKeyDeletionRequest, |r, c| {
    c.number("PendingWindowInDays", r.pending_window_in_days, 1, 365)
});

pub(super) async fn schedule_key_deletion(
    c: &Context<'_>,
    r: wire::ScheduleKeyDeletionRequest,
) -> Answer {
    let mut request = crate::ScheduleKeyDeletionRequest::new(need("KeyId", r.key_id)?);
    let window = r.pending_window_in_days;
    request.pending_window_in_days = window
        .map(|days| unsigned("PendingWindowInDays", days))
        .transpose()?;
    let meta = c.kms.schedule_key_deletion(request).await?;
    json(&wire::ScheduleKeyDeletionResponse::from_metadata(&meta))
}

pub(super) async fn cancel_key_deletion(
    c: &Context<'_>,
    r: wire::CancelKeyDeletionRequest,
) -> Answer {
    let meta = c
        .kms
        .cancel_key_deletion(need("KeyId", r.key_id)?.as_str())
        .await?;
    json(&wire::CancelKeyDeletionResponse::from_metadata(&meta))
}

key_id_request!(wire::GetKeyLastUsageRequest);

pub(super) async fn get_key_last_usage(c: &Context<'_>, r: wire::GetKeyLastUsageRequest) -> Answer {
    let usage = c
        .kms
        .get_key_last_usage(need("KeyId", r.key_id)?.as_str())
        .await?;
    let arn = c.arn(&usage.key_id);
    json(&wire::GetKeyLastUsageResponse::from_usage(&usage, arn))
}
