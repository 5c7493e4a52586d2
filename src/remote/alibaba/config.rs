//! Where the provider's settings come from when the builder does not give
//! them: Alibaba Cloud's standard environment variables, then the Alibaba
//! Cloud CLI's profile file (`~/.aliyun/config.json`).
//!
//! The profile file is the CLI's (`aliyun configure`):
//! `{"current": "default", "profiles": [{"name": "default", "mode": "AK",
//! "access_key_id": "…", "access_key_secret": "…", "sts_token": "",
//! "region_id": "cn-hangzhou", …}]}`. Modes `AK` and `StsToken` hold
//! credentials; the others (`RamRoleArn`, `EcsRamRole`, `OIDC`, …) need
//! an STS or metadata call this provider does not make, and are refused
//! with an error naming the mode.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::wire::alibaba::AccessKey;

/// The AccessKey id variable.
pub(super) const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The AccessKey secret variable.
pub(super) const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The STS token variable.
pub(super) const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// The region variable.
pub(super) const REGION_ID: &str = "ALIBABA_CLOUD_REGION_ID";
/// The variable naming the CLI profile to read.
pub(super) const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// Set to `true`, the CLI's profile file is not read.
pub(super) const CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// Credentials: an AccessKey, and an STS security token for temporary
/// ones.
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
    pub(super) fn new(id: String, secret: String, security_token: Option<String>) -> Self {
        Self {
            access_key: AccessKey::new(id, secret),
            security_token: security_token.filter(|t| !t.is_empty()),
        }
    }
}

/// What the environment and the profile file give: credentials and a
/// region, either possibly absent.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) credentials: Option<Credentials>,
    pub(super) region: Option<String>,
}

/// What to read, and how to read the environment (a function, so that
/// tests give an environment of their own).
pub(super) struct Sources<'a> {
    /// Reads an environment variable.
    pub(super) var: &'a dyn Fn(&str) -> Option<String>,
    /// The profile file to read, if not the CLI's default.
    pub(super) profile_file: Option<&'a Path>,
    /// The profile to read, if not `ALIBABA_CLOUD_PROFILE` or `current`.
    pub(super) profile: Option<&'a str>,
    /// The home directory, for the default profile file.
    pub(super) home: Option<PathBuf>,
}

/// The credentials and region the sources give: credentials from the
/// environment if both AccessKey variables are set, else from the
/// profile; the region from `ALIBABA_CLOUD_REGION_ID`, else from the
/// profile. A profile named explicitly (builder or `ALIBABA_CLOUD_PROFILE`)
/// or a profile file named explicitly must exist; the default file may be
/// absent.
pub(super) fn read(sources: &Sources<'_>) -> Result<Found> {
    let var = |name: &str| (sources.var)(name).filter(|v| !v.is_empty());
    let mut found = Found {
        region: var(REGION_ID),
        ..Found::default()
    };
    if let (Some(id), Some(secret)) = (var(ACCESS_KEY_ID), var(ACCESS_KEY_SECRET)) {
        found.credentials = Some(Credentials::new(id, secret, var(SECURITY_TOKEN)));
    }
    if found.credentials.is_some() && found.region.is_some() {
        return Ok(found);
    }
    let named_profile = sources.profile.map(str::to_owned).or_else(|| var(PROFILE));
    let explicit = sources.profile_file.is_some() || named_profile.is_some();
    if !explicit && var(CLI_PROFILE_DISABLED).is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return Ok(found);
    }
    let path = match (sources.profile_file, &sources.home) {
        (Some(path), _) => path.to_owned(),
        (None, Some(home)) => home.join(".aliyun").join("config.json"),
        (None, None) => return Ok(found),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(found),
        Err(e) => {
            return Err(config_error(
                &path,
                format!("the Alibaba Cloud CLI profile file cannot be read: {e}"),
            ));
        }
    };
    let profile = profile_of(&path, &text, named_profile.as_deref())?;
    if found.region.is_none() {
        found.region = profile.region_id.filter(|r| !r.is_empty());
    }
    if found.credentials.is_none() {
        let keys = (
            profile.access_key_id,
            profile.access_key_secret,
            profile.sts_token,
        );
        found.credentials = Some(profile_credentials(
            &path,
            profile.name,
            profile.mode,
            keys,
        )?);
    }
    Ok(found)
}

/// The CLI's configuration file (the members this provider reads).
#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    current: String,
    #[serde(default)]
    profiles: Vec<Profile>,
}

