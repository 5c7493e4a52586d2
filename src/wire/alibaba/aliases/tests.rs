use super::*;
use crate::wire::alibaba::model_check::Models;
use crate::wire::alibaba::{from_parameters, to_parameters};

fn models() -> Models {
    Models::parse(include_str!(
        "../../../../tests/data/alibaba/aliases-models.json"
    ))
}

#[test]
fn every_alias_action_reads_and_writes_as_the_sdk_does() {
    let models = models();
    models.assert_all_checked(&[
        "CreateAlias",
        "UpdateAlias",
        "DeleteAlias",
        "ListAliases",
        "ListAliasesByKeyId",
    ]);
    for action in ["CreateAlias", "UpdateAlias"] {
        let request: AliasRequest = models.request(action);
        assert_eq!(request.alias_name.as_deref(), Some("alias/app"), "{action}");
        assert_eq!(
            request.key_id.as_deref(),
            Some("1234abcd-12ab-34cd-56ef-1234567890ab")
        );
        let answer: RequestIdResponse = models.response(action);
        assert_eq!(answer.request_id, "4C467B38-3910-447D-87BC-AC049166F216");
    }
    let delete: DeleteAliasRequest = models.request("DeleteAlias");
    assert_eq!(delete.alias_name.as_deref(), Some("alias/app"));
    let _: DeleteAliasResponse = models.response("DeleteAlias");

    let list: ListAliasesRequest = models.request("ListAliases");
    assert_eq!(list, ListAliasesRequest::page(2, 50));
    let by_key: ListAliasesByKeyIdRequest = models.request("ListAliasesByKeyId");
    assert_eq!(
        by_key,
        ListAliasesByKeyIdRequest::new("alias/app").page(2, 50)
    );
    for action in ["ListAliases", "ListAliasesByKeyId"] {
        let page: ListAliasesResponse = models.response(action);
        assert_eq!(
            (page.total_count, page.page_number, page.page_size),
            (55, 2, 50)
        );
        assert_eq!(
            page.aliases.alias,
            [AliasListEntry::new(
                "alias/app",
                "acs:kms:cn-hangzhou:111122223333:alias/app",
                "1234abcd-12ab-34cd-56ef-1234567890ab"
            )]
        );
    }
}

#[test]
fn constructors_write_the_parameters_the_sdk_sends() {
    let models = models();
    assert_eq!(
        to_parameters(&UpdateAliasRequest::new(
            "alias/app",
            "1234abcd-12ab-34cd-56ef-1234567890ab"
        )),
        models.parameters("UpdateAlias")
    );
    assert_eq!(
        to_parameters(&DeleteAliasRequest::new("alias/app")),
        models.parameters("DeleteAlias")
    );
    assert!(to_parameters(&ListAliasesRequest::default()).is_empty());
}

#[test]
fn an_empty_page_still_nests_and_a_bad_page_number_is_refused() {
    let json = serde_json::to_value(ListAliasesResponse::new(Vec::new(), 0, 1, 10, "r")).unwrap();
    assert_eq!(json["Aliases"], serde_json::json!({"Alias": []}));
    assert_eq!(json["RequestId"], "r");
    let pairs = [("PageNumber".to_owned(), "first".to_owned())];
    assert!(from_parameters::<ListAliasesRequest>(&pairs).is_err());
}
