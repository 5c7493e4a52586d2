//! The aws CLI (and the README's boto3 example) against `kms serve`
//! processes.
//!
//! The README's worked example ("## Use it from any language", the ```sh
//! block that calls `aws --endpoint-url`) is run as it stands with bash,
//! with two honest substitutions only:
//!
//! - the address: `127.0.0.1:4599` is replaced, as plain text, by a free
//!   port of this machine, so that parallel tests and a server already on
//!   4599 do not collide;
//! - the directory: the block uses relative paths (`root.key`, `kms-data`,
//!   `secret.txt`…), and runs in a temporary directory.
//!
//! Nothing of the test's environment reaches it (`KMS_*` and `AWS_*` are
//! removed, the aws CLI's config files point nowhere); `kms` is the binary
//! under test, first on `PATH`. bash runs it with `-euo pipefail`, so any
//! failing command fails the test.
//!
//! `aws` must be installed (`pip install awscli`): without it these tests
//! fail, saying so, rather than skip.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{
    ACCOUNT_A, AKID_A, AKID_B, DataDir, Process, REGION, SECRET_A, SECRET_B, kms_serve,
    without_kms_or_aws_variables,
};

const README: &str = include_str!("../../README.md");
const README_ADDR: &str = "127.0.0.1:4599";

/// The fenced blocks of `language` in the README's section `title`.
fn readme_blocks(title: &str, language: &str) -> Vec<String> {
    let start = README
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("no section {title:?} in the README"));
    let section = &README[start + 1..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() == format!("```{language}") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| l.trim_end() != "```")
                .collect();
            blocks.push(body.join("\n") + "\n");
        }
    }
    blocks
}