/// A profile of the CLI's configuration file.
#[derive(Deserialize)]
struct Profile {
    #[serde(default)]
    name: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    access_key_secret: Option<String>,
    #[serde(default)]
    sts_token: Option<String>,
    #[serde(default)]
    region_id: Option<String>,
}

/// The profile `name` (else the file's `current`) of the file at `path`.
fn profile_of(path: &Path, text: &str, name: Option<&str>) -> Result<Profile> {
    let file: ConfigFile = serde_json::from_str(text).map_err(|e| {
        config_error(
            path,
            format!("not an Alibaba Cloud CLI configuration file: {e}"),
        )
    })?;
    let name = name.unwrap_or(&file.current).to_owned();
    if name.is_empty() {
        return Err(config_error(
            path,
            "no profile named and no `current` profile".into(),
        ));
    }
    file.profiles
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| config_error(path, format!("no profile {name:?}")))
}

/// The credentials of a profile of mode `AK` or `StsToken`.
fn profile_credentials(
    path: &Path,
    name: String,
    mode: String,
    (id, secret, token): (Option<String>, Option<String>, Option<String>),
) -> Result<Credentials> {
    let id = id.filter(|v| !v.is_empty());
    let secret = secret.filter(|v| !v.is_empty());
    let token = token.filter(|v| !v.is_empty());
    let incomplete = |what: &str| {
        config_error(
            path,
            format!("profile {name:?} (mode {mode}) has no {what}"),
        )
    };
    match mode.as_str() {
        // The CLI writes profiles of old versions without a mode: AK.
        "AK" | "" => Ok(Credentials::new(
            id.ok_or_else(|| incomplete("access_key_id"))?,
            secret.ok_or_else(|| incomplete("access_key_secret"))?,
            None,
        )),
        "StsToken" => Ok(Credentials::new(
            id.ok_or_else(|| incomplete("access_key_id"))?,
            secret.ok_or_else(|| incomplete("access_key_secret"))?,
            Some(token.ok_or_else(|| incomplete("sts_token"))?),
        )),
        other => Err(config_error(
            path,
            format!(
                "profile {name:?} has mode {other}; AlibabaKms reads profiles of mode AK and \
                 StsToken (give other credentials with AlibabaKmsBuilder::credentials)"
            ),
        )),
    }
}

