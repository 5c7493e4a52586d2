//! Where the provider's settings come from when the builder does not give
//! them: the environment variables of Huawei Cloud's SDKs
//! (`huaweicloudsdkcore`'s `EnvCredentialProvider`).
//!
//! `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (both, or neither),
//! `HUAWEICLOUD_SDK_SECURITY_TOKEN` for temporary credentials and
//! `HUAWEICLOUD_SDK_PROJECT_ID`, as the SDK reads them. The SDK takes the
//! region in code and reads no region variable; its
//! `HUAWEICLOUD_SDK_REGION_KMS_<REGION>` (the region id upper-case, `-`
//! as `_`) gives the endpoint of a region, and is read here too.
//! `HUAWEICLOUD_SDK_REGION`, this crate's, names the region when the
//! builder does not.

use crate::error::Result;
use crate::wire::huawei::AccessKey;

/// The AK variable.
pub(super) const AK: &str = "HUAWEICLOUD_SDK_AK";
/// The SK variable.
pub(super) const SK: &str = "HUAWEICLOUD_SDK_SK";
/// The security token variable (temporary credentials).
pub(super) const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// The project id variable.
pub(super) const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// The region variable (this crate's; the SDK takes the region in code).
pub(super) const REGION: &str = "HUAWEICLOUD_SDK_REGION";
/// The prefix of the SDK's per-region endpoint variables.
pub(super) const REGION_ENDPOINT_PREFIX: &str = "HUAWEICLOUD_SDK_REGION_KMS_";

/// Credentials: an AK/SK, and a security token for temporary ones.
#[derive(Clone)]
pub(super) struct Credentials {
    pub(super) access_key: AccessKey,
    pub(super) security_token: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key.id())
            .field("security_token", &self.security_token.is_some())
            .finish_non_exhaustive()
    }
}

impl Credentials {
    pub(super) fn new(ak: String, sk: String, security_token: Option<String>) -> Self {
        Self {
            access_key: AccessKey::new(ak, sk),
            security_token: security_token.filter(|t| !t.is_empty()),
        }
    }
}

/// What the environment gives, each possibly absent.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) credentials: Option<Credentials>,
    pub(super) project_id: Option<String>,
    pub(super) region: Option<String>,
}

/// Reads the environment through `var` (a function, so that tests give an
/// environment of their own). Empty values count as absent.
pub(super) fn read(var: &dyn Fn(&str) -> Option<String>) -> Result<Found> {
    let var = |name: &str| var(name).filter(|v| !v.is_empty());
    let credentials = match (var(AK), var(SK)) {
        (Some(ak), Some(sk)) => Some(Credentials::new(ak, sk, var(SECURITY_TOKEN))),
        _ => None,
    };
    Ok(Found {
        credentials,
        project_id: var(PROJECT_ID),
        region: var(REGION),
    })
}

/// The SDK's endpoint variable for `region`'s KMS, if set (the first of
/// its comma-separated endpoints).
pub(super) fn region_endpoint(
    var: &dyn Fn(&str) -> Option<String>,
    region: &str,
) -> Option<String> {
    let name = format!(
        "{REGION_ENDPOINT_PREFIX}{}",
        region.replace('-', "_").to_ascii_uppercase()
    );
    var(&name)
        .and_then(|v| v.split(',').next().map(|e| e.trim().to_owned()))
        .filter(|e| !e.is_empty())
}
