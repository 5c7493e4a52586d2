//! `kms`: manage a polykms file store from the shell, with the subcommands
//! and flags of the `aws kms` command-line tool.
//!
//! Binary inputs (`--plaintext`, `--ciphertext-blob`, `--message`,
//! `--signature`, `--mac`) are base64, or `fileb://PATH` for a file's raw
//! bytes, as with the AWS CLI. Output is JSON (default) or text; `--query`
//! takes JMESPath; list subcommands page to the end (`--max-items`,
//! `--starting-token`, `--page-size`, `--no-paginate`). Exit status: 254
//! when the operation fails, 252 for a command line or input the tool
//! cannot use.
//!
//! The store is opened once, as a `Box<dyn KeyManager>`, and every
//! subcommand runs over `&dyn KeyManager`: nothing here depends on the
//! provider but the opening. The JSON shapes are those of
//! `polykms::wire::aws`.

mod aliases;
mod cli;
mod crypto;
mod gateway;
mod import;
mod input;
mod keys;
mod output;
mod paging;
mod rotation;
mod serve;
mod signing;
mod store;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use polykms::wire::{ErrorCode, aws};
use polykms::{Error, KeyManager};
use serde_json::Value;

use cli::{Cli, Command};

/// Exit status of a service error (the provider refused the operation), as
/// the AWS CLI's.
const EXIT_SERVICE_ERROR: u8 = 254;
/// Exit status of a usage error: bad arguments or input, no store, as the
/// AWS CLI's for a command line it cannot parse or validate.
const EXIT_USAGE_ERROR: u8 = 252;

/// A failure before or around an operation (bad input, no store), printed
/// as one line.
pub(crate) struct Failure(pub(crate) String);

impl From<Error> for Failure {
    /// The error and its causes, joined by `: `.
    fn from(e: Error) -> Self {
        Self(error_text(&e))
    }
}

/// The error and its causes, joined by `: `.
fn error_text(e: &Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Why a subcommand failed: its input, or the operation itself.
pub(crate) enum Fault {
    /// Bad arguments or input: exit status 252.
    Usage(Failure),
    /// The provider refused the operation: exit status 254.
    Service(Error),
}

impl From<Failure> for Fault {
    fn from(f: Failure) -> Self {
        Self::Usage(f)
    }
}

impl From<Error> for Fault {
    fn from(e: Error) -> Self {
        Self::Service(e)
    }
}

/// A subcommand's result, as JSON (an empty object prints nothing).
pub(crate) type Outcome = Result<Value, Fault>;

/// The AWS exception name of an error: the vendor's own code when a remote
/// service answered, else the one AWS KMS uses for its kind.
fn exception_name(e: &Error) -> String {
    e.vendor_code()
        .map(str::to_owned)
        .or_else(|| ErrorCode::for_kind(aws::ERROR_CODES, e.kind()).map(|row| row.code.to_owned()))
        .unwrap_or_else(|| "KMSInternalException".to_owned())
}

/// `describe-key` → `DescribeKey`: the operation a subcommand calls.
fn operation_name(subcommand: &str) -> String {
    subcommand
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn main() -> ExitCode {
    // As `Cli::parse()`, keeping the matches: `kms serve` asks where values came from.
    let matches = Cli::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches).map(|cli| (matches, cli)));
    let (matches, mut cli) = match matches {
        Ok(parsed) => parsed,
        Err(e) => {
            let e = e.format(&mut Cli::command());
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE_ERROR } else { 0 });
        }
    };
    let region = cli.region.clone();
    if let Command::Serve(args) = &mut cli.command {
        args.region = region.unwrap_or_else(|| "us-east-1".to_owned());
    }
    if let Command::Serve(args) = &cli.command {
        // A server that cannot start (or stops on an error) exits with 1.
        return match serve::serve(&cli, args, &matches) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure(message)) => {
                eprintln!("kms: error: {message}");
                ExitCode::FAILURE
            }
        };
    }
    let result = store::open(&cli, &matches)
        .map_err(Fault::Usage)
        .and_then(|kms| run(kms.as_ref(), &cli.command))
        .and_then(|value| output::print(&cli, &value).map_err(Fault::Usage));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fault::Usage(Failure(message))) => {
            eprintln!("kms: error: {message}");
            ExitCode::from(EXIT_USAGE_ERROR)
        }
        Err(Fault::Service(e)) => {
            let subcommand = matches.subcommand_name().unwrap_or_default();
            eprintln!(
                "An error occurred ({}) when calling the {} operation: {}",
                exception_name(&e),
                operation_name(subcommand),
                error_text(&e)
            );
            ExitCode::from(EXIT_SERVICE_ERROR)
        }
    }
}

