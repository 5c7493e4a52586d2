//! The key subcommands: create, describe, list, enable, disable, schedule
//! and cancel deletion, update the description, tag and untag, list tags, last usage.

use polykms::wire::aws;
use polykms::{
    CreateKeyRequest, KeyId, KeyManager, KeySpec, KeyUsage, ListKeysRequest,
    ListResourceTagsRequest, Origin, ScheduleKeyDeletionRequest, TagResourceRequest,
    UntagResourceRequest, UpdateKeyDescriptionRequest,
};

use crate::cli::{
    CreateKey, ListKeyTagsOrRotations, ListKeys, ScheduleKeyDeletion, TagResource, UntagResource,
    UpdateKeyDescription,
};
use crate::input::{tags, vocabulary};
use crate::output::{nothing, render};
use crate::paging::{self, Page};
use crate::{Failure, Outcome};

/// A key's ARN, as the provider names it.
pub(crate) fn key_arn(kms: &dyn KeyManager, key_id: &KeyId) -> Result<String, polykms::Error> {
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
    paging::list(
        &args.paging,
        args.limit,
        args.marker.clone(),
        "Keys",
        |marker, limit| {
            let mut request = ListKeysRequest::new();
            request.limit = limit;
            request.marker = marker;
            let page = kms.list_keys(request)?;
            Ok(Page {
                response: render(&aws::ListKeysResponse::from_page(&page)),
                next_marker: page.next_marker,
            })
        },
    )
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

pub(crate) fn untag_resource(kms: &dyn KeyManager, args: &UntagResource) -> Outcome {
    kms.untag_resource(UntagResourceRequest::new(&args.key_id, &args.tag_keys))?;
    Ok(nothing())
}

pub(crate) fn list_resource_tags(kms: &dyn KeyManager, args: &ListKeyTagsOrRotations) -> Outcome {
    paging::list(
        &args.paging,
        args.limit,
        args.marker.clone(),
        "Tags",
        |marker, limit| {
            let mut request = ListResourceTagsRequest::new(&args.key_id);
            request.limit = limit;
            request.marker = marker;
            let page = kms.list_resource_tags(request)?;
            Ok(Page {
                response: render(&aws::ListResourceTagsResponse::from_page(&page)),
                next_marker: page.next_marker,
            })
        },
    )
}

pub(crate) fn update_key_description(kms: &dyn KeyManager, args: &UpdateKeyDescription) -> Outcome {
    kms.update_key_description(UpdateKeyDescriptionRequest::new(
        &args.key_id,
        &args.description,
    ))?;
    Ok(nothing())
}

pub(crate) fn get_key_last_usage(kms: &dyn KeyManager, key_id: &str) -> Outcome {
    let usage = kms.get_key_last_usage(key_id)?;
    let arn = key_arn(kms, &usage.key_id)?;
    Ok(render(&aws::GetKeyLastUsageResponse::from_usage(
        &usage, arn,
    )))
}
