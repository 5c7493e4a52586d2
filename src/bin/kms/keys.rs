//! The key subcommands: create, describe, list, enable, disable, schedule
//! and cancel deletion, tag.

use polykms::wire::aws;
use polykms::{
    CreateKeyRequest, KeyId, KeyManager, KeySpec, KeyUsage, ListKeysRequest, Origin,
    ScheduleKeyDeletionRequest, TagResourceRequest,
};

use crate::cli::{CreateKey, ListKeys, ScheduleKeyDeletion, TagResource};
use crate::input::{tags, vocabulary};
use crate::output::{nothing, render};
use crate::{Failure, Outcome};

/// A key's ARN, as the provider names it.
pub(crate) fn key_arn(kms: &dyn KeyManager, key_id: &KeyId) -> Result<String, Failure> {
    Ok(kms.describe_key(key_id.as_str())?.arn)
}

pub(crate) fn create_key(kms: &dyn KeyManager, args: &CreateKey) -> Outcome {
    let meta = kms.create_key(create_key_request(args)?)?;
    Ok(render(&aws::CreateKeyResponse::from_metadata(&meta)))
}

fn create_key_request(args: &CreateKey) -> Result<CreateKeyRequest, Failure> {
    let mut request = CreateKeyRequest::new(vocabulary::<KeySpec>(&args.key_spec)?)
        .description(&args.description)
        .tags(tags(&args.tags)?);
    if let Some(usage) = &args.key_usage {
        request = request.usage(vocabulary::<KeyUsage>(usage)?);
    }
    if let Some(origin) = &args.origin {
        request = request.origin(vocabulary::<Origin>(origin)?);
    }
    Ok(request)
}

pub(crate) fn describe_key(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    let meta = kms.describe_key(key_id)?;
    Ok(render(&aws::DescribeKeyResponse::from_metadata(&meta)))
}

pub(crate) fn list_keys(kms: &dyn KeyManager, args: &ListKeys) -> Outcome {
    let mut request = ListKeysRequest::new();
    request.limit = args.limit;
    request.marker = args.marker.clone();
    let page = kms.list_keys(request)?;
    Ok(render(&aws::ListKeysResponse::from_page(&page)))
}

pub(crate) fn enable_key(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    kms.enable_key(key_id)?;
    Ok(nothing())
}

pub(crate) fn disable_key(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    kms.disable_key(key_id)?;
    Ok(nothing())
}

pub(crate) fn schedule_key_deletion(kms: &dyn KeyManager, args: &ScheduleKeyDeletion) -> Outcome {
    let mut request = ScheduleKeyDeletionRequest::new(&args.key_id);
    request.pending_window_in_days = args.pending_window_in_days;
    let meta = kms.schedule_key_deletion(request)?;
    Ok(render(&aws::ScheduleKeyDeletionResponse::from_metadata(
        &meta,
    )))
}

pub(crate) fn cancel_key_deletion(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    let meta = kms.cancel_key_deletion(key_id)?;
    Ok(render(&aws::CancelKeyDeletionResponse::from_metadata(
        &meta,
    )))
}

pub(crate) fn tag_resource(kms: &dyn KeyManager, args: &TagResource) -> Outcome {
    kms.tag_resource(TagResourceRequest::new(&args.key_id, tags(&args.tags)?))?;
    Ok(nothing())
}