/// The one block of `language` in "Use it from any language" that contains
/// `needle`.
fn readme_example(language: &str, needle: &str) -> String {
    let mut found: Vec<String> = readme_blocks("Use it from any language", language)
        .into_iter()
        .filter(|b| b.contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one ```{language} block with {needle:?} in the README"
    );
    let block = found.remove(0);
    assert!(
        block.contains(README_ADDR),
        "the example uses {README_ADDR}"
    );
    block
}

/// Panics, saying how to install it, unless the aws CLI runs.
fn require_aws() {
    let ok = Command::new("aws")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "the aws CLI is not installed: `python3 -m pip install awscli` (.ci/run installs it)"
    );
}

/// A port nobody listens on (free when asked; the kernel does not hand it
/// out again at once).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The test's environment without `KMS_*` and `AWS_*`, the aws CLI's files
/// pointing into `dir` (where there are none), and `kms` first on `PATH`.
fn clean_env(command: &mut Command, dir: &Path) {
    without_kms_or_aws_variables(command);
    let kms_dir = Path::new(env!("CARGO_BIN_EXE_kms")).parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![kms_dir.to_path_buf()];
    dirs.extend(std::env::split_paths(&path));
    command
        .env("PATH", std::env::join_paths(dirs).unwrap())
        .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("no-aws-credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_PAGER", "")
        .current_dir(dir);
}

/// Waits up to `timeout` for `child` to exit, looking every `poll`: its
/// status, or `None` if it still runs.
fn wait_for_exit(child: &mut Child, timeout: Duration, poll: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(poll);
    }
}

fn read(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = std::fs::File::open(path) {
        let _ = file.read_to_string(&mut text);
    }
    text
}

#[test]
fn the_readme_aws_cli_example_runs_as_it_stands() {
    require_aws();
    let block = readme_example("sh", "aws --endpoint-url");
    for step in [
        "kms serve",
        "create-key",
        "create-alias",
        "encrypt",
        "decrypt",
        "sign",
        "verify",
    ] {
        assert!(block.contains(step), "the worked example has {step}");
    }
    let script = block.replace(README_ADDR, &format!("127.0.0.1:{}", free_port()));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bash.out");
    let err = dir.path().join("bash.err");
    let status = run_bash(&script, dir.path(), &out, &err);

    let report = || {
        format!(
            "--- stdout\n{}--- stderr\n{}--- kms-serve.log\n{}",
            read(&out),
            read(&err),
            read(&dir.path().join("kms-serve.log"))
        )
    };
    let status =
        status.unwrap_or_else(|| panic!("the example did not finish in 180 s\n{}", report()));
    assert!(
        status.success(),
        "the example failed ({status})\n{}",
        report()
    );
    let original = std::fs::read(dir.path().join("secret.txt")).unwrap();
    let decrypted = std::fs::read(dir.path().join("secret.out")).unwrap();
    assert!(!original.is_empty());
    assert_eq!(decrypted, original, "decrypted file differs\n{}", report());
    let stdout = read(&out);
    assert!(stdout.contains("decrypted: db password"), "{}", report());
    assert_eq!(
        stdout.lines().last(),
        Some("True"),
        "verify said\n{}",
        report()
    );
    assert!(
        read(&dir.path().join("kms-serve.log"))
            .contains("kms serve: listening on http://127.0.0.1:")
    );
}

/// Runs `script` with `bash -euo pipefail` in `dir` (a [`clean_env`]),
/// its output into `out` and `err`, for up to 180 s; then stops whatever
/// it left running. Its status, or `None` if it did not finish.
fn run_bash(script: &str, dir: &Path, out: &Path, err: &Path) -> Option<ExitStatus> {
    let mut bash = Command::new("bash");
    bash.args(["-euo", "pipefail", "-c", script]);
    clean_env(&mut bash, dir);
    // Its own process group: whatever the block leaves running (the
    // server, if a step fails before `kill $SERVER`) is stopped below.
    bash.process_group(0)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(out).unwrap())
        .stderr(std::fs::File::create(err).unwrap());
    let mut child = bash.spawn().expect("bash");
    let group = child.id();
    let status = wait_for_exit(
        &mut child,
        Duration::from_secs(180),
        Duration::from_millis(50),
    );
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{group}")])
        .stderr(Stdio::null())
        .status();
    let _ = child.wait();
    status
}

/// `aws --endpoint-url URL kms ARGS…` signed with `akid`/`secret` for
/// `region`.
fn aws(url: &str, region: &str, akid: &str, secret: &str, args: &[&str], dir: &Path) -> Output {
    let mut command = Command::new("aws");
    clean_env(&mut command, dir);
    command
        .args(["--endpoint-url", url, "kms"])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", akid)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("AWS_DEFAULT_REGION", region)
        .stdin(Stdio::null())
        .output()
        .expect("aws")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "aws failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Fails, with `code` in its error message.
fn refused(output: &Output, code: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "aws succeeded; expected {code}");
    assert!(stderr.contains(code), "expected {code}: {stderr}");
}

#[test]
fn the_aws_cli_against_kms_serve_with_a_credentials_file() {
    require_aws();
    let data = DataDir::new();
    let server = Process::start(&data, &[]);
    let url = server.url();
    let dir = data.dir.path();
    let created = aws(
        &url,
        REGION,
        AKID_A,
        SECRET_A,
        &[
            "create-key",
            "--query",
            "KeyMetadata.Arn",
            "--output",
            "text",
        ],
        dir,
    );
    let arn = stdout(&created);
    let prefix = format!("arn:aws:kms:{REGION}:{ACCOUNT_A}:key/");
    assert!(arn.starts_with(&prefix), "{arn}");
    // Account B's access key does not reach account A's key.
    let other = aws(
        &url,
        REGION,
        AKID_B,
        SECRET_B,
        &["describe-key", "--key-id", &arn],
        dir,
    );
    refused(&other, "NotFoundException");
    let wrong = aws(&url, REGION, AKID_A, "not-the-secret", &["list-keys"], dir);
    refused(&wrong, "InvalidSignatureException");
    // SIGTERM: a clean exit.
    let status = server.terminate();
    assert!(
        status.success(),
        "kms serve exited with {status} on SIGTERM"
    );
}

#[test]
fn the_readme_boto3_example_runs_against_a_single_pair_from_the_environment() {
    let block = readme_example("python", "boto3.client");
    let data = DataDir::new();
    // As the README's worked example starts it: one pair from the
    // environment, the default region.
    let mut command = kms_serve();
    command
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data.data())
        .arg("--root-key-file")
        .arg(data.path("root.key"))
        .env("KMS_ACCESS_KEY_ID", "AKIDLOCAL")
        .env("KMS_SECRET_ACCESS_KEY", "local-secret")
        .env("KMS_ACCOUNT_ID", "111122223333");
    let server = Process::spawn(command);
    let script: PathBuf = data.path("example.py");
    std::fs::write(
        &script,
        block.replace(README_ADDR, &server.addr.to_string()),
    )
    .unwrap();
    let mut python = Command::new("python3");
    clean_env(&mut python, data.dir.path());
    let output = python.arg(&script).output().expect("python3");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        text.contains("arn:aws:kms:us-east-1:111122223333:key/")
            && text.contains("did not sign release 2.0"),
        "{text}"
    );
    assert!(
        data.data().join("111122223333").is_dir(),
        "the account's store is DIR/ACCOUNT_ID"
    );
}

#[test]
fn allow_any_credentials_takes_unsigned_requests_as_the_default_account() {
    require_aws();
    let data = DataDir::new();
    let mut command = kms_serve();
    command
        .args([
            "--listen",
            "127.0.0.1:0",
            "--allow-any-credentials",
            "--data-dir",
        ])
        .arg(data.data())
        .arg("--root-key-file")
        .arg(data.path("root.key"));
    let server = Process::spawn(command);
    let mut unsigned = Command::new("aws");
    clean_env(&mut unsigned, data.dir.path());
    let output = unsigned
        .args([
            "--no-sign-request",
            "--region",
            "us-east-1",
            "--endpoint-url",
            &server.url(),
        ])
        .args([
            "kms",
            "create-key",
            "--query",
            "KeyMetadata.Arn",
            "--output",
            "text",
        ])
        .output()
        .expect("aws");
    let arn = stdout(&output);
    assert!(
        arn.starts_with("arn:aws:kms:us-east-1:000000000000:key/"),
        "{arn}"
    );
}

#[test]
fn a_credentials_file_others_may_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let data = DataDir::new();
    let credentials = data.path("credentials.toml");
    std::fs::set_permissions(&credentials, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = data.path("serve.err");
    let mut child = kms_serve()
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data.data())
        .arg("--root-key-file")
        .arg(data.path("root.key"))
        .arg("--credentials")
        .arg(&credentials)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    // It must exit at once; were it to serve, stop it rather than hang.
    let status = wait_for_exit(
        &mut child,
        Duration::from_secs(30),
        Duration::from_millis(20),
    );
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let stderr = read(&err);
    let status =
        status.unwrap_or_else(|| panic!("kms serve served with a 0644 credentials file: {stderr}"));
    assert!(
        !status.success(),
        "kms serve exited 0 with a 0644 credentials file"
    );
    assert!(stderr.contains("chmod 600"), "{stderr}");
}

#[test]
fn the_readme_credentials_file_loads() {
    use std::os::unix::fs::PermissionsExt;
    let blocks = readme_blocks("Use it from any language", "toml");
    assert_eq!(blocks.len(), 1, "one credentials file in the README");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("credentials.toml");
    std::fs::write(&path, &blocks[0]).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let credentials = polykms::server::load_credentials(&path).unwrap();
    let accounts: Vec<&str> = credentials.iter().map(|c| c.account_id()).collect();
    assert_eq!(accounts, ["111122223333", "444455556666"]);
}
