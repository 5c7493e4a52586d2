//! The command line: global options and one subcommand per operation, with
//! the names and flags of `aws kms`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "kms",
    version,
    about = "Manage a polykms file store, the way `aws kms` manages AWS KMS keys."
)]
pub(crate) struct Cli {
    /// The store's directory (created on first use).
    #[arg(long, env = "KMS_STORE", global = true)]
    pub store: Option<PathBuf>,
    /// A file holding the 32-byte root key (raw, hex or base64).
    #[arg(long, env = "KMS_ROOT_KEY_FILE", global = true)]
    pub root_key_file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Json, global = true)]
    pub output: Output,
    /// Print only this field of the result (e.g. CiphertextBlob, KeyMetadata.KeyId).
    #[arg(long, global = true)]
    pub query: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Output {
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "UPPER")]
pub(crate) enum PublicKeyFormat {
    Der,
    Pem,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Serve the store over AWS KMS's and Alibaba Cloud KMS's protocols, for their SDKs and the aws CLI (or, with --backend aws, front AWS KMS as a gateway).
    Serve(Serve),
    /// Create a key.
    CreateKey(CreateKey),
    DescribeKey(KeyArg),
    ListKeys(ListKeys),
    EnableKey(KeyArg),
    DisableKey(KeyArg),
    ScheduleKeyDeletion(ScheduleKeyDeletion),
    CancelKeyDeletion(KeyArg),
    CreateAlias(CreateAlias),
    ListAliases(ListAliases),
    TagResource(TagResource),
    Encrypt(Encrypt),
    Decrypt(Decrypt),
    GenerateDataKey(GenerateDataKey),
    Sign(Sign),
    Verify(Verify),
    GetPublicKey(GetPublicKey),
    GenerateMac(GenerateMac),
    VerifyMac(VerifyMac),
    GenerateRandom(GenerateRandom),
    EnableKeyRotation(EnableKeyRotation),
    DisableKeyRotation(KeyArg),
    GetKeyRotationStatus(KeyArg),
    ListKeyRotations(KeyArg),
    RotateKeyOnDemand(KeyArg),
    GetParametersForImport(GetParametersForImport),
    ImportKeyMaterial(ImportKeyMaterial),
    DeleteImportedKeyMaterial(KeyArg),
}

// The argument structs carry no doc comments of their own: the help of a
// subcommand is its variant's.

/// Where `kms serve` keeps the keys of its accounts.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Backend {
    /// A file store per account, under --data-dir.
    File,
    /// AWS KMS, configured by the standard AWS chain: a gateway (needs a build with `--features cli,aws`).
    Aws,
}

#[derive(Args)]
pub(crate) struct Serve {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:4599")]
    pub listen: std::net::SocketAddr,
    /// Where every account's keys live: `file` stores, or one upstream AWS KMS for all (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL_KMS…).
    #[arg(long, value_enum, default_value_t = Backend::File)]
    pub backend: Backend,
    /// Directory holding one store per account (DIR/ACCOUNT_ID); --backend file only.
    #[arg(long, env = "KMS_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// TOML credentials file: `[[credentials]]` tables with access_key_id, secret_access_key, account_id (mode 0600).
    #[arg(long, env = "KMS_CREDENTIALS")]
    pub credentials: Option<PathBuf>,
    /// The region requests are signed for and ARNs name.
    #[arg(long, env = "KMS_REGION", default_value = "us-east-1")]
    pub region: String,
    /// PEM certificate chain: serve HTTPS.
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Accept any request, signed or not, as the first account. Throwaway local use only.
    #[arg(long)]
    pub allow_any_credentials: bool,
    /// Connections served at once.
    #[arg(long, default_value_t = 1024)]
    pub max_connections: usize,
}

#[derive(Args)]
pub(crate) struct KeyArg {
    #[arg(long)]
    pub key_id: String,
}

#[derive(Args)]
pub(crate) struct CreateKey {
    /// Key spec, in any vendor's spelling (default SYMMETRIC_DEFAULT).
    #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
    pub key_spec: String,
    /// Key usage (default: the spec's).
    #[arg(long)]
    pub key_usage: Option<String>,
    #[arg(long, default_value = "")]
    pub description: String,
    /// Tags: `TagKey=k,TagValue=v` (repeatable).
    #[arg(long, num_args = 1..)]
    pub tags: Vec<String>,
    /// AWS_KMS (default) or EXTERNAL.
    #[arg(long)]
    pub origin: Option<String>,
}

#[derive(Args)]
pub(crate) struct ListKeys {
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long)]
    pub marker: Option<String>,
}

