//! The table of Huawei Cloud KMS's endpoints: method, path template,
//! query parameters and the shapes of body and answer, so that a server
//! routes and a client calls from one place.

use super::encoding::{percent_decode, percent_encode};

/// One endpoint: how it is called and what it takes and answers. The
/// shapes are named by their type in this module (`request` is `None` for
/// an endpoint without a body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    /// The endpoint's name: the last fixed segment of its path, or what it
    /// does where that is not unique (`create-alias`, `list-key-tags`, …).
    pub name: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template; `{project_id}`, `{key_id}` and `{key}` (a tag
    /// key) stand for path parameters.
    pub path: &'static str,
    /// The query parameters it reads.
    pub query: &'static [&'static str],
    /// The shape of its JSON body.
    pub request: Option<&'static str>,
    /// The shape of its answer.
    pub response: &'static str,
}

/// A request's endpoint and path parameters, as [`route`] finds them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route {
    /// The endpoint.
    pub endpoint: &'static Endpoint,
    /// The path parameters, decoded, in the order of the template
    /// (`project_id` first).
    pub params: Vec<(&'static str, String)>,
}

impl Route {
    /// The value of path parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The project of the path.
    pub fn project_id(&self) -> &str {
        self.param("project_id").unwrap_or_default()
    }
}

impl Endpoint {
    /// The endpoint named `name`.
    ///
    /// ```
    /// use polykms::wire::huawei::Endpoint;
    ///
    /// let sign = Endpoint::named("sign").unwrap();
    /// assert_eq!((sign.method, sign.path), ("POST", "/v1.0/{project_id}/kms/sign"));
    /// assert_eq!((sign.request, sign.response), (Some("SignRequest"), "SignResponse"));
    /// ```
    pub fn named(name: &str) -> Option<&'static Endpoint> {
        ENDPOINTS.iter().find(|endpoint| endpoint.name == name)
    }

    /// The path to call, each parameter of the template replaced by its
    /// value from `params`, percent-encoded as the SDK does (a `/` in a tag
    /// key becomes `%2F`); `None` if a parameter has no value.
    ///
    /// ```
    /// use polykms::wire::huawei::Endpoint;
    ///
    /// let delete = Endpoint::named("delete-tag").unwrap();
    /// let path = delete.path_for(&[("project_id", "p1"), ("key_id", "k1"), ("key", "team/a b")]);
    /// assert_eq!(path.as_deref(), Some("/v1.0/p1/kms/k1/tags/team%2Fa%20b"));
    /// assert_eq!(delete.path_for(&[("project_id", "p1")]), None);
    /// ```
    pub fn path_for(&self, params: &[(&str, &str)]) -> Option<String> {
        let segments: Option<Vec<String>> = self
            .path
            .split('/')
            .map(|segment| match parameter(segment) {
                Some(name) => params
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, value)| percent_encode(value)),
                None => Some(segment.to_owned()),
            })
            .collect();
        segments.map(|segments| segments.join("/"))
    }

    /// Whether `method` and `path` (as sent, without the query) call this
    /// endpoint, and if so with which path parameters.
    fn matches(&'static self, method: &str, path: &str) -> Option<Route> {
        if !self.method.eq_ignore_ascii_case(method) {
            return None;
        }
        let path = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        let sent: Vec<&str> = path.split('/').collect();
        let template: Vec<&str> = self.path.split('/').collect();
        if sent.len() != template.len() {
            return None;
        }
        let mut params = Vec::new();
        for (pattern, segment) in template.iter().zip(&sent) {
            match parameter(pattern) {
                Some(name) if !segment.is_empty() => params.push((name, percent_decode(segment))),
                Some(_) => return None,
                None if pattern == segment => {}
                None => return None,
            }
        }
        Some(Route {
            endpoint: self,
            params,
        })
    }
}

/// The name of a template segment that is a parameter (`{key_id}`).
fn parameter(segment: &str) -> Option<&str> {
    segment.strip_prefix('{')?.strip_suffix('}')
}

