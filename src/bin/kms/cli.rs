//! The command line: global options and one subcommand per operation, with
//! the names and flags of `aws kms`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "kms",
    version,
    about = "Manage a polykms file store, the way `aws kms` manages AWS KMS keys.",
    after_help = "Exit status: 0 on success, 252 for a command line or input the tool cannot use \
                  (unknown flag, bad base64, no store), 254 when the operation itself fails \
                  (printed as `An error occurred (NotFoundException) when calling the \
                  DescribeKey operation: ...`), as with the AWS CLI."
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
    /// A JMESPath expression: print what it selects (e.g. `KeyMetadata.KeyId`, `Keys[0].KeyId`).
    #[arg(long, global = true)]
    pub query: Option<String>,
    /// Talk to this AWS KMS endpoint (e.g. a `kms serve`) instead of the local store (a build with `--features cli,aws`).
    #[arg(long, global = true)]
    pub endpoint_url: Option<String>,
    /// Talk to AWS KMS with this profile of the AWS config files instead of the local store.
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// The AWS region; on the command line, it sends subcommands to AWS KMS there instead of the local store. `serve`: the region requests are signed for and ARNs name (default us-east-1).
    #[arg(long, env = "KMS_REGION", global = true)]
    pub region: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Output {
    Json,
    Text,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum ExpirationModel {
    /// The material expires at --valid-to.
    KeyMaterialExpires,
    /// The material never expires.
    KeyMaterialDoesNotExpire,
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "UPPER")]
pub(crate) enum PublicKeyFormat {
    Der,
    Pem,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Serve the store over AWS KMS's, Alibaba Cloud KMS's and Huawei Cloud KMS's protocols, for their SDKs and the aws CLI (or, with --backend aws, front AWS KMS as a gateway).
    Serve(Serve),
    /// Create a key.
    CreateKey(CreateKey),
    /// Describe a key: its metadata.
    DescribeKey(KeyArg),
    /// List the keys: ID and ARN of each.
    ListKeys(ListKeys),
    /// Enable a key.
    EnableKey(KeyArg),
    /// Disable a key: it refuses cryptographic operations until enabled.
    DisableKey(KeyArg),
    /// Schedule a key's deletion after a waiting period.
    ScheduleKeyDeletion(ScheduleKeyDeletion),
    /// Cancel a scheduled deletion (the key stays disabled).
    CancelKeyDeletion(KeyArg),
    /// Create an alias for a key.
    CreateAlias(CreateAlias),
    /// List the aliases, or one key's.
    ListAliases(ListAliases),
    /// Add or replace tags on a key.
    TagResource(TagResource),
    /// Encrypt up to 4096 bytes under a key.
    Encrypt(Encrypt),
    /// Decrypt a ciphertext.
    Decrypt(Decrypt),
    /// Generate a data key: plaintext and encrypted copy.
    GenerateDataKey(GenerateDataKey),
    /// Sign a message or digest with an asymmetric key.
    Sign(Sign),
    /// Verify a signature.
    Verify(Verify),
    /// Get an asymmetric key's public key.
    GetPublicKey(GetPublicKey),
    /// Compute an HMAC with an HMAC key.
    GenerateMac(GenerateMac),
    /// Verify an HMAC.
    VerifyMac(VerifyMac),
    /// Random bytes.
    GenerateRandom(GenerateRandom),
    /// Enable automatic rotation of a key's material.
    EnableKeyRotation(EnableKeyRotation),
    /// Disable automatic rotation.
    DisableKeyRotation(KeyArg),
    /// Whether a key rotates, and its period.
    GetKeyRotationStatus(KeyArg),
    /// List a key's completed rotations.
    ListKeyRotations(ListKeyTagsOrRotations),
    /// Rotate a key's material now.
    RotateKeyOnDemand(KeyArg),
    /// Get a wrapping public key and import token for importing key material.
    GetParametersForImport(GetParametersForImport),
    /// Import wrapped key material into an EXTERNAL key.
    ImportKeyMaterial(ImportKeyMaterial),
    /// Delete a key's imported material (the key becomes unusable until re-imported).
    DeleteImportedKeyMaterial(KeyArg),
    /// Point an existing alias at another key.
    UpdateAlias(CreateAlias),
    /// Delete an alias (the key stays).
    DeleteAlias(AliasName),
    /// Remove tags from a key, by tag key.
    UntagResource(UntagResource),
    /// List a key's tags.
    ListResourceTags(ListKeyTagsOrRotations),
    /// Replace a key's description.
    UpdateKeyDescription(UpdateKeyDescription),
    /// When a key was last used for a cryptographic operation, and which.
    GetKeyLastUsage(KeyArg),
    /// Refuse to decrypt ciphertexts of key versions older than this one (a polykms extension).
    SetMinimumDecryptionVersion(SetMinimumDecryptionVersion),
    /// Generate a data key and return only its encrypted copy.
    GenerateDataKeyWithoutPlaintext(GenerateDataKey),
    /// Decrypt a ciphertext and encrypt it again, under another key or context, without showing the plaintext.
    ReEncrypt(ReEncrypt),
    /// Generate an asymmetric key pair whose private key is returned in plaintext and encrypted under a symmetric key.
    GenerateDataKeyPair(GenerateDataKeyPair),
    /// Generate an asymmetric key pair whose private key is returned only encrypted under a symmetric key.
    GenerateDataKeyPairWithoutPlaintext(GenerateDataKeyPair),
    /// Derive the ECDH shared secret of a KEY_AGREEMENT key and a peer's public key.
    DeriveSharedSecret(DeriveSharedSecret),
    /// Give a key an imported public key alone, to verify with (a polykms extension).
    ImportPublicKey(ImportPublicKey),
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
    /// The region requests are signed for and ARNs name: the global `--region` (or `KMS_REGION`), us-east-1 by default.
    #[arg(skip)]
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
    /// The key: ID, ARN, alias name or alias ARN.
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
    /// A description of the key.
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
    /// Keys in one request (1 to 1000); turns pagination off, as --no-paginate.
    #[arg(long)]
    pub limit: Option<usize>,
    /// The NextMarker of a previous --no-paginate listing: one request from there.
    #[arg(long)]
    pub marker: Option<String>,
    #[command(flatten)]
    pub paging: Paging,
}