#[derive(Args)]
pub(crate) struct ScheduleKeyDeletion {
    #[arg(long)]
    pub key_id: String,
    #[arg(long)]
    pub pending_window_in_days: Option<u32>,
}

#[derive(Args)]
pub(crate) struct CreateAlias {
    #[arg(long)]
    pub alias_name: String,
    #[arg(long)]
    pub target_key_id: String,
}

#[derive(Args)]
pub(crate) struct ListAliases {
    #[arg(long)]
    pub key_id: Option<String>,
}

#[derive(Args)]
pub(crate) struct TagResource {
    #[arg(long)]
    pub key_id: String,
    #[arg(long, num_args = 1.., required = true)]
    pub tags: Vec<String>,
}

#[derive(Args)]
pub(crate) struct Encrypt {
    #[arg(long)]
    pub key_id: String,
    /// Base64, or fileb://PATH.
    #[arg(long)]
    pub plaintext: String,
    /// `k=v,k2=v2` or a JSON object.
    #[arg(long)]
    pub encryption_context: Option<String>,
    #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
    pub encryption_algorithm: String,
}

#[derive(Args)]
pub(crate) struct Decrypt {
    /// Base64, or fileb://PATH.
    #[arg(long)]
    pub ciphertext_blob: String,
    #[arg(long)]
    pub key_id: Option<String>,
    #[arg(long)]
    pub encryption_context: Option<String>,
    #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
    pub encryption_algorithm: String,
}

#[derive(Args)]
pub(crate) struct GenerateDataKey {
    #[arg(long)]
    pub key_id: String,
    /// AES_128 or AES_256 (default AES_256 unless --number-of-bytes).
    #[arg(long, conflicts_with = "number_of_bytes")]
    pub key_spec: Option<String>,
    #[arg(long)]
    pub number_of_bytes: Option<usize>,
    #[arg(long)]
    pub encryption_context: Option<String>,
}

#[derive(Args)]
pub(crate) struct Sign {
    #[arg(long)]
    pub key_id: String,
    /// Base64, or fileb://PATH.
    #[arg(long)]
    pub message: String,
    #[arg(long, default_value = "RAW")]
    pub message_type: String,
    #[arg(long)]
    pub signing_algorithm: String,
}

#[derive(Args)]
pub(crate) struct Verify {
    #[arg(long)]
    pub key_id: String,
    #[arg(long)]
    pub message: String,
    #[arg(long, default_value = "RAW")]
    pub message_type: String,
    #[arg(long)]
    pub signature: String,
    #[arg(long)]
    pub signing_algorithm: String,
}

#[derive(Args)]
pub(crate) struct GetPublicKey {
    #[arg(long)]
    pub key_id: String,
    /// DER (base64 in the output) or PEM.
    #[arg(long, value_enum, default_value_t = PublicKeyFormat::Der)]
    pub public_key_format: PublicKeyFormat,
}

#[derive(Args)]
pub(crate) struct GenerateMac {
    #[arg(long)]
    pub key_id: String,
    #[arg(long)]
    pub message: String,
    #[arg(long)]
    pub mac_algorithm: String,
}

#[derive(Args)]
pub(crate) struct VerifyMac {
    #[arg(long)]
    pub key_id: String,
    #[arg(long)]
    pub message: String,
    #[arg(long)]
    pub mac: String,
    #[arg(long)]
    pub mac_algorithm: String,
}

#[derive(Args)]
pub(crate) struct GenerateRandom {
    #[arg(long)]
    pub number_of_bytes: usize,
}

#[derive(Args)]
pub(crate) struct EnableKeyRotation {
    #[arg(long)]
    pub key_id: String,
    /// 7 to 2560 days (default 365).
    #[arg(long)]
    pub rotation_period_in_days: Option<u32>,
}

#[derive(Args)]
pub(crate) struct GetParametersForImport {
    #[arg(long)]
    pub key_id: String,
    /// RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1,
    /// RSA_AES_KEY_WRAP_SHA_256 or SM2PKE.
    #[arg(long)]
    pub wrapping_algorithm: String,
    /// RSA_2048, RSA_3072, RSA_4096 or SM2.
    #[arg(long)]
    pub wrapping_key_spec: String,
}

#[derive(Args)]
pub(crate) struct ImportKeyMaterial {
    #[arg(long)]
    pub key_id: String,
    #[arg(long)]
    pub import_token: String,
    #[arg(long)]
    pub encrypted_key_material: String,
    /// When the material expires, in seconds since the Unix epoch
    /// (default: never).
    #[arg(long)]
    pub valid_to: Option<u64>,
}
