//! `gen-random`: random bytes in hex, the length asked for in bits.

use super::crypto::{bits_as_bytes, sequence};
use super::{Answer, Context, Fail, answer};
use crate::GenerateRandomRequest;
use crate::wire::huawei::{self as wire, hex_encode};

/// The most random bits one request makes (Huawei: 8 to 8192).
const MAX_RANDOM_BITS: u32 = 8192;

pub(super) async fn gen_random(cx: &Context<'_>) -> Result<Answer, Fail> {
    let r: wire::GenRandomRequest = cx.json()?;
    sequence(cx, r.sequence.as_deref());
    let length = r
        .random_data_length
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .ok_or(Fail::Missing("random_data_length"))?;
    let bytes = bits_as_bytes("random_data_length", length, MAX_RANDOM_BITS)?;
    let random = cx
        .kms
        .generate_random(GenerateRandomRequest::new(bytes))
        .await?;
    answer(&wire::GenRandomResponse {
        random_data: hex_encode(random.expose_secret()),
    })
}
