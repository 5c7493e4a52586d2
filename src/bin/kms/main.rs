//! `kms`: manage a polykms file store from the shell, with the subcommands
//! and flags of the `aws kms` command-line tool.
//!
//! Binary inputs (`--plaintext`, `--ciphertext-blob`, `--message`,
//! `--signature`, `--mac`) are base64, or `fileb://PATH` for a file's raw
//! bytes, as with the AWS CLI. Output is JSON (default) or text; `--query
//! KeyMetadata.KeyId` prints one field.
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
mod rotation;
mod serve;
mod signing;
mod store;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use polykms::{Error, KeyManager};
use serde_json::Value;

use cli::{Cli, Command};

/// A failure, printed as one line.
pub(crate) struct Failure(pub(crate) String);

impl From<Error> for Failure {
    /// The error and its causes, joined by `: `.
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

/// A subcommand's result, as JSON (an empty object prints nothing).
pub(crate) type Outcome = Result<Value, Failure>;

fn main() -> ExitCode {
    // As `Cli::parse()`, keeping the matches: `kms serve` asks where values came from.
    let matches = Cli::command().get_matches();
    let cli =
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut Cli::command()).exit());
    let result = if let Command::Serve(args) = &cli.command {
        serve::serve(&cli, args, &matches)
    } else {
        store::open(&cli)
            .and_then(|kms| run(kms.as_ref(), &cli.command))
            .and_then(|value| output::print(&cli, &value))
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("kms: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one subcommand.
fn run(kms: &dyn KeyManager, command: &Command) -> Outcome {
    match command {
        Command::Serve(_) => Err(Failure("serve runs on its own".into())),
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
        Command::ListKeyRotations(args) => rotation::list_key_rotations(kms, &args.key_id),
        Command::RotateKeyOnDemand(args) => rotation::rotate_key_on_demand(kms, &args.key_id),
        Command::GetParametersForImport(args) => import::get_parameters_for_import(kms, args),
        Command::ImportKeyMaterial(args) => import::import_key_material(kms, args),
        Command::DeleteImportedKeyMaterial(args) => {
            import::delete_imported_key_material(kms, &args.key_id)
        }
    }
}
