//! The server's credentials file.

use std::path::Path;

use serde::Deserialize;

use super::Credential;
use crate::{Error, Result};

/// The file: one `[[credentials]]` table per access key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    credentials: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    access_key_id: String,
    secret_access_key: String,
    account_id: String,
    #[serde(default)]
    project_id: Option<String>,
}

/// Reads a credentials file: TOML, one `[[credentials]]` table per access
/// key, each with `access_key_id`, `secret_access_key` and `account_id`, and
/// optionally `project_id`: the Huawei Cloud project that names the account
/// in Huawei's paths (one project names one account).
///
/// ```toml
/// [[credentials]]
/// access_key_id = "AKIDEXAMPLE"
/// secret_access_key = "wJalrXUtnFEMI/K7MDENG"
/// account_id = "111122223333"
/// project_id = "0123456789abcdef0123456789abcdef"
/// ```
///
/// As ssh does with private keys, a file that others than its owner may
/// read or write is refused (on Unix; mode `0600` or stricter).
///
/// # Errors
///
/// [`Error::Store`] if the file cannot be read;
/// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) if
/// others may read it, if it is not valid, if an access key appears twice or
/// if an account id is not 12 digits.
pub fn load_credentials(path: impl AsRef<Path>) -> Result<Vec<Credential>> {
    let path = path.as_ref();
    check_private(path)?;
    let text = std::fs::read_to_string(path).map_err(|e| Error::storage(path, e))?;
    let file: File = toml::from_str(&text)
        .map_err(|e| Error::invalid_argument(path.display().to_string(), e.message().to_owned()))?;
    let mut seen = std::collections::BTreeSet::new();
    let mut projects = std::collections::BTreeMap::new();
    let mut credentials = Vec::with_capacity(file.credentials.len());
    for entry in file.credentials {
        let invalid = |reason: String| Error::invalid_argument(path.display().to_string(), reason);
        if !seen.insert(entry.access_key_id.clone()) {
            return Err(invalid(format!(
                "access key {} appears twice",
                entry.access_key_id
            )));
        }
        if entry.account_id.len() != 12 || !entry.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(format!(
                "account_id {:?} is not 12 digits",
                entry.account_id
            )));
        }
        let mut credential = Credential::new(
            entry.access_key_id,
            entry.secret_access_key,
            entry.account_id.clone(),
        );
        if let Some(project) = entry.project_id {
            if project.is_empty() {
                return Err(invalid("project_id is empty".to_owned()));
            }
            let account = projects.entry(project.clone()).or_insert(entry.account_id);
            if *account != credential.account_id() {
                return Err(invalid(format!(
                    "project_id {project:?} names two accounts, {account} and {}",
                    credential.account_id()
                )));
            }
            credential = credential.with_project_id(project);
        }
        credentials.push(credential);
    }
    Ok(credentials)
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| Error::storage(path, e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Error::invalid_argument(
            path.display().to_string(),
            format!(
                "permissions {:04o} let others than the owner read it; chmod 600 it",
                mode & 0o7777
            ),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn write(text: &str, mode: u32) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        (dir, path)
    }

    const TWO: &str = r#"
[[credentials]]
access_key_id = "AKIDONE"
secret_access_key = "one"
account_id = "111122223333"

[[credentials]]
access_key_id = "AKIDTWO"
secret_access_key = "two"
account_id = "444455556666"
"#;

    #[test]
    fn reads_every_credential() {
        let (_dir, path) = write(TWO, 0o600);
        let creds = load_credentials(&path).unwrap();
        assert_eq!(creds.len(), 2);
        assert_eq!(creds[1].access_key_id(), "AKIDTWO");
        assert_eq!(creds[1].account_id(), "444455556666");
        assert_eq!(creds[1].secret(), "two");
        assert!(!format!("{creds:?}").contains("two\""));
        assert_eq!(creds[1].project_id(), None);
        let with_project = TWO.replace(
            "account_id = \"444455556666\"",
            "account_id = \"444455556666\"\nproject_id = \"0123abcd\"",
        );
        let (_d, path) = write(&with_project, 0o600);
        assert_eq!(
            load_credentials(&path).unwrap()[1].project_id(),
            Some("0123abcd")
        );
    }

    #[test]
    fn refuses_a_file_others_can_read() {
        let (_dir, path) = write(TWO, 0o644);
        let err = load_credentials(&path).unwrap_err().to_string();
        assert!(err.contains("0644") && err.contains("chmod 600"), "{err}");
    }

    #[test]
    fn refuses_duplicates_bad_accounts_and_unknown_fields() {
        let dup = TWO.replace("AKIDTWO", "AKIDONE");
        let (_d1, path) = write(&dup, 0o600);
        assert!(
            load_credentials(&path)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let bad = TWO.replace("444455556666", "4444");
        let (_d2, path) = write(&bad, 0o600);
        assert!(
            load_credentials(&path)
                .unwrap_err()
                .to_string()
                .contains("12 digits")
        );
        let shared = TWO
            .replace(
                "account_id = \"111122223333\"",
                "account_id = \"111122223333\"\nproject_id = \"p1\"",
            )
            .replace(
                "account_id = \"444455556666\"",
                "account_id = \"444455556666\"\nproject_id = \"p1\"",
            );
        let (_d4, path) = write(&shared, 0o600);
        let err = load_credentials(&path).unwrap_err().to_string();
        assert!(err.contains("names two accounts"), "{err}");
        let extra = format!("{TWO}colour = \"red\"\n");
        let (_d3, path) = write(&extra, 0o400);
        assert!(load_credentials(&path).is_err());
    }
}