/// The endpoint a request calls: its method, and its path as sent (without
/// the query; a trailing `/` is allowed), with the path parameters
/// decoded. `None` for a request no endpoint takes (Huawei's gateway
/// answers `APIG.0101`).
///
/// ```
/// use polykms::wire::huawei::route;
///
/// let found = route("DELETE", "/v1.0/p1/kms/k1/tags/team%2Fa").unwrap();
/// assert_eq!(found.endpoint.name, "delete-tag");
/// assert_eq!((found.project_id(), found.param("key_id"), found.param("key")), ("p1", Some("k1"), Some("team/a")));
/// assert_eq!(route("POST", "/v1.0/p1/kms/k1/tags/action").unwrap().endpoint.name, "batch-tags");
/// assert_eq!(route("GET", "/v1.0/p1/kms/aliases/").unwrap().endpoint.name, "list-aliases");
/// assert!(route("GET", "/v1.0/p1/kms/create-key").is_none());
/// ```
pub fn route(method: &str, path: &str) -> Option<Route> {
    ENDPOINTS
        .iter()
        .find_map(|endpoint| endpoint.matches(method, path))
}

/// Every endpoint the crate speaks, as `huaweicloudsdkkms` (v2) calls
/// them. Huawei's SDK has no `/v1.1/` path for any of them.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        name: "create-key",
        method: "POST",
        path: "/v1.0/{project_id}/kms/create-key",
        query: &[],
        request: Some("CreateKeyRequest"),
        response: "CreateKeyResponse",
    },
    Endpoint {
        name: "describe-key",
        method: "POST",
        path: "/v1.0/{project_id}/kms/describe-key",
        query: &[],
        request: Some("KeyIdRequest"),
        response: "DescribeKeyResponse",
    },
    Endpoint {
        name: "list-keys",
        method: "POST",
        path: "/v1.0/{project_id}/kms/list-keys",
        query: &[],
        request: Some("ListKeysRequest"),
        response: "ListKeysResponse",
    },
    Endpoint {
        name: "enable-key",
        method: "POST",
        path: "/v1.0/{project_id}/kms/enable-key",
        query: &[],
        request: Some("KeyIdRequest"),
        response: "EnableKeyResponse",
    },
    Endpoint {
        name: "disable-key",
        method: "POST",
        path: "/v1.0/{project_id}/kms/disable-key",
        query: &[],
        request: Some("KeyIdRequest"),
        response: "DisableKeyResponse",
    },
    Endpoint {
        name: "schedule-key-deletion",
        method: "POST",
        path: "/v1.0/{project_id}/kms/schedule-key-deletion",
        query: &[],
        request: Some("ScheduleKeyDeletionRequest"),
        response: "ScheduleKeyDeletionResponse",
    },
    Endpoint {
        name: "cancel-key-deletion",
        method: "POST",
        path: "/v1.0/{project_id}/kms/cancel-key-deletion",
        query: &[],
        request: Some("KeyIdRequest"),
        response: "CancelKeyDeletionResponse",
    },
    Endpoint {
        name: "update-key-alias",
        method: "POST",
        path: "/v1.0/{project_id}/kms/update-key-alias",
        query: &[],
        request: Some("UpdateKeyAliasRequest"),
        response: "UpdateKeyAliasResponse",
    },
    Endpoint {
        name: "update-key-description",
        method: "POST",
        path: "/v1.0/{project_id}/kms/update-key-description",
        query: &[],
        request: Some("UpdateKeyDescriptionRequest"),
        response: "UpdateKeyDescriptionResponse",
    },
    Endpoint {
        name: "create-alias",
        method: "POST",
        path: "/v1.0/{project_id}/kms/aliases",
        query: &[],
        request: Some("CreateAliasRequest"),
        response: "CreateAliasResponse",
    },
    Endpoint {
        name: "delete-alias",
        method: "DELETE",
        path: "/v1.0/{project_id}/kms/aliases",
        query: &[],
        request: Some("DeleteAliasRequest"),
        response: "EmptyResponse",
    },
    Endpoint {
        name: "list-aliases",
        method: "GET",
        path: "/v1.0/{project_id}/kms/aliases",
        query: &["key_id", "limit", "marker"],
        request: None,
        response: "ListAliasesResponse",
    },
    Endpoint {
        name: "associate-alias",
        method: "POST",
        path: "/v1.0/{project_id}/kms/alias/associate",
        query: &[],
        request: Some("AssociateAliasRequest"),
        response: "AssociateAliasResponse",
    },
    Endpoint {
        name: "create-tag",
        method: "POST",
        path: "/v1.0/{project_id}/kms/{key_id}/tags",
        query: &[],
        request: Some("CreateTagRequest"),
        response: "EmptyResponse",
    },
    Endpoint {
        name: "delete-tag",
        method: "DELETE",
        path: "/v1.0/{project_id}/kms/{key_id}/tags/{key}",
        query: &[],
        request: None,
        response: "EmptyResponse",
    },
    Endpoint {
        name: "list-key-tags",
        method: "GET",
        path: "/v1.0/{project_id}/kms/{key_id}/tags",
        query: &[],
        request: None,
        response: "KeyTagsResponse",
    },
    Endpoint {
        name: "batch-tags",
        method: "POST",
        path: "/v1.0/{project_id}/kms/{key_id}/tags/action",
        query: &[],
        request: Some("BatchTagsRequest"),
        response: "EmptyResponse",
    },
    Endpoint {
        name: "list-project-tags",
        method: "GET",
        path: "/v1.0/{project_id}/kms/tags",
        query: &[],
        request: None,
        response: "ProjectTagsResponse",
    },
    Endpoint {
        name: "encrypt-data",
        method: "POST",
        path: "/v1.0/{project_id}/kms/encrypt-data",
        query: &[],
        request: Some("EncryptDataRequest"),
        response: "EncryptDataResponse",
    },
    Endpoint {
        name: "decrypt-data",
        method: "POST",
        path: "/v1.0/{project_id}/kms/decrypt-data",
        query: &[],
        request: Some("DecryptDataRequest"),
        response: "DecryptDataResponse",
    },
    Endpoint {
        name: "create-datakey",
        method: "POST",
        path: "/v1.0/{project_id}/kms/create-datakey",
        query: &[],
        request: Some("CreateDatakeyRequest"),
        response: "CreateDatakeyResponse",
    },
    Endpoint {
        name: "create-datakey-without-plaintext",
        method: "POST",
        path: "/v1.0/{project_id}/kms/create-datakey-without-plaintext",
        query: &[],
        request: Some("CreateDatakeyRequest"),
        response: "CreateDatakeyWithoutPlaintextResponse",
    },
    Endpoint {
        name: "encrypt-datakey",
        method: "POST",
        path: "/v1.0/{project_id}/kms/encrypt-datakey",
        query: &[],
        request: Some("EncryptDatakeyRequest"),
        response: "EncryptDatakeyResponse",
    },
    Endpoint {
        name: "decrypt-datakey",
        method: "POST",
        path: "/v1.0/{project_id}/kms/decrypt-datakey",
        query: &[],
        request: Some("DecryptDatakeyRequest"),
        response: "DecryptDatakeyResponse",
    },
    Endpoint {
        name: "re-encrypt",
        method: "POST",
        path: "/v1.0/{project_id}/kms/re-encrypt",
        query: &[],
        request: Some("ReEncryptRequest"),
        response: "ReEncryptResponse",
    },
    Endpoint {
        name: "sign",
        method: "POST",
        path: "/v1.0/{project_id}/kms/sign",
        query: &[],
        request: Some("SignRequest"),
        response: "SignResponse",
    },
    Endpoint {
        name: "verify",
        method: "POST",
        path: "/v1.0/{project_id}/kms/verify",
        query: &[],
        request: Some("VerifyRequest"),
        response: "VerifyResponse",
    },
    Endpoint {
        name: "get-publickey",
        method: "POST",
        path: "/v1.0/{project_id}/kms/get-publickey",
        query: &[],
        request: Some("KeyIdRequest"),
        response: "GetPublicKeyResponse",
    },
    Endpoint {
        name: "generate-mac",
        method: "POST",
        path: "/v1.0/{project_id}/kms/generate-mac",
        query: &[],
        request: Some("GenerateMacRequest"),
        response: "GenerateMacResponse",
    },
    Endpoint {
        name: "verify-mac",
        method: "POST",
        path: "/v1.0/{project_id}/kms/verify-mac",
        query: &[],
        request: Some("VerifyMacRequest"),
        response: "VerifyMacResponse",
    },
    Endpoint {
        name: "gen-random",
        method: "POST",
        path: "/v1.0/{project_id}/kms/gen-random",
        query: &[],
        request: Some("GenRandomRequest"),
        response: "GenRandomResponse",
    },
    Endpoint {
        name: "enable-key-rotation",
        method: "POST",
        path: "/v1.0/{project_id}/kms/enable-key-rotation",
        query: &[],
        request: Some("KeyIdRequest"),
        response: "EmptyResponse",
    },
    Endpoint {
        name: "disable-key-rotation",
        method: "POST",
        path: "/v1.0/{project_id}/kms/disable-key-rotation",
        query: &[],
        request: Some("KeyIdRequest"),
        response: "EmptyResponse",
    },
    Endpoint {
        name: "get-key-rotation-status",
        method: "POST",
        path: "/v1.0/{project_id}/kms/get-key-rotation-status",
        query: &[],
        request: Some("KeyIdRequest"),
        response: "KeyRotationStatusResponse",
    },
    Endpoint {
        name: "update-key-rotation-interval",
        method: "POST",
        path: "/v1.0/{project_id}/kms/update-key-rotation-interval",
        query: &[],
        request: Some("UpdateKeyRotationIntervalRequest"),
        response: "EmptyResponse",
    },
    Endpoint {
        name: "rotate-on-demand",
        method: "POST",
        path: "/v1.0/{project_id}/kms/rotate-on-demand",
        query: &[],
        request: Some("RotateOnDemandRequest"),
        response: "RotateOnDemandResponse",
    },
    Endpoint {
        name: "get-parameters-for-import",
        method: "POST",
        path: "/v1.0/{project_id}/kms/get-parameters-for-import",
        query: &[],
        request: Some("GetParametersForImportRequest"),
        response: "GetParametersForImportResponse",
    },
    Endpoint {
        name: "import-key-material",
        method: "POST",
        path: "/v1.0/{project_id}/kms/import-key-material",
        query: &[],
        request: Some("ImportKeyMaterialRequest"),
        response: "EmptyResponse",
    },
    Endpoint {
        name: "delete-imported-key-material",
        method: "POST",
        path: "/v1.0/{project_id}/kms/delete-imported-key-material",
        query: &[],
        request: Some("KeyIdRequest"),
        response: "EmptyResponse",
    },
    Endpoint {
        name: "create-ec-datakey-pair",
        method: "POST",
        path: "/v1.0/{project_id}/kms/create-ec-datakey-pair",
        query: &[],
        request: Some("CreateEcDatakeyPairRequest"),
        response: "DatakeyPairResponse",
    },
    Endpoint {
        name: "create-rsa-datakey-pair",
        method: "POST",
        path: "/v1.0/{project_id}/kms/create-rsa-datakey-pair",
        query: &[],
        request: Some("CreateRsaDatakeyPairRequest"),
        response: "DatakeyPairResponse",
    },
    Endpoint {
        name: "derive-shared-secret",
        method: "POST",
        path: "/v1.0/{project_id}/kms/derive-shared-secret",
        query: &[],
        request: Some("DeriveSharedSecretRequest"),
        response: "DeriveSharedSecretResponse",
    },
];

#[cfg(test)]
mod tests;