fn config_error(path: &Path, reason: String) -> Error {
    Error::invalid_argument("credentials", format!("{}: {reason}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn sources<'a>(
        env: &'a dyn Fn(&str) -> Option<String>,
        home: Option<&Path>,
        profile: Option<&'a str>,
    ) -> Sources<'a> {
        Sources {
            var: env,
            profile_file: None,
            profile,
            home: home.map(Path::to_owned),
        }
    }

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn write_profiles(home: &Path, text: &str) {
        std::fs::create_dir_all(home.join(".aliyun")).unwrap();
        std::fs::write(home.join(".aliyun/config.json"), text).unwrap();
    }

    const CONFIG: &str = r#"{
        "current": "main",
        "profiles": [
            {"name": "main", "mode": "AK", "access_key_id": "LTAImain", "access_key_secret": "main-secret",
             "sts_token": "", "region_id": "cn-shanghai", "output_format": "json", "language": "en"},
            {"name": "temp", "mode": "StsToken", "access_key_id": "STS.temp", "access_key_secret": "temp-secret",
             "sts_token": "token-1", "region_id": "eu-central-1"},
            {"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAIrole", "access_key_secret": "s",
             "ram_role_arn": "acs:ram::1:role/r", "region_id": "cn-beijing"},
            {"name": "broken", "mode": "StsToken", "access_key_id": "STS.x", "access_key_secret": "s"}
        ],
        "meta_path": ""
    }"#;

    #[test]
    fn the_environment_gives_credentials_token_and_region() {
        let env = env_of(&[
            (ACCESS_KEY_ID, "LTAIenv"),
            (ACCESS_KEY_SECRET, "env-secret"),
            (SECURITY_TOKEN, "sts-token"),
            (REGION_ID, "ap-southeast-1"),
        ]);
        let found = read(&sources(&env, None, None)).unwrap();
        let credentials = found.credentials.unwrap();
        assert_eq!(credentials.access_key.id(), "LTAIenv");
        assert_eq!(credentials.access_key.secret(), b"env-secret");
        assert_eq!(credentials.security_token.as_deref(), Some("sts-token"));
        assert_eq!(found.region.as_deref(), Some("ap-southeast-1"));
    }

    #[test]
    fn an_id_without_a_secret_is_not_credentials() {
        let env = env_of(&[(ACCESS_KEY_ID, "LTAIenv"), (ACCESS_KEY_SECRET, "")]);
        let found = read(&sources(&env, None, None)).unwrap();
        assert!(found.credentials.is_none());
        assert!(found.region.is_none());
    }

    #[test]
    fn the_current_profile_of_the_cli_file() {
        let home = tempfile::tempdir().unwrap();
        write_profiles(home.path(), CONFIG);
        let env = env_of(&[]);
        let found = read(&sources(&env, Some(home.path()), None)).unwrap();
        let credentials = found.credentials.unwrap();
        assert_eq!(credentials.access_key.id(), "LTAImain");
        assert_eq!(credentials.access_key.secret(), b"main-secret");
        assert_eq!(credentials.security_token, None);
        assert_eq!(found.region.as_deref(), Some("cn-shanghai"));
    }

    #[test]
    fn another_profile_by_variable_or_builder_and_sts_tokens() {
        let home = tempfile::tempdir().unwrap();
        write_profiles(home.path(), CONFIG);
        let env = env_of(&[(PROFILE, "temp")]);
        let found = read(&sources(&env, Some(home.path()), None)).unwrap();
        let credentials = found.credentials.unwrap();
        assert_eq!(credentials.access_key.id(), "STS.temp");
        assert_eq!(credentials.security_token.as_deref(), Some("token-1"));
        assert_eq!(found.region.as_deref(), Some("eu-central-1"));
        // The builder's profile wins over the variable.
        let found = read(&sources(&env, Some(home.path()), Some("main"))).unwrap();
        assert_eq!(found.credentials.unwrap().access_key.id(), "LTAImain");
    }

    #[test]
    fn the_environment_wins_over_the_profile_member_by_member() {
        let home = tempfile::tempdir().unwrap();
        write_profiles(home.path(), CONFIG);
        let env = env_of(&[(REGION_ID, "cn-hangzhou")]);
        let found = read(&sources(&env, Some(home.path()), None)).unwrap();
        assert_eq!(found.region.as_deref(), Some("cn-hangzhou"));
        assert_eq!(found.credentials.unwrap().access_key.id(), "LTAImain");
        let env = env_of(&[(ACCESS_KEY_ID, "LTAIenv"), (ACCESS_KEY_SECRET, "s")]);
        let found = read(&sources(&env, Some(home.path()), None)).unwrap();
        assert_eq!(found.credentials.unwrap().access_key.id(), "LTAIenv");
        assert_eq!(found.region.as_deref(), Some("cn-shanghai"));
    }

    #[test]
    fn modes_without_static_credentials_and_incomplete_profiles_are_refused() {
        let home = tempfile::tempdir().unwrap();
        write_profiles(home.path(), CONFIG);
        let env = env_of(&[]);
        let err = read(&sources(&env, Some(home.path()), Some("role"))).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument);
        assert!(err.to_string().contains("RamRoleArn"), "{err}");
        let err = read(&sources(&env, Some(home.path()), Some("broken"))).unwrap_err();
        assert!(err.to_string().contains("sts_token"), "{err}");
        let err = read(&sources(&env, Some(home.path()), Some("nobody"))).unwrap_err();
        assert!(err.to_string().contains("nobody"), "{err}");
    }

    #[test]
    fn a_missing_default_file_is_nothing_but_a_named_one_is_an_error() {
        let home = tempfile::tempdir().unwrap();
        let env = env_of(&[]);
        let found = read(&sources(&env, Some(home.path()), None)).unwrap();
        assert!(found.credentials.is_none());
        let err = read(&sources(&env, Some(home.path()), Some("main"))).unwrap_err();
        assert!(err.to_string().contains("config.json"), "{err}");
        let missing = home.path().join("elsewhere.json");
        let named = Sources {
            var: &env,
            profile_file: Some(&missing),
            profile: None,
            home: None,
        };
        assert!(read(&named).is_err());
    }

    #[test]
    fn the_profile_file_can_be_disabled_and_must_be_json() {
        let home = tempfile::tempdir().unwrap();
        write_profiles(home.path(), CONFIG);
        let env = env_of(&[(CLI_PROFILE_DISABLED, "true")]);
        let found = read(&sources(&env, Some(home.path()), None)).unwrap();
        assert!(found.credentials.is_none());
        write_profiles(home.path(), "[default]\naccess_key_id = x\n");
        let env = env_of(&[]);
        let err = read(&sources(&env, Some(home.path()), None)).unwrap_err();
        assert!(err.to_string().contains("configuration file"), "{err}");
    }
}