/// Runs one subcommand.
fn run(kms: &dyn KeyManager, command: &Command) -> Outcome {
    match command {
        Command::Serve(_) => Err(Failure("serve runs on its own".into()).into()),
        Command::CreateKey(args) => keys::create_key(kms, args),
        Command::DescribeKey(args) => keys::describe_key(kms, &args.key_id),
        Command::ListKeys(args) => keys::list_keys(kms, args),
        Command::EnableKey(args) => keys::enable_key(kms, &args.key_id),
        Command::DisableKey(args) => keys::disable_key(kms, &args.key_id),
        Command::ScheduleKeyDeletion(args) => keys::schedule_key_deletion(kms, args),
        Command::CancelKeyDeletion(args) => keys::cancel_key_deletion(kms, &args.key_id),
        Command::TagResource(args) => keys::tag_resource(kms, args),
        Command::CreateAlias(args) => aliases::create_alias(kms, args),
        Command::ListAliases(args) => aliases::list_aliases(kms, args),
        Command::Encrypt(args) => crypto::encrypt(kms, args),
        Command::Decrypt(args) => crypto::decrypt(kms, args),
        Command::GenerateDataKey(args) => crypto::generate_data_key(kms, args),
        Command::GenerateRandom(args) => crypto::generate_random(kms, args),
        Command::Sign(args) => signing::sign(kms, args),
        Command::Verify(args) => signing::verify(kms, args),
        Command::GetPublicKey(args) => signing::get_public_key(kms, args),
        Command::GenerateMac(args) => signing::generate_mac(kms, args),
        Command::VerifyMac(args) => signing::verify_mac(kms, args),
        Command::EnableKeyRotation(args) => rotation::enable_key_rotation(kms, args),
        Command::DisableKeyRotation(args) => rotation::disable_key_rotation(kms, &args.key_id),
        Command::GetKeyRotationStatus(args) => rotation::get_key_rotation_status(kms, &args.key_id),
        Command::ListKeyRotations(args) => rotation::list_key_rotations(kms, args),
        Command::RotateKeyOnDemand(args) => rotation::rotate_key_on_demand(kms, &args.key_id),
        Command::GetParametersForImport(args) => import::get_parameters_for_import(kms, args),
        Command::ImportKeyMaterial(args) => import::import_key_material(kms, args),
        Command::DeleteImportedKeyMaterial(args) => {
            import::delete_imported_key_material(kms, &args.key_id)
        }
        Command::UpdateAlias(args) => aliases::update_alias(kms, args),
        Command::DeleteAlias(args) => aliases::delete_alias(kms, args),
        Command::UntagResource(args) => keys::untag_resource(kms, args),
        Command::ListResourceTags(args) => keys::list_resource_tags(kms, args),
        Command::UpdateKeyDescription(args) => keys::update_key_description(kms, args),
        Command::GetKeyLastUsage(args) => keys::get_key_last_usage(kms, &args.key_id),
        Command::GenerateDataKeyWithoutPlaintext(args) => {
            crypto::generate_data_key_without_plaintext(kms, args)
        }
        Command::ReEncrypt(args) => crypto::re_encrypt(kms, args),
        Command::GenerateDataKeyPair(args) => crypto::generate_data_key_pair(kms, args),
        Command::GenerateDataKeyPairWithoutPlaintext(args) => {
            crypto::generate_data_key_pair_without_plaintext(kms, args)
        }
        Command::DeriveSharedSecret(args) => crypto::derive_shared_secret(kms, args),
        Command::ImportPublicKey(args) => import::import_public_key(kms, args),
        Command::SetMinimumDecryptionVersion(args) => {
            rotation::set_minimum_decryption_version(kms, args)
        }
    }
}