#[derive(Args)]
pub(crate) struct ScheduleKeyDeletion {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// Days before deletion, 7 to 30 (default 30).
    #[arg(long)]
    pub pending_window_in_days: Option<u32>,
}

#[derive(Args)]
pub(crate) struct CreateAlias {
    /// The alias, `alias/NAME`.
    #[arg(long)]
    pub alias_name: String,
    /// The key the alias points at: ID or ARN.
    #[arg(long)]
    pub target_key_id: String,
}

#[derive(Args)]
pub(crate) struct ListAliases {
    /// Only the aliases of this key (ID or ARN).
    #[arg(long)]
    pub key_id: Option<String>,
    /// Aliases in one request (1 to 100); turns pagination off, as --no-paginate.
    #[arg(long)]
    pub limit: Option<usize>,
    /// The NextMarker of a previous --no-paginate listing: one request from there.
    #[arg(long)]
    pub marker: Option<String>,
    #[command(flatten)]
    pub paging: Paging,
}

#[derive(Args)]
pub(crate) struct ListKeyTagsOrRotations {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// Items in one request; turns pagination off, as --no-paginate.
    #[arg(long)]
    pub limit: Option<usize>,
    /// The NextMarker of a previous --no-paginate listing: one request from there.
    #[arg(long)]
    pub marker: Option<String>,
    #[command(flatten)]
    pub paging: Paging,
}

/// The AWS CLI's pagination flags.
#[derive(Args)]
pub(crate) struct Paging {
    /// Print at most this many items in all, and a NextToken to resume from when more remain.
    #[arg(long)]
    pub max_items: Option<usize>,
    /// The NextToken a --max-items listing printed: resume there.
    #[arg(long)]
    pub starting_token: Option<String>,
    /// Items per request to the provider (the listing still goes to the end).
    #[arg(long)]
    pub page_size: Option<usize>,
    /// Make one request and print its response as is (NextMarker, Truncated).
    #[arg(long)]
    pub no_paginate: bool,
}

