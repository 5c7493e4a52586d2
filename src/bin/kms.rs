//! `kms`: manage a polykms file store from the shell, with the subcommands
//! and flags of the `aws kms` command-line tool.
//!
//! Binary inputs (`--plaintext`, `--ciphertext-blob`, `--message`,
//! `--signature`, `--mac`) are base64, or `fileb://PATH` for a file's raw
//! bytes, as with the AWS CLI. Output is JSON (default) or text; `--query
//! KeyMetadata.KeyId` prints one field.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use clap::{Parser, Subcommand, ValueEnum};
use polykms::{
    CreateKeyRequest, DataKeySpec, DecryptRequest, EncryptRequest, EncryptionAlgorithm,
    EncryptionContext, Error, FileKeyManager, GenerateDataKeyRequest, GenerateMacRequest,
    ImportKeyMaterialRequest, KeyId, KeyManager, KeyMetadata, KeySpec, KeyUsage, ListKeysRequest,
    MacAlgorithm, MessageType, Origin, ResourceNamespace, RootKey, SignRequest, SigningAlgorithm,
    Tag, VerifyMacRequest, VerifyRequest, Vocabulary,
};
use serde_json::{Value, json};

#[derive(Parser)]
#[command(
    name = "kms",
    version,
    about = "Manage a polykms file store, the way `aws kms` manages AWS KMS keys."
)]
struct Cli {
    /// The store's directory (created on first use).
    #[arg(long, env = "KMS_STORE", global = true)]
    store: Option<PathBuf>,
    /// A file holding the 32-byte root key (raw, hex or base64).
    #[arg(long, env = "KMS_ROOT_KEY_FILE", global = true)]
    root_key_file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Json, global = true)]
    output: Output,
    /// Print only this field of the result (e.g. CiphertextBlob, KeyMetadata.KeyId).
    #[arg(long, global = true)]
    query: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Output {
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "UPPER")]
enum PublicKeyFormat {
    Der,
    Pem,
}

