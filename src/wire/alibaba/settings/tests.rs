use std::time::Duration;

use super::*;
use crate::wire::alibaba::model_check::Models;
use crate::wire::alibaba::{parse_rotation_interval, to_parameters};

const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const DAY: u64 = 86_400;

fn models() -> Models {
    Models::parse(include_str!(
        "../../../../tests/data/alibaba/settings-models.json"
    ))
}

#[test]
fn every_settings_action_reads_and_writes_as_the_sdk_does() {
    let models = models();
    models.assert_all_checked(&["UpdateKeyDescription", "UpdateRotationPolicy"]);
    let description: UpdateKeyDescriptionRequest = models.request("UpdateKeyDescription");
    assert_eq!(
        description,
        UpdateKeyDescriptionRequest::new(KEY_ID, "a key & its * description")
    );
    let policy: UpdateRotationPolicyRequest = models.request("UpdateRotationPolicy");
    assert_eq!(policy.enable_automatic_rotation, Some(true));
    let interval = parse_rotation_interval(policy.rotation_interval.as_deref().unwrap()).unwrap();
    assert_eq!(interval.duration(), Duration::from_secs(365 * DAY));
    for action in ["UpdateKeyDescription", "UpdateRotationPolicy"] {
        let answer: RequestIdResponse = models.response(action);
        assert!(!answer.request_id.is_empty(), "{action}");
    }
    assert_eq!(
        to_parameters(&description),
        models.parameters("UpdateKeyDescription")
    );
}

#[test]
fn rotation_intervals_read_in_days_hours_minutes_or_seconds() {
    for (text, seconds) in [
        ("365d", 365 * DAY),
        ("31536000s", 365 * DAY),
        ("7d", 7 * DAY),
        ("604800s", 7 * DAY),
        ("30d", 30 * DAY),
        (" 90d ", 90 * DAY),
        ("730d", 730 * DAY),
        ("168h", 7 * DAY),
        ("10080m", 7 * DAY),
        ("8760h", 365 * DAY),
    ] {
        let interval = parse_rotation_interval(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(interval.duration(), Duration::from_secs(seconds), "{text}");
    }
    assert_eq!(
        parse_rotation_interval("604801s").unwrap().days(),
        8,
        "rounded up"
    );
    for text in [
        "6d",
        "604799s",
        "167h",
        "10079m",
        "731d",
        "17521h",
        "0d",
        "-7d",
        "7",
        "d",
        "",
        "1y",
        "7 d",
        "7.5d",
        "99999999999999999999d",
    ] {
        let refused = parse_rotation_interval(text).expect_err(text);
        assert_eq!(refused.parameter, "RotationInterval", "{text}");
    }
}

#[test]
fn rotation_intervals_write_as_alibaba_answers_them() {
    let year = RotationInterval::from_days(365);
    assert_eq!(format_rotation_interval(year), "31536000s");
    for days in [7, 30, 90, 365, 730] {
        let interval = RotationInterval::from_days(days);
        let again = parse_rotation_interval(&format_rotation_interval(interval)).unwrap();
        assert_eq!(again, interval);
        assert_eq!(again.days(), days);
    }
    let enable = UpdateRotationPolicyRequest::enable(KEY_ID, year);
    assert_eq!(enable.rotation_interval.as_deref(), Some("31536000s"));
    let disable = UpdateRotationPolicyRequest::disable(KEY_ID);
    assert_eq!(
        to_parameters(&disable),
        [
            ("EnableAutomaticRotation".to_owned(), "false".to_owned()),
            ("KeyId".to_owned(), KEY_ID.to_owned())
        ]
    );
}
