//! The alias subcommands: create and list.

use polykms::wire::aws;
use polykms::{CreateAliasRequest, KeyManager, KeyManagerExt};

use crate::Outcome;
use crate::cli::{CreateAlias, ListAliases};
use crate::output::{nothing, render};

pub(crate) fn create_alias(kms: &dyn KeyManager, args: &CreateAlias) -> Outcome {
    kms.create_alias(CreateAliasRequest::new(
        &args.alias_name,
        &args.target_key_id,
    ))?;
    Ok(nothing())
}

/// Every alias, or one key's, in one listing (as the AWS CLI prints a
/// listing it paged through).
pub(crate) fn list_aliases(kms: &dyn KeyManager, args: &ListAliases) -> Outcome {
    let aliases = kms.list_all_aliases(args.key_id.as_deref())?;
    Ok(render(&aws::ListAliasesResponse::from_entries(&aliases)))
}