#[derive(Subcommand)]
enum Command {
    /// Create a key.
    CreateKey {
        /// Key spec, in any vendor's spelling (default SYMMETRIC_DEFAULT).
        #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
        key_spec: String,
        /// Key usage (default: the spec's).
        #[arg(long)]
        key_usage: Option<String>,
        #[arg(long, default_value = "")]
        description: String,
        /// Tags: `TagKey=k,TagValue=v` (repeatable).
        #[arg(long, num_args = 1..)]
        tags: Vec<String>,
        /// AWS_KMS (default) or EXTERNAL.
        #[arg(long)]
        origin: Option<String>,
    },
    DescribeKey {
        #[arg(long)]
        key_id: String,
    },
    ListKeys {
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        marker: Option<String>,
    },
    EnableKey {
        #[arg(long)]
        key_id: String,
    },
    DisableKey {
        #[arg(long)]
        key_id: String,
    },
    ScheduleKeyDeletion {
        #[arg(long)]
        key_id: String,
        #[arg(long)]
        pending_window_in_days: Option<u32>,
    },
    CancelKeyDeletion {
        #[arg(long)]
        key_id: String,
    },
    CreateAlias {
        #[arg(long)]
        alias_name: String,
        #[arg(long)]
        target_key_id: String,
    },
    ListAliases {
        #[arg(long)]
        key_id: Option<String>,
    },
    TagResource {
        #[arg(long)]
        key_id: String,
        #[arg(long, num_args = 1.., required = true)]
        tags: Vec<String>,
    },
    Encrypt {
        #[arg(long)]
        key_id: String,
        /// Base64, or fileb://PATH.
        #[arg(long)]
        plaintext: String,
        /// `k=v,k2=v2` or a JSON object.
        #[arg(long)]
        encryption_context: Option<String>,
        #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
        encryption_algorithm: String,
    },
    Decrypt {
        /// Base64, or fileb://PATH.
        #[arg(long)]
        ciphertext_blob: String,
        #[arg(long)]
        key_id: Option<String>,
        #[arg(long)]
        encryption_context: Option<String>,
        #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
        encryption_algorithm: String,
    },
    GenerateDataKey {
        #[arg(long)]
        key_id: String,
        /// AES_128 or AES_256 (default AES_256 unless --number-of-bytes).
        #[arg(long, conflicts_with = "number_of_bytes")]
        key_spec: Option<String>,
        #[arg(long)]
        number_of_bytes: Option<usize>,
        #[arg(long)]
        encryption_context: Option<String>,
    },
    Sign {
        #[arg(long)]
        key_id: String,
        /// Base64, or fileb://PATH.
        #[arg(long)]
        message: String,
        #[arg(long, default_value = "RAW")]
        message_type: String,
        #[arg(long)]
        signing_algorithm: String,
    },
    Verify {
        #[arg(long)]
        key_id: String,
        #[arg(long)]
        message: String,
        #[arg(long, default_value = "RAW")]
        message_type: String,
        #[arg(long)]
        signature: String,
        #[arg(long)]
        signing_algorithm: String,
    },
    GetPublicKey {
        #[arg(long)]
        key_id: String,
        /// DER (base64 in the output) or PEM.
        #[arg(long, value_enum, default_value_t = PublicKeyFormat::Der)]
        public_key_format: PublicKeyFormat,
    },
    GenerateMac {
        #[arg(long)]
        key_id: String,
        #[arg(long)]
        message: String,
        #[arg(long)]
        mac_algorithm: String,
    },
    VerifyMac {
        #[arg(long)]
        key_id: String,
        #[arg(long)]
        message: String,
        #[arg(long)]
        mac: String,
        #[arg(long)]
        mac_algorithm: String,
    },
    GenerateRandom {
        #[arg(long)]
        number_of_bytes: usize,
    },
    EnableKeyRotation {
        #[arg(long)]
        key_id: String,
        /// 7 to 2560 days (default 365).
        #[arg(long)]
        rotation_period_in_days: Option<u32>,
    },
    DisableKeyRotation {
        #[arg(long)]
        key_id: String,
    },
    GetKeyRotationStatus {
        #[arg(long)]
        key_id: String,
    },
    ListKeyRotations {
        #[arg(long)]
        key_id: String,
    },
    RotateKeyOnDemand {
        #[arg(long)]
        key_id: String,
    },
    GetParametersForImport {
        #[arg(long)]
        key_id: String,
        /// RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1,
        /// RSA_AES_KEY_WRAP_SHA_256 or SM2PKE.
        #[arg(long)]
        wrapping_algorithm: String,
        /// RSA_2048, RSA_3072, RSA_4096 or SM2.
        #[arg(long)]
        wrapping_key_spec: String,
    },
    ImportKeyMaterial {
        #[arg(long)]
        key_id: String,
        #[arg(long)]
        import_token: String,
        #[arg(long)]
        encrypted_key_material: String,
        /// When the material expires, in seconds since the Unix epoch
        /// (default: never).
        #[arg(long)]
        valid_to: Option<u64>,
    },
    DeleteImportedKeyMaterial {
        #[arg(long)]
        key_id: String,
    },
}

/// A failure, printed as one line.
struct Failure(String);

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        Self(text)
    }
}

type Outcome = Result<Value, Failure>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli).and_then(|value| print(&cli, value)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("kms: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn print(cli: &Cli, value: Value) -> Result<(), Failure> {
    let mut value = &value;
    if let Some(query) = &cli.query {
        for field in query.split('.') {
            value = value
                .get(field)
                .ok_or_else(|| Failure(format!("the result has no field {query}")))?;
        }
    }
    if value.as_object().is_some_and(|o| o.is_empty()) {
        return Ok(()); // like the AWS CLI, print nothing for an empty result
    }
    match cli.output {
        Output::Json => println!("{}", serde_json::to_string_pretty(value).expect("JSON")),
        Output::Text => println!("{}", text(value)),
    }
    Ok(())
}

/// Text output: strings as they are, objects as tab-separated values in
/// field order, arrays one element a line.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("\n"),
        Value::Object(map) => map.values().map(text).collect::<Vec<_>>().join("\t"),
        other => other.to_string(),
    }
}

