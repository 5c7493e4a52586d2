//! The signing and MAC subcommands: sign, verify, get the public key,
//! generate and verify a MAC.

use polykms::wire::aws;
use polykms::{
    GenerateMacRequest, KeyManager, MacAlgorithm, MessageType, SignRequest, SigningAlgorithm,
    VerifyMacRequest, VerifyRequest,
};
use serde_json::Value;

use crate::Outcome;
use crate::cli::{GenerateMac, GetPublicKey, PublicKeyFormat, Sign, Verify, VerifyMac};
use crate::input::{blob, vocabulary};
use crate::keys::key_arn;
use crate::output::render;

pub(crate) fn sign(kms: &dyn KeyManager, args: &Sign) -> Outcome {
    let message = blob("message", &args.message)?;
    let algorithm = vocabulary::<SigningAlgorithm>(&args.signing_algorithm)?;
    let message_type = vocabulary::<MessageType>(&args.message_type)?;
    let request = SignRequest::new(&args.key_id, &message, algorithm).message_type(message_type);
    let out = kms.sign(request)?;
    let arn = key_arn(kms, &out.key_id)?;
    Ok(render(&aws::SignResponse::from_response(&out, arn)))
}

pub(crate) fn verify(kms: &dyn KeyManager, args: &Verify) -> Outcome {
    let message = blob("message", &args.message)?;
    let signature = blob("signature", &args.signature)?;
    let algorithm = vocabulary::<SigningAlgorithm>(&args.signing_algorithm)?;
    let message_type = vocabulary::<MessageType>(&args.message_type)?;
    let request = VerifyRequest::new(&args.key_id, &message, algorithm, &signature)
        .message_type(message_type);
    let out = kms.verify(request)?;
    let arn = key_arn(kms, &out.key_id)?;
    Ok(render(&aws::VerifyResponse::from_response(&out, arn)))
}

/// The public key, DER (base64) or, as an extension, PEM.
pub(crate) fn get_public_key(kms: &dyn KeyManager, args: &GetPublicKey) -> Outcome {
    let info = kms.get_public_key(&args.key_id)?;
    let arn = key_arn(kms, &info.key_id)?;
    let mut value = render(&aws::GetPublicKeyResponse::from_public_key(&info, arn));
    if let PublicKeyFormat::Pem = args.public_key_format {
        value["PublicKey"] = Value::String(info.public_key_pem());
    }
    Ok(value)
}

pub(crate) fn generate_mac(kms: &dyn KeyManager, args: &GenerateMac) -> Outcome {
    let message = blob("message", &args.message)?;
    let algorithm = vocabulary::<MacAlgorithm>(&args.mac_algorithm)?;
    let out = kms.generate_mac(GenerateMacRequest::new(&args.key_id, &message, algorithm))?;
    let arn = key_arn(kms, &out.key_id)?;
    Ok(render(&aws::GenerateMacResponse::from_response(&out, arn)))
}

pub(crate) fn verify_mac(kms: &dyn KeyManager, args: &VerifyMac) -> Outcome {
    let message = blob("message", &args.message)?;
    let mac = blob("mac", &args.mac)?;
    let algorithm = vocabulary::<MacAlgorithm>(&args.mac_algorithm)?;
    let out = kms.verify_mac(VerifyMacRequest::new(
        &args.key_id,
        &message,
        algorithm,
        &mac,
    ))?;
    let arn = key_arn(kms, &out.key_id)?;
    Ok(render(&aws::VerifyMacResponse::from_response(&out, arn)))
}