#[derive(Args)]
pub(crate) struct TagResource {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// Tags: `TagKey=k,TagValue=v` (repeatable, or several after one flag).
    #[arg(long, num_args = 1.., required = true)]
    pub tags: Vec<String>,
}

#[derive(Args)]
pub(crate) struct Encrypt {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// Base64, or fileb://PATH.
    #[arg(long)]
    pub plaintext: String,
    /// `k=v,k2=v2` or a JSON object.
    #[arg(long)]
    pub encryption_context: Option<String>,
    /// SYMMETRIC_DEFAULT, or an RSAES_OAEP_* / SM2PKE algorithm for an asymmetric key.
    #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
    pub encryption_algorithm: String,
}

#[derive(Args)]
pub(crate) struct Decrypt {
    /// Base64, or fileb://PATH.
    #[arg(long)]
    pub ciphertext_blob: String,
    /// The key that must have encrypted it (ID, ARN, alias name or alias ARN).
    #[arg(long)]
    pub key_id: Option<String>,
    /// `k=v,k2=v2` or a JSON object.
    #[arg(long)]
    pub encryption_context: Option<String>,
    /// SYMMETRIC_DEFAULT, or an RSAES_OAEP_* / SM2PKE algorithm for an asymmetric key.
    #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
    pub encryption_algorithm: String,
}

#[derive(Args)]
pub(crate) struct GenerateDataKey {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// AES_128 or AES_256 (default AES_256 unless --number-of-bytes).
    #[arg(long, conflicts_with = "number_of_bytes")]
    pub key_spec: Option<String>,
    /// Length of the result in bytes.
    #[arg(long)]
    pub number_of_bytes: Option<usize>,
    /// `k=v,k2=v2` or a JSON object.
    #[arg(long)]
    pub encryption_context: Option<String>,
}

#[derive(Args)]
pub(crate) struct GenerateDataKeyPair {
    /// The symmetric key that encrypts the private key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1 or SM2.
    #[arg(long)]
    pub key_pair_spec: String,
    /// `k=v,k2=v2` or a JSON object.
    #[arg(long)]
    pub encryption_context: Option<String>,
}

#[derive(Args)]
pub(crate) struct DeriveSharedSecret {
    /// The KEY_AGREEMENT key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// ECDH, the only key agreement algorithm.
    #[arg(long, default_value = "ECDH")]
    pub key_agreement_algorithm: String,
    /// The peer's public key, DER SubjectPublicKeyInfo: base64, or fileb://PATH.
    #[arg(long)]
    pub public_key: String,
}

#[derive(Args)]
pub(crate) struct ImportPublicKey {
    /// The key (origin EXTERNAL, awaiting import): ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// The public key, DER SubjectPublicKeyInfo: base64, or fileb://PATH.
    #[arg(long)]
    pub public_key: String,
}

#[derive(Args)]
pub(crate) struct Sign {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// Base64, or fileb://PATH.
    #[arg(long)]
    pub message: String,
    /// RAW (the message itself) or DIGEST (its hash).
    #[arg(long, default_value = "RAW")]
    pub message_type: String,
    /// The signing algorithm, e.g. ECDSA_SHA_256 or RSASSA_PSS_SHA_256.
    #[arg(long)]
    pub signing_algorithm: String,
}

#[derive(Args)]
pub(crate) struct Verify {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// Base64, or fileb://PATH.
    #[arg(long)]
    pub message: String,
    /// RAW (the message itself) or DIGEST (its hash).
    #[arg(long, default_value = "RAW")]
    pub message_type: String,
    /// The signature: base64, or fileb://PATH.
    #[arg(long)]
    pub signature: String,
    /// The signing algorithm, e.g. ECDSA_SHA_256 or RSASSA_PSS_SHA_256.
    #[arg(long)]
    pub signing_algorithm: String,
}

#[derive(Args)]
pub(crate) struct GetPublicKey {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// DER (base64 in the output) or PEM.
    #[arg(long, value_enum, default_value_t = PublicKeyFormat::Der)]
    pub public_key_format: PublicKeyFormat,
}