fn open(cli: &Cli) -> Result<FileKeyManager, Failure> {
    let store = cli
        .store
        .clone()
        .ok_or_else(|| Failure("no store: pass --store DIR or set KMS_STORE".into()))?;
    let root = if let Some(file) = &cli.root_key_file {
        RootKey::KeyFile(file.clone())
    } else if std::env::var_os("KMS_ROOT_KEY").is_some() {
        RootKey::EnvVar("KMS_ROOT_KEY".into())
    } else if let Ok(pass) = std::env::var("KMS_PASSPHRASE") {
        RootKey::passphrase(pass)
    } else {
        return Err(Failure(
            "no root key: pass --root-key-file, or set KMS_ROOT_KEY_FILE, KMS_ROOT_KEY or KMS_PASSPHRASE".into(),
        ));
    };
    Ok(FileKeyManager::open(store, root)?)
}

/// A blob argument: `fileb://PATH` (raw bytes) or base64.
fn blob(name: &str, arg: &str) -> Result<Vec<u8>, Failure> {
    if let Some(path) = arg.strip_prefix("fileb://") {
        return std::fs::read(path)
            .map_err(|e| Failure(format!("--{name}: cannot read {path}: {e}")));
    }
    B64.decode(arg.trim()).map_err(|_| {
        Failure(format!(
            "--{name}: not base64 (use fileb://PATH for a file)"
        ))
    })
}

fn vocabulary<T: Vocabulary + std::str::FromStr<Err = Error>>(arg: &str) -> Result<T, Failure> {
    Ok(arg.parse::<T>()?)
}

/// `k=v,k2=v2` or a JSON object of strings.
fn context(arg: &Option<String>) -> Result<Option<EncryptionContext>, Failure> {
    let Some(arg) = arg else { return Ok(None) };
    if arg.trim_start().starts_with('{') {
        let map: BTreeMap<String, String> = serde_json::from_str(arg).map_err(|e| {
            Failure(format!(
                "--encryption-context: not a JSON object of strings: {e}"
            ))
        })?;
        return Ok(Some(map.into_iter().collect()));
    }
    let mut ctx = EncryptionContext::new();
    for pair in arg.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| Failure(format!("--encryption-context: {pair:?} is not key=value")))?;
        ctx.insert(k, v);
    }
    Ok(Some(ctx))
}

/// `TagKey=k,TagValue=v`.
fn tags(args: &[String]) -> Result<Vec<Tag>, Failure> {
    args.iter()
        .map(|arg| {
            let mut key = None;
            let mut value = String::new();
            for part in arg.split(',') {
                match part.split_once('=') {
                    Some(("TagKey", k)) => key = Some(k.to_owned()),
                    Some(("TagValue", v)) => value = v.to_owned(),
                    _ => {
                        return Err(Failure(format!(
                            "--tags: {arg:?} is not TagKey=k,TagValue=v"
                        )));
                    }
                }
            }
            let key = key.ok_or_else(|| Failure(format!("--tags: {arg:?} has no TagKey")))?;
            Ok(Tag::new(key, value))
        })
        .collect()
}

/// A key's resource name. The tool opens stores with the default namespace.
fn key_arn(key_id: &KeyId) -> String {
    ResourceNamespace::default().key_arn(key_id)
}

fn epoch(time: std::time::SystemTime) -> Value {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    json!(secs)
}

fn names<T: Vocabulary>(values: &[T]) -> Value {
    json!(values.iter().map(|v| v.as_str()).collect::<Vec<_>>())
}

