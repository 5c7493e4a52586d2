use super::*;
use crate::wire::alibaba::model_check::Models;
use crate::wire::alibaba::{from_parameters, to_parameters};

fn models() -> Models {
    Models::parse(include_str!(
        "../../../../tests/data/alibaba/random-models.json"
    ))
}

#[test]
fn get_random_password_reads_and_writes_as_the_sdk_does() {
    let models = models();
    models.assert_all_checked(&["GetRandomPassword"]);
    let request: GetRandomPasswordRequest = models.request("GetRandomPassword");
    assert_eq!(request.password_length, Some(32));
    assert_eq!(request.exclude_punctuation, Some(true));
    assert_eq!(
        (
            request.exclude_lowercase,
            request.exclude_uppercase,
            request.exclude_numbers
        ),
        (Some(false), Some(false), Some(false))
    );
    assert_eq!(request.require_each_included_type, Some(true));
    assert_eq!(request.exclude_characters.as_deref(), Some("\"'`\\"));
    let answer: GetRandomPasswordResponse = models.response("GetRandomPassword");
    assert_eq!(answer.random_password.len(), 32);
    assert_eq!(
        GetRandomPasswordResponse::new(&answer.random_password, &answer.request_id),
        answer
    );
}

#[test]
fn flags_and_lengths_must_be_what_they_say() {
    let pairs = |name: &str, value: &str| vec![(name.to_owned(), value.to_owned())];
    assert!(from_parameters::<GetRandomPasswordRequest>(&pairs("ExcludeNumbers", "no")).is_err());
    assert!(from_parameters::<GetRandomPasswordRequest>(&pairs("PasswordLength", "long")).is_err());
    let read: GetRandomPasswordRequest = from_parameters(&pairs("ExcludeNumbers", "TRUE")).unwrap();
    assert_eq!(read.exclude_numbers, Some(true));
    assert_eq!(
        to_parameters(&GetRandomPasswordRequest::new(16)),
        pairs("PasswordLength", "16")
    );
}
