use super::*;
use crate::wire::alibaba::model_check::Models;
use crate::wire::alibaba::{from_parameters, parse_string_list, parse_tags, to_parameters};

const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const OTHER_KEY_ID: &str = "5c438b18-05be-40ad-b6c2-3be6752c****";

fn models() -> Models {
    Models::parse(include_str!(
        "../../../../tests/data/alibaba/tags-models.json"
    ))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn every_tag_action_reads_and_writes_as_the_sdk_does() {
    let models = models();
    models.assert_all_checked(&[
        "TagResource",
        "UntagResource",
        "ListResourceTags",
        "TagResources",
        "UntagResources",
        "ListTagResources",
    ]);

    let tag: TagResourceRequest = models.request("TagResource");
    assert_eq!(tag.key_id.as_deref(), Some(KEY_ID));
    assert!(tag.certificate_id.is_some() && tag.secret_name.is_some());
    let tags = parse_tags("Tags", tag.tags.as_deref()).unwrap();
    assert_eq!(tags, [Tag::new("team", "kms"), Tag::new("env", "prod")]);
    let untag: UntagResourceRequest = models.request("UntagResource");
    let keys = parse_string_list("TagKeys", untag.tag_keys.as_deref()).unwrap();
    assert_eq!(keys, ["team", "env"]);
    let list: ListResourceTagsRequest = models.request("ListResourceTags");
    assert_eq!(list.key_id.as_deref(), Some(KEY_ID));
    for action in [
        "TagResource",
        "UntagResource",
        "TagResources",
        "UntagResources",
    ] {
        let answer: RequestIdResponse = models.response(action);
        assert!(!answer.request_id.is_empty(), "{action}");
    }
    let listed: ListResourceTagsResponse = models.response("ListResourceTags");
    assert_eq!(listed.tags.tag, [ResourceTag::new(KEY_ID, "team", "kms")]);
    assert_eq!(listed.to_tags(), [Tag::new("team", "kms")]);

    let tag_many: TagResourcesRequest = models.request("TagResources");
    assert_eq!(
        tag_many,
        TagResourcesRequest::new(
            "cn-hangzhou",
            [KEY_ID, OTHER_KEY_ID],
            [
                IndexedTag::new("team", "kms"),
                IndexedTag::new("env", "prod & test")
            ]
        )
    );
    let untag_many: UntagResourcesRequest = models.request("UntagResources");
    let mut expected =
        UntagResourcesRequest::new("cn-hangzhou", [KEY_ID, OTHER_KEY_ID], ["team", "env"]);
    expected.all = Some(false);
    assert_eq!(untag_many, expected);
    let list_many: ListTagResourcesRequest = models.request("ListTagResources");
    assert_eq!(
        list_many.next_token.as_deref(),
        Some("caeba0bbb2be03f84eb48b699f0a****")
    );
    assert_eq!(list_many.resource_id, [KEY_ID, OTHER_KEY_ID]);
    assert_eq!(list_many.tag.len(), 2);
    let page: ListTagResourcesResponse = models.response("ListTagResources");
    assert_eq!(
        page.tag_resources.tag_resource,
        [TaggedResource::key(KEY_ID, &Tag::new("team", "kms"))]
    );
    assert!(page.next_token.is_some());
}

#[test]
fn constructors_write_the_parameters_the_sdk_sends() {
    let models = models();
    let mut tag =
        TagResourceRequest::new(KEY_ID, &[Tag::new("team", "kms"), Tag::new("env", "prod")]);
    tag.certificate_id = Some("770dbe42-e146-43d1-a55a-1355db86****".to_owned());
    tag.secret_name = Some("secret001".to_owned());
    assert_eq!(to_parameters(&tag), models.parameters("TagResource"));
    let mut untag = UntagResourceRequest::new(KEY_ID, ["team", "env"]);
    untag.certificate_id = tag.certificate_id.clone();
    untag.secret_name = tag.secret_name.clone();
    assert_eq!(to_parameters(&untag), models.parameters("UntagResource"));
    assert_eq!(
        to_parameters(&ListResourceTagsRequest::new(KEY_ID)),
        models.parameters("ListResourceTags")
    );
}

#[test]
fn indexed_parameters_read_in_index_order_and_refuse_bad_indexes() {
    let read = from_parameters::<TagResourcesRequest>(&pairs(&[
        ("ResourceId.10", "k10"),
        ("ResourceId.2", "k2"),
        ("ResourceId.1", "k1"),
        ("Tag.2.Value", "v2"),
        ("Tag.1.Key", "a"),
        ("Tag.2.Key", "b"),
        ("Tags", "ignored: TagResource's parameter"),
        ("Action", "TagResources"),
    ]))
    .unwrap();
    assert_eq!(read.resource_id, ["k1", "k2", "k10"]);
    assert_eq!(
        read.tag,
        [
            IndexedTag {
                key: Some("a".into()),
                value: None
            },
            IndexedTag::new("b", "v2")
        ]
    );
    assert_eq!(read.region_id, None);

    for bad in [
        ("ResourceId.0", "k"),
        ("ResourceId.x", "k"),
        ("ResourceId.1.Key", "k"),
        ("Tag.1.Colour", "red"),
        ("Tag.-1.Key", "k"),
    ] {
        assert!(
            from_parameters::<TagResourcesRequest>(&pairs(&[bad])).is_err(),
            "{bad:?}"
        );
    }
    assert!(from_parameters::<UntagResourcesRequest>(&pairs(&[("All", "yes")])).is_err());
    let all = from_parameters::<UntagResourcesRequest>(&pairs(&[("All", "TRUE")])).unwrap();
    assert_eq!(all.all, Some(true));
    assert!(all.tag_key.is_empty());
}

#[test]
fn list_answers_nest_and_omit_the_token_on_the_last_page() {
    let json = serde_json::to_value(ListTagResourcesResponse::new(Vec::new(), None, "r")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"RequestId": "r", "TagResources": {"TagResource": []}})
    );
    let json = serde_json::to_value(ListResourceTagsResponse::new(KEY_ID, &[], "r")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"RequestId": "r", "Tags": {"Tag": []}})
    );
}