fn metadata(m: &KeyMetadata) -> Value {
    let mut v = json!({
        "KeyId": m.key_id.as_str(),
        "Arn": m.arn,
        "CreationDate": epoch(m.creation_date),
        "Enabled": m.enabled(),
        "Description": m.description,
        "KeyUsage": m.key_usage.as_str(),
        "KeyState": m.key_state.as_str(),
        "Origin": m.origin.as_str(),
        "KeySpec": m.key_spec.as_str(),
    });
    let fields = [
        ("EncryptionAlgorithms", names(&m.encryption_algorithms)),
        ("SigningAlgorithms", names(&m.signing_algorithms)),
        ("MacAlgorithms", names(&m.mac_algorithms)),
    ];
    for (name, list) in fields {
        if list.as_array().is_some_and(|a| !a.is_empty()) {
            v[name] = list;
        }
    }
    if let Some(date) = m.deletion_date {
        v["DeletionDate"] = epoch(date);
        v["PendingDeletionWindowInDays"] = json!(m.pending_deletion_window_in_days);
    }
    v
}

fn create_key(
    kms: &FileKeyManager,
    key_spec: &str,
    key_usage: &Option<String>,
    description: &str,
    tag_args: &[String],
    origin: &Option<String>,
) -> Outcome {
    let mut request = CreateKeyRequest::new(vocabulary::<KeySpec>(key_spec)?)
        .description(description)
        .tags(tags(tag_args)?);
    if let Some(usage) = key_usage {
        request = request.usage(vocabulary::<KeyUsage>(usage)?);
    }
    if let Some(origin) = origin {
        request = request.origin(vocabulary::<Origin>(origin)?);
    }
    Ok(json!({ "KeyMetadata": metadata(&kms.create_key(request)?) }))
}

fn list_keys(kms: &FileKeyManager, limit: Option<usize>, marker: &Option<String>) -> Outcome {
    let mut request = ListKeysRequest::new();
    request.limit = limit;
    request.marker = marker.clone();
    let page = kms.list_keys(request)?;
    let keys: Vec<Value> = page
        .keys
        .iter()
        .map(|k| json!({ "KeyId": k.key_id.as_str(), "KeyArn": k.key_arn }))
        .collect();
    let mut v = json!({ "Keys": keys, "Truncated": page.next_marker.is_some() });
    if let Some(marker) = page.next_marker {
        v["NextMarker"] = json!(marker);
    }
    Ok(v)
}

fn run(cli: &Cli) -> Outcome {
    let kms = open(cli)?;
    match &cli.command {
        Command::CreateKey {
            key_spec,
            key_usage,
            description,
            tags: t,
            origin,
        } => create_key(&kms, key_spec, key_usage, description, t, origin),
        Command::DescribeKey { key_id } => {
            Ok(json!({ "KeyMetadata": metadata(&kms.describe_key(key_id)?) }))
        }
        Command::ListKeys { limit, marker } => list_keys(&kms, *limit, marker),
        Command::EnableKey { key_id } => kms
            .enable_key(key_id)
            .map(|()| json!({}))
            .map_err(Into::into),
        Command::DisableKey { key_id } => kms
            .disable_key(key_id)
            .map(|()| json!({}))
            .map_err(Into::into),
        Command::ScheduleKeyDeletion {
            key_id,
            pending_window_in_days,
        } => {
            let m = kms.schedule_key_deletion(key_id, *pending_window_in_days)?;
            Ok(json!({
                "KeyId": m.arn,
                "DeletionDate": m.deletion_date.map(epoch),
                "KeyState": m.key_state.as_str(),
                "PendingWindowInDays": m.pending_deletion_window_in_days,
            }))
        }
        Command::CancelKeyDeletion { key_id } => {
            Ok(json!({ "KeyId": kms.cancel_key_deletion(key_id)?.arn }))
        }
        Command::CreateAlias {
            alias_name,
            target_key_id,
        } => {
            kms.create_alias(alias_name, target_key_id)?;
            Ok(json!({}))
        }
        Command::ListAliases { key_id } => {
            let aliases: Vec<Value> = kms
                .list_aliases(key_id.as_deref())?
                .iter()
                .map(|a| {
                    json!({
                        "AliasName": a.alias_name,
                        "AliasArn": a.alias_arn,
                        "TargetKeyId": a.target_key_id.as_str(),
                        "CreationDate": epoch(a.creation_date),
                        "LastUpdatedDate": epoch(a.last_updated_date),
                    })
                })
                .collect();
            Ok(json!({ "Aliases": aliases }))
        }
        Command::TagResource { key_id, tags: t } => {
            kms.tag_resource(key_id, &tags(t)?)?;
            Ok(json!({}))
        }
        other => crypto(&kms, other),
    }
}