#[derive(Args)]
pub(crate) struct GenerateMac {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// Base64, or fileb://PATH.
    #[arg(long)]
    pub message: String,
    /// HMAC_SHA_224, HMAC_SHA_256, HMAC_SHA_384 or HMAC_SHA_512.
    #[arg(long)]
    pub mac_algorithm: String,
}

#[derive(Args)]
pub(crate) struct VerifyMac {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// Base64, or fileb://PATH.
    #[arg(long)]
    pub message: String,
    /// The HMAC to check: base64, or fileb://PATH.
    #[arg(long)]
    pub mac: String,
    /// HMAC_SHA_224, HMAC_SHA_256, HMAC_SHA_384 or HMAC_SHA_512.
    #[arg(long)]
    pub mac_algorithm: String,
}

#[derive(Args)]
pub(crate) struct GenerateRandom {
    /// Length of the result in bytes.
    #[arg(long)]
    pub number_of_bytes: usize,
}

#[derive(Args)]
pub(crate) struct EnableKeyRotation {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// 7 to 2560 days (default 365).
    #[arg(long)]
    pub rotation_period_in_days: Option<u32>,
}

#[derive(Args)]
pub(crate) struct GetParametersForImport {
    /// The key: ID, ARN, alias name or alias ARN.
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
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// The ImportToken of get-parameters-for-import: base64, or fileb://PATH.
    #[arg(long)]
    pub import_token: String,
    /// The key material wrapped with the public key of get-parameters-for-import: base64, or fileb://PATH.
    #[arg(long)]
    pub encrypted_key_material: String,
    /// When the material expires: ISO 8601 (`2030-01-01T00:00:00Z`) or seconds
    /// since the Unix epoch. Needs --expiration-model KEY_MATERIAL_EXPIRES.
    #[arg(long)]
    pub valid_to: Option<String>,
    /// KEY_MATERIAL_EXPIRES (with --valid-to) or KEY_MATERIAL_DOES_NOT_EXPIRE
    /// (default: KEY_MATERIAL_EXPIRES when --valid-to is given, else never).
    #[arg(long, value_enum)]
    pub expiration_model: Option<ExpirationModel>,
}

#[derive(Args)]
pub(crate) struct AliasName {
    /// The alias, `alias/NAME`.
    #[arg(long)]
    pub alias_name: String,
}

#[derive(Args)]
pub(crate) struct UntagResource {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// The keys of the tags to remove (repeatable, or several after one flag).
    #[arg(long, num_args = 1.., required = true)]
    pub tag_keys: Vec<String>,
}

#[derive(Args)]
pub(crate) struct UpdateKeyDescription {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// The new description (may be empty).
    #[arg(long)]
    pub description: String,
}

#[derive(Args)]
pub(crate) struct SetMinimumDecryptionVersion {
    /// The key: ID, ARN, alias name or alias ARN.
    #[arg(long)]
    pub key_id: String,
    /// The oldest key version whose ciphertexts still decrypt (1 = all).
    #[arg(long)]
    pub minimum_version: u32,
}

#[derive(Args)]
pub(crate) struct ReEncrypt {
    /// The ciphertext: base64, or fileb://PATH.
    #[arg(long)]
    pub ciphertext_blob: String,
    /// The key that must have encrypted it (ID, ARN, alias name or alias ARN).
    #[arg(long)]
    pub source_key_id: Option<String>,
    /// The context it was encrypted with: `k=v,k2=v2` or a JSON object.
    #[arg(long)]
    pub source_encryption_context: Option<String>,
    /// The algorithm it was encrypted with.
    #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
    pub source_encryption_algorithm: String,
    /// The key to encrypt it under (ID, ARN, alias name or alias ARN).
    #[arg(long)]
    pub destination_key_id: String,
    /// The new context: `k=v,k2=v2` or a JSON object.
    #[arg(long)]
    pub destination_encryption_context: Option<String>,
    /// The algorithm to encrypt it with.
    #[arg(long, default_value = "SYMMETRIC_DEFAULT")]
    pub destination_encryption_algorithm: String,
}
