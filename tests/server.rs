//! `kms serve` against the real clients: boto3, the aws CLI, the official
//! Rust SDK, Alibaba Cloud's two Python SDKs and Huawei Cloud's Python SDK,
//! each against a server the test starts on `127.0.0.1:0`.

#[path = "server/alibaba.rs"]
mod alibaba;
#[path = "server/aws_cli.rs"]
mod aws_cli;
#[path = "server/boto3.rs"]
mod boto3;
#[path = "server/cross.rs"]
mod cross;
// `kms serve --backend aws`: the binary has the aws backend only with the feature.
#[cfg(feature = "aws")]
#[path = "server/gateway.rs"]
mod gateway;
#[path = "server/harness.rs"]
mod harness;
#[path = "server/hostile.rs"]
mod hostile;
#[path = "server/huawei.rs"]
mod huawei;
#[path = "server/raw_http.rs"]
mod raw_http;
#[path = "server/rust_sdk.rs"]
mod rust_sdk;
#[path = "server/rust_sdk_crypto.rs"]
mod rust_sdk_crypto;
#[path = "server/server_thread.rs"]
mod server_thread;
// Not `mod http`: that would shadow the `http` crate.
#[path = "server/async_only.rs"]
mod async_only;
#[path = "server/http.rs"]
mod http_level;
#[path = "server/processes.rs"]
mod processes;