fn crypto(kms: &FileKeyManager, command: &Command) -> Outcome {
    match command {
        Command::Encrypt {
            key_id,
            plaintext,
            encryption_context,
            encryption_algorithm,
        } => encrypt(
            kms,
            key_id,
            plaintext,
            encryption_context,
            encryption_algorithm,
        ),
        Command::Decrypt {
            ciphertext_blob,
            key_id,
            encryption_context,
            encryption_algorithm,
        } => decrypt(
            kms,
            ciphertext_blob,
            key_id,
            encryption_context,
            encryption_algorithm,
        ),
        Command::GenerateDataKey {
            key_id,
            key_spec,
            number_of_bytes,
            encryption_context,
        } => generate_data_key(kms, key_id, key_spec, number_of_bytes, encryption_context),
        Command::Sign {
            key_id,
            message,
            message_type,
            signing_algorithm,
        } => sign(kms, key_id, message, message_type, signing_algorithm),
        Command::Verify {
            key_id,
            message,
            message_type,
            signature,
            signing_algorithm,
        } => verify(
            kms,
            key_id,
            message,
            message_type,
            signature,
            signing_algorithm,
        ),
        Command::GetPublicKey {
            key_id,
            public_key_format,
        } => get_public_key(kms, key_id, public_key_format),
        Command::GenerateMac {
            key_id,
            message,
            mac_algorithm,
        } => generate_mac(kms, key_id, message, mac_algorithm),
        Command::VerifyMac {
            key_id,
            message,
            mac,
            mac_algorithm,
        } => verify_mac(kms, key_id, message, mac, mac_algorithm),
        Command::GenerateRandom { number_of_bytes } => {
            let random = kms.generate_random(*number_of_bytes)?;
            Ok(json!({ "Plaintext": B64.encode(random.expose_secret()) }))
        }
        other => rotation_and_import(kms, other),
    }
}

