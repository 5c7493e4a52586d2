//! The alias subcommands: create, update, delete and list.

use polykms::wire::aws;
use polykms::{CreateAliasRequest, KeyManager, ListAliasesRequest, UpdateAliasRequest};

use crate::Outcome;
use crate::cli::{AliasName, CreateAlias, ListAliases};
use crate::output::{nothing, render};
use crate::paging::{self, Page};

pub(crate) fn create_alias(kms: &dyn KeyManager, args: &CreateAlias) -> Outcome {
    kms.create_alias(CreateAliasRequest::new(
        &args.alias_name,
        &args.target_key_id,
    ))?;
    Ok(nothing())
}

pub(crate) fn list_aliases(kms: &dyn KeyManager, args: &ListAliases) -> Outcome {
    paging::list(
        &args.paging,
        args.limit,
        args.marker.clone(),
        "Aliases",
        |marker, limit| {
            let mut request = ListAliasesRequest::new();
            if let Some(key_id) = &args.key_id {
                request = request.key_id(key_id);
            }
            request.limit = limit;
            request.marker = marker;
            let page = kms.list_aliases(request)?;
            Ok(Page {
                response: render(&aws::ListAliasesResponse::from_page(&page)),
                next_marker: page.next_marker,
            })
        },
    )
}

pub(crate) fn update_alias(kms: &dyn KeyManager, args: &CreateAlias) -> Outcome {
    kms.update_alias(UpdateAliasRequest::new(
        &args.alias_name,
        &args.target_key_id,
    ))?;
    Ok(nothing())
}

pub(crate) fn delete_alias(kms: &dyn KeyManager, args: &AliasName) -> Outcome {
    kms.delete_alias(&args.alias_name)?;
    Ok(nothing())
}
