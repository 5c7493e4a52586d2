//! Accounts: each has its own provider; each credential belongs to one.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::{AsyncKeyManager, Error, ResourceNamespace, Result, SecretBytes};

/// An access key the server accepts: its id, its secret and the account it
/// belongs to, and optionally the Huawei Cloud project that names that
/// account in Huawei's paths (`/v1.0/{project_id}/kms/…`).
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    access_key_id: String,
    secret_access_key: SecretBytes,
    account_id: String,
    project_id: Option<String>,
}

impl Credential {
    /// A credential of `account_id`.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        account_id: impl Into<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: SecretBytes::new(secret_access_key.into().into_bytes()),
            account_id: account_id.into(),
            project_id: None,
        }
    }

    /// Names the Huawei Cloud project of this access key's account: Huawei
    /// requests signed with it must name this project in their path.
    ///
    /// ```
    /// use polykms::server::Credential;
    ///
    /// let credential = Credential::new("HWAK", "secret", "111122223333").with_project_id("0123abcd");
    /// assert_eq!(credential.project_id(), Some("0123abcd"));
    /// ```
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The Huawei Cloud project of this access key's account, if named.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The account the credential belongs to.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The secret, for checking a signature.
    pub(crate) fn secret(&self) -> &str {
        // Built from a `String`, so always UTF-8.
        std::str::from_utf8(self.secret_access_key.expose_secret()).unwrap_or_default()
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("account_id", &self.account_id)
            .field("project_id", &self.project_id)
            .finish()
    }
}

/// One account: its provider (served through the async interface) and the
/// namespace of its resource names.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) id: String,
    pub(crate) provider: Arc<dyn AsyncKeyManager>,
    pub(crate) namespace: ResourceNamespace,
}

/// The accounts a server serves, and the credentials that reach them.
///
/// Give each account's provider the namespace
/// `ResourceNamespace::new("aws", region, account_id)`, so that the ARNs it
/// makes and accepts are the ones clients see.
#[derive(Debug, Clone)]
pub struct Accounts {
    region: String,
    accounts: BTreeMap<String, Account>,
    credentials: BTreeMap<String, Credential>,
    any_credentials: Option<String>,
}

impl Accounts {
    /// No accounts yet, in `region` (the region requests must be signed for,
    /// and the region of every ARN).
    pub fn new(region: impl Into<String>) -> Self {
        Self {
            region: region.into(),
            accounts: BTreeMap::new(),
            credentials: BTreeMap::new(),
            any_credentials: None,
        }
    }

    /// Adds the account `account_id`, served by `provider` through its async
    /// interface: every local provider ([`InMemory`](crate::InMemory),
    /// [`FileKeyManager`](crate::FileKeyManager)), and any provider that
    /// implements only [`AsyncKeyManager`] (a remote one). The provider
    /// decides what runs off the executor (for the local ones, see
    /// [`AsyncKeyManager`]'s table).
    pub fn with_account(
        self,
        account_id: impl Into<String>,
        provider: impl AsyncKeyManager + 'static,
    ) -> Self {
        self.with_shared_account(account_id, Arc::new(provider))
    }

    /// As [`with_account`](Self::with_account), for a provider the caller
    /// shares (with other accounts, servers or its own tasks).
    pub fn with_shared_account(
        mut self,
        account_id: impl Into<String>,
        provider: Arc<dyn AsyncKeyManager>,
    ) -> Self {
        let id = account_id.into();
        let namespace = ResourceNamespace::new("aws", self.region.clone(), id.clone());
        let account = Account {
            id: id.clone(),
            provider,
            namespace,
        };
        self.accounts.insert(id, account);
        self
    }

    /// Adds a credential.
    pub fn with_credential(mut self, credential: Credential) -> Self {
        self.credentials
            .insert(credential.access_key_id.clone(), credential);
        self
    }

    /// Accepts every request, signed or not, as a request of `account_id`.
    ///
    /// For throwaway local use only: anyone who can reach the listener can
    /// use every key of that account. The server logs a warning at start.
    pub fn allow_any_credentials(mut self, account_id: impl Into<String>) -> Self {
        self.any_credentials = Some(account_id.into());
        self
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The account ids, in order.
    pub fn account_ids(&self) -> impl Iterator<Item = &str> {
        self.accounts.keys().map(String::as_str)
    }

    /// The account every request is taken as, if any credentials are
    /// accepted.
    pub(crate) fn any_credentials(&self) -> Option<&Account> {
        self.any_credentials
            .as_ref()
            .and_then(|id| self.accounts.get(id))
    }

    /// The credential of `access_key_id`.
    pub(crate) fn credential(&self, access_key_id: &str) -> Option<&Credential> {
        self.credentials.get(access_key_id)
    }

    /// The account `account_id`.
    pub(crate) fn account(&self, account_id: &str) -> Option<&Account> {
        self.accounts.get(account_id)
    }

    /// Every credential and the any-credentials account name an account.
    pub(crate) fn check(&self) -> Result<()> {
        let named = self
            .credentials
            .values()
            .map(|c| (c.account_id.as_str(), c.access_key_id.as_str()))
            .chain(self.any_credentials.as_deref().map(|a| (a, "(any)")));
        for (account, key) in named {
            if !self.accounts.contains_key(account) {
                return Err(Error::invalid_argument(
                    "credentials",
                    format!("access key {key} belongs to account {account}, which has no provider"),
                ));
            }
        }
        if self.credentials.is_empty() && self.any_credentials.is_none() {
            return Err(Error::invalid_argument(
                "credentials",
                "none given: every request would be refused",
            ));
        }
        Ok(())
    }
}