fn rotation_and_import(kms: &FileKeyManager, command: &Command) -> Outcome {
    match command {
        Command::EnableKeyRotation {
            key_id,
            rotation_period_in_days,
        } => kms
            .enable_key_rotation(key_id, *rotation_period_in_days)
            .map(|()| json!({})),
        Command::DisableKeyRotation { key_id } => {
            kms.disable_key_rotation(key_id).map(|()| json!({}))
        }
        Command::GetKeyRotationStatus { key_id } => {
            kms.get_key_rotation_status(key_id).map(|status| {
                json!({
                    "KeyId": key_arn(&status.key_id),
                    "KeyRotationEnabled": status.rotation_enabled,
                    "RotationPeriodInDays": status.rotation_period_in_days,
                    "NextRotationDate": status.next_rotation_date.map(epoch),
                    "CurrentKeyVersion": status.current_key_version,
                    "MinimumDecryptionVersion": status.minimum_decryption_version,
                })
            })
        }
        Command::ListKeyRotations { key_id } => kms.list_key_rotations(key_id).map(|list| {
            let rotations: Vec<Value> = list.iter().map(rotation).collect();
            json!({ "Rotations": rotations })
        }),
        Command::RotateKeyOnDemand { key_id } => kms
            .rotate_key_on_demand(key_id)
            .map(|r| json!({ "KeyId": key_arn(&r.key_id), "KeyVersion": r.key_version })),
        Command::GetParametersForImport {
            key_id,
            wrapping_algorithm,
            wrapping_key_spec,
        } => {
            let params = kms.get_parameters_for_import(
                key_id,
                vocabulary(wrapping_algorithm)?,
                vocabulary(wrapping_key_spec)?,
            )?;
            Ok(json!({
                "KeyId": key_arn(&params.key_id),
                "ImportToken": B64.encode(&params.import_token),
                "PublicKey": B64.encode(&params.public_key),
                "ParametersValidTo": epoch(params.parameters_valid_to),
            }))
        }
        Command::ImportKeyMaterial {
            key_id,
            import_token,
            encrypted_key_material,
            valid_to,
        } => {
            let token = blob("import token", import_token)?;
            let material = blob("encrypted key material", encrypted_key_material)?;
            let mut request = ImportKeyMaterialRequest::new(key_id, &token, &material);
            request.valid_to =
                valid_to.map(|secs| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs));
            kms.import_key_material(request).map(|()| json!({}))
        }
        Command::DeleteImportedKeyMaterial { key_id } => {
            kms.delete_imported_key_material(key_id).map(|()| json!({}))
        }
        _ => unreachable!("every command is handled"),
    }
    .map_err(Into::into)
}

fn rotation(r: &polykms::KeyRotation) -> Value {
    json!({
        "KeyId": key_arn(&r.key_id),
        "KeyVersion": r.key_version,
        "RotationDate": epoch(r.rotation_date),
        "RotationType": r.rotation_type.as_str(),
    })
}

fn encrypt(
    kms: &FileKeyManager,
    key_id: &str,
    plaintext: &str,
    encryption_context: &Option<String>,
    encryption_algorithm: &str,
) -> Outcome {
    let plaintext = blob("plaintext", plaintext)?;
    let ctx = context(encryption_context)?;
    let mut request =
        EncryptRequest::new(key_id, &plaintext).algorithm(vocabulary(encryption_algorithm)?);
    request.encryption_context = ctx.as_ref();
    let out = kms.encrypt(request)?;
    Ok(json!({
        "CiphertextBlob": B64.encode(&out.ciphertext_blob),
        "KeyId": key_arn(&out.key_id),
        "EncryptionAlgorithm": out.encryption_algorithm.as_str(),
    }))
}

fn decrypt(
    kms: &FileKeyManager,
    ciphertext_blob: &str,
    key_id: &Option<String>,
    encryption_context: &Option<String>,
    encryption_algorithm: &str,
) -> Outcome {
    let blob = blob("ciphertext-blob", ciphertext_blob)?;
    let ctx = context(encryption_context)?;
    let mut request = DecryptRequest::new(&blob)
        .algorithm(vocabulary::<EncryptionAlgorithm>(encryption_algorithm)?);
    request.key_id = key_id.as_deref();
    request.encryption_context = ctx.as_ref();
    let out = kms.decrypt(request)?;
    Ok(json!({
        "KeyId": key_arn(&out.key_id),
        "Plaintext": B64.encode(out.plaintext.expose_secret()),
        "EncryptionAlgorithm": out.encryption_algorithm.as_str(),
    }))
}

fn generate_data_key(
    kms: &FileKeyManager,
    key_id: &str,
    key_spec: &Option<String>,
    number_of_bytes: &Option<usize>,
    encryption_context: &Option<String>,
) -> Outcome {
    let ctx = context(encryption_context)?;
    let mut request = match (key_spec, number_of_bytes) {
        (_, Some(n)) => GenerateDataKeyRequest::with_number_of_bytes(key_id, *n),
        (Some(spec), None) => GenerateDataKeyRequest::new(key_id, vocabulary::<DataKeySpec>(spec)?),
        (None, None) => GenerateDataKeyRequest::new(key_id, DataKeySpec::Aes256),
    };
    request.encryption_context = ctx.as_ref();
    let out = kms.generate_data_key(request)?;
    Ok(json!({
        "CiphertextBlob": B64.encode(&out.ciphertext_blob),
        "Plaintext": B64.encode(out.plaintext.expose_secret()),
        "KeyId": key_arn(&out.key_id),
    }))
}

fn sign(
    kms: &FileKeyManager,
    key_id: &str,
    message: &str,
    message_type: &str,
    signing_algorithm: &str,
) -> Outcome {
    let message = blob("message", message)?;
    let alg = vocabulary::<SigningAlgorithm>(signing_algorithm)?;
    let request = SignRequest::new(key_id, &message, alg)
        .message_type(vocabulary::<MessageType>(message_type)?);
    let out = kms.sign(request)?;
    Ok(json!({
        "KeyId": key_arn(&out.key_id),
        "Signature": B64.encode(&out.signature),
        "SigningAlgorithm": out.signing_algorithm.as_str(),
    }))
}

fn verify(
    kms: &FileKeyManager,
    key_id: &str,
    message: &str,
    message_type: &str,
    signature: &str,
    signing_algorithm: &str,
) -> Outcome {
    let message = blob("message", message)?;
    let signature = blob("signature", signature)?;
    let alg = vocabulary::<SigningAlgorithm>(signing_algorithm)?;
    let request = VerifyRequest::new(key_id, &message, alg, &signature)
        .message_type(vocabulary(message_type)?);
    kms.verify(request)?;
    Ok(json!({
        "KeyId": kms.describe_key(key_id)?.arn,
        "SignatureValid": true,
        "SigningAlgorithm": alg.as_str(),
    }))
}

fn get_public_key(
    kms: &FileKeyManager,
    key_id: &str,
    public_key_format: &PublicKeyFormat,
) -> Outcome {
    let info = kms.get_public_key(key_id)?;
    let public_key = match public_key_format {
        PublicKeyFormat::Der => B64.encode(&info.public_key),
        PublicKeyFormat::Pem => info.public_key_pem(),
    };
    let mut v = json!({
        "KeyId": key_arn(&info.key_id),
        "PublicKey": public_key,
        "KeySpec": info.key_spec.as_str(),
        "KeyUsage": info.key_usage.as_str(),
    });
    if !info.encryption_algorithms.is_empty() {
        v["EncryptionAlgorithms"] = names(&info.encryption_algorithms);
    }
    if !info.signing_algorithms.is_empty() {
        v["SigningAlgorithms"] = names(&info.signing_algorithms);
    }
    Ok(v)
}

fn generate_mac(kms: &FileKeyManager, key_id: &str, message: &str, mac_algorithm: &str) -> Outcome {
    let message = blob("message", message)?;
    let out = kms.generate_mac(GenerateMacRequest::new(
        key_id,
        &message,
        vocabulary::<MacAlgorithm>(mac_algorithm)?,
    ))?;
    Ok(json!({
        "Mac": B64.encode(&out.mac),
        "MacAlgorithm": out.mac_algorithm.as_str(),
        "KeyId": key_arn(&out.key_id),
    }))
}

fn verify_mac(
    kms: &FileKeyManager,
    key_id: &str,
    message: &str,
    mac: &str,
    mac_algorithm: &str,
) -> Outcome {
    let message = blob("message", message)?;
    let mac = blob("mac", mac)?;
    let alg = vocabulary::<MacAlgorithm>(mac_algorithm)?;
    kms.verify_mac(VerifyMacRequest::new(key_id, &message, alg, &mac))?;
    Ok(
        json!({ "KeyId": kms.describe_key(key_id)?.arn, "MacValid": true, "MacAlgorithm": alg.as_str() }),
    )
}
