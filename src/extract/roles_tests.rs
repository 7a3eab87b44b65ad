//! Unit tests of `roles`: what `attach` finds in short texts, and the keys of `role_keys`.

use super::*;

/// The roles `attach` gives each of `names` (found in `body` by their first occurrence;
/// every later occurrence of a name is a mention too).
fn roles_of(body: &str, names: &[&str]) -> Vec<Vec<String>> {
    let mut people: Vec<Entity> = names
        .iter()
        .map(|name| Entity {
            name: name.to_string(),
            mentions: body
                .match_indices(name)
                .map(|(s, _)| Mention {
                    start: s,
                    end: s + name.len(),
                })
                .collect(),
            roles: Vec::new(),
        })
        .collect();
    attach(body, &mut people);
    people.into_iter().map(|p| p.roles).collect()
}

fn one(body: &str, name: &str) -> Vec<String> {
    roles_of(body, &[name]).remove(0)
}

#[test]
fn title_before_the_name() {
    assert_eq!(
        one(
            "It was presented by United Nations Secretary-General António Guterres.",
            "António Guterres"
        ),
        ["United Nations Secretary-General"]
    );
    assert_eq!(
        one(
            "SAN ISIDRO, June 11, 2020 — Minister of Digital Economy Sofía Ramírez today spoke.",
            "Sofía Ramírez"
        ),
        ["Minister of Digital Economy"]
    );
    assert_eq!(
        one(
            "Executive Chairman He Xuming of WIOTC spoke.",
            "Chairman He Xuming"
        ),
        ["Executive Chairman"]
    );
}

#[test]
fn abbreviations_do_not_end_a_role() {
    assert_eq!(
        one(
            "The case was announced by U.S. Attorney for the Eastern District of Virginia \
             Neil H. MacBride. Later U.S. Attorney Neil H. MacBride thanked the FBI.",
            "Neil H. MacBride"
        ),
        // "U.S. Attorney" adds nothing next to the longer role.
        ["U.S. Attorney for the Eastern District of Virginia"]
    );
    assert_eq!(
        one("It was the FBI. Attorney General Holder said so.", "Holder"),
        ["Attorney General"]
    );
}

#[test]
fn a_role_stops_at_another_person() {
    let body = "They thanked Assistant U.S. Attorney Christopher Clark and Trial Attorney \
                Sean Beaty.";
    assert_eq!(
        roles_of(body, &["Christopher Clark", "Sean Beaty"]),
        [vec!["Assistant U.S. Attorney"], vec!["Trial Attorney"]]
    );
    // An apposition that names someone else is a list, not a role.
    let body = "Attorney General Eric Holder, Assistant Attorney General Leslie R. Caldwell \
                of the Criminal Division and others spoke.";
    assert_eq!(
        roles_of(body, &["Eric Holder", "Leslie R. Caldwell"]),
        [vec!["Attorney General"], vec!["Assistant Attorney General"]]
    );
}

#[test]
fn a_role_stops_at_an_and_that_opens_another_office() {
    let body = "Special Agent in Charge Michael Harpster of the FBIs Philadelphia Division \
                and Chief Richard Weber of the IRS announced it.";
    assert_eq!(one(body, "Richard Weber"), ["Chief"]);
    let body = "Director of Enforcement for the Securities and Exchange Commission (SEC) \
                and Secretary Thomas E. Perez of the U.S. Department of Labor spoke.";
    assert_eq!(one(body, "Thomas E. Perez"), ["Secretary"]);
    assert_eq!(
        one(
            "I thank the President and Attorneys General Lynch and Holder.",
            "Lynch"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        one(
            "It was praised by Health and Human Services Secretary Kathleen Sebelius.",
            "Kathleen Sebelius"
        ),
        ["Health and Human Services Secretary"]
    );
}

#[test]
fn a_role_ends_before_the_name_and_after_a_dateline() {
    let body = "BATON ROUGE – Louisiana Attorney General James D. Buddy Caldwell spoke.";
    assert_eq!(one(body, "Buddy Caldwell"), ["Louisiana Attorney General"]);
    let body = "Assistant Attorney General of the Criminal Division Lanny A. Breuer spoke.";
    let mut people = vec![Entity {
        name: "Lanny A. Breuer".into(),
        mentions: vec![Mention {
            start: body.find("A. Breuer").unwrap(),
            end: body.find(" spoke").unwrap(),
        }],
        roles: Vec::new(),
    }];
    attach(body, &mut people);
    assert_eq!(
        people[0].roles,
        ["Assistant Attorney General of the Criminal Division"]
    );
    assert_eq!(
        one("WASHINGTON Today President Obama spoke.", "Obama"),
        ["President"]
    );
    assert_eq!(
        one(
            "WASHINGTON Attorney General Eric Holder spoke.",
            "Eric Holder"
        ),
        ["Attorney General"]
    );
    assert_eq!(
        one("It was U.S. Attorney Neil MacBride.", "Neil MacBride"),
        ["U.S. Attorney"]
    );
    assert_eq!(
        one(
            "ALEXANDRIA – US Attorney Neil MacBride spoke.",
            "Neil MacBride"
        ),
        ["US Attorney"]
    );
}

#[test]
fn a_role_parted_from_the_name_by_a_comma_is_someone_elses() {
    let body = "It was announced by Kathryn Keneally, Assistant Attorney General for the \
                Justice Departments Tax Division, Wifredo A. Ferrer, U.S. Attorney for the \
                Southern District of Florida, and others.";
    assert_eq!(
        roles_of(body, &["Kathryn Keneally", "Wifredo A. Ferrer"]),
        [
            vec!["Assistant Attorney General for the Justice Departments Tax Division"],
            vec!["U.S. Attorney for the Southern District of Florida"]
        ]
    );
    let body = "It was the SEC Dallas Regional Office and Louisiana Attorney General \
                Buddy Caldwell.";
    assert_eq!(one(body, "Buddy Caldwell"), ["Louisiana Attorney General"]);
    let body = "Assistant Attorney General of the Criminal Division Lanny A. Breuer said.";
    assert_eq!(
        one(body, "A. Breuer"),
        ["Assistant Attorney General of the Criminal Division"]
    );
}

#[test]
fn lost_spaces_part_words() {
    assert_eq!(
        one(
            "It was in the South Court Auditorium.Attorney General Lynch spoke.",
            "Lynch"
        ),
        ["Attorney General"]
    );
    assert_eq!(
        one(
            "WASHINGTONAttorney General Eric Holder spoke.",
            "Eric Holder"
        ),
        ["Attorney General"]
    );
    assert_eq!(
        one(
            "Today U.S. Attorney Barbara L. McQuade spoke.",
            "Barbara L. McQuade"
        ),
        ["U.S. Attorney"]
    );
    fn glued(text: &str) -> Vec<&str> {
        words(text).iter().map(|w| w.text).collect()
    }
    assert_eq!(glued("Act,said"), ["Act,", "said"]);
    assert_eq!(glued("WHO:Attorney"), ["WHO:", "Attorney"]);
    assert_eq!(
        glued("U.S. D.C. McQuade MacBride"),
        ["U.S.", "D.C.", "McQuade", "MacBride"]
    );
}

#[test]
fn an_apposition_ends_with_its_last_name_and_names_no_one() {
    let body = "Wifredo A. Ferrer, U.S. Attorney for the Southern District of Florida stated \
                it.";
    assert_eq!(
        one(body, "Wifredo A. Ferrer"),
        ["U.S. Attorney for the Southern District of Florida"]
    );
    let body = "Wifredo A. Ferrer, U.S. Attorney for the Southern District of Florida.Whether \
                it was.";
    assert_eq!(
        one(body, "Wifredo A. Ferrer"),
        ["U.S. Attorney for the Southern District of Florida"]
    );
    let body = "John C. Cruden, U.S. Attorney for the District of Maryland Rod J. Rosenstein.";
    assert!(one(body, "John C. Cruden").is_empty());
}

#[test]
fn apposition_after_the_name_and_party_tags() {
    assert_eq!(
        one(
            "In a message, António Guterres, Secretary-General of the United Nations, said so.",
            "António Guterres"
        ),
        ["Secretary-General of the United Nations"]
    );
    assert_eq!(
        one("Senator Dick Durbin (D-Ill.) said so.", "Dick Durbin"),
        ["Senator (D-Ill.)"]
    );
    // A time at the end of the apposition says when, not which office.
    assert_eq!(
        one(
            "Kathleen Sebelius, Secretary of Health and Human Services in May, said so.",
            "Kathleen Sebelius"
        ),
        ["Secretary of Health and Human Services"]
    );
    assert_eq!(
        one(
            "Eric Holder, Attorney General since February 2009, spoke.",
            "Eric Holder"
        ),
        ["Attorney General"]
    );
    assert_eq!(
        one(
            "Jane Roe, Director of the Census Bureau on Tuesday, spoke.",
            "Jane Roe"
        ),
        ["Director of the Census Bureau"]
    );
    // A month that is the office's own word stays: no preposition before it.
    assert_eq!(
        one(
            "Jane Roe, Director of the May Department Stores, spoke.",
            "Jane Roe"
        ),
        ["Director of the May Department Stores"]
    );
}

#[test]
fn honorifics_and_plain_sentences_are_not_roles() {
    assert!(one("Then Mr. Zhao said the plan was ready.", "Mr. Zhao").is_empty());
    assert!(one("Guterres said the plan was ready.", "Guterres").is_empty());
    assert!(one("Yesterday Zhao, who lives here, said no.", "Zhao").is_empty());
    assert_eq!(
        one("Today Chairman Lin opened it.", "Chairman Lin"),
        ["Chairman"]
    );
}

#[test]
fn a_shorter_role_inside_a_longer_one_adds_nothing() {
    assert_eq!(
        one(
            "Executive Chairman Lin Weiguo spoke. Later Chairman Lin Weiguo left.",
            "Lin Weiguo"
        ),
        ["Executive Chairman"]
    );
}

#[test]
fn keys_match_offices_exactly() {
    assert_eq!(
        role_keys("U.S. Attorney for the Eastern District of Virginia"),
        [
            "us attorney for the eastern district of virginia",
            "us attorney"
        ]
    );
    assert_eq!(
        role_keys("Assistant Attorney General for the Criminal Division"),
        [
            "assistant attorney general for the criminal division",
            "assistant attorney general"
        ]
    );
    assert_eq!(
        role_keys("United Nations Secretary-General"),
        ["united nations secretary general", "secretary general"]
    );
    assert_eq!(role_keys("Senator (D-Ill.)"), ["senator d ill", "senator"]);
    assert_eq!(
        role_keys("Acting Attorney General"),
        ["acting attorney general"]
    );
    assert!(!role_keys("Associate Attorney General").contains(&"attorney general".into()));
}

#[test]
fn wide_spaces_are_spaces() {
    // A no-break space before a period's word (bytes wider than one) is no char boundary
    // problem.
    let body = "Florida's U.S.\u{a0}Senator Bill Nelson spoke.\u{a0}Then Mr.\u{a0}Nelson, \
                Senator from Florida.\u{a0}Yes.";
    assert_eq!(one(body, "Bill Nelson"), ["Florida's U.S. Senator"]);
    let body = "It was\u{a0}Senator.\u{a0}Chairman Lin Weiguo, Executive Chairman\u{a0}of WIOTC.";
    assert_eq!(one(body, "Lin Weiguo"), ["Executive Chairman of WIOTC"]);
}

#[test]
fn many_mentions_take_linear_time() {
    let body = "Chairman Lin Weiguo and Director Amara Okafor met. ".repeat(20_000);
    let start = std::time::Instant::now();
    let roles = roles_of(&body, &["Lin Weiguo", "Amara Okafor"]);
    assert_eq!(roles, [vec!["Chairman"], vec!["Director"]]);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

#[test]
fn a_role_never_ends_with_a_joiner() {
    let body = "U.S. Attorney for the District of Columbia and Ronald C. Machen Jr. spoke.";
    assert_eq!(
        one(body, "Ronald C. Machen Jr."),
        ["U.S. Attorney for the District of Columbia"]
    );
    let body = "Solicitor General and Donald B. Verrilli Jr. argued the case.";
    assert_eq!(one(body, "Donald B. Verrilli Jr."), ["Solicitor General"]);
}

#[test]
fn words_that_say_nothing_of_the_office_do_not_open_a_role() {
    // Before the nation's name: a dateline, a letter's closing.
    let body = "Washington D C U S Senator Mike Crapo said the bill passed.";
    assert_eq!(one(body, "Mike Crapo"), ["U S Senator"]);
    let body = "Sincerely U.S. Senator Mike Crapo";
    assert_eq!(one(body, "Mike Crapo"), ["U.S. Senator"]);
    // A small word, a month or a day opening the sentence.
    let body = "While President George W. Bush spoke, the Senate voted.";
    assert_eq!(one(body, "George W. Bush"), ["President"]);
    let body = "September Senator Tom Harkin voted.";
    assert_eq!(one(body, "Tom Harkin"), ["Senator"]);
    // A content word opening the sentence may be an organization's, a place makes another
    // office.
    let body = "Senate Judiciary Committee Chairman Patrick Leahy said.";
    assert_eq!(
        one(body, "Patrick Leahy"),
        ["Senate Judiciary Committee Chairman"]
    );
    let body = "Department of Justice Trial Attorney Mary Smith said.";
    assert_eq!(
        one(body, "Mary Smith"),
        ["Department of Justice Trial Attorney"]
    );
    let body = "Idaho Senator Mike Crapo voted.";
    assert_eq!(one(body, "Mike Crapo"), ["Idaho Senator"]);
}

#[test]
fn a_long_office_keeps_its_first_words() {
    let body = "United States Attorney for the Southern District of New York Preet Bharara \
                announced the charges.";
    assert_eq!(
        one(body, "Preet Bharara"),
        ["United States Attorney for the Southern District of New York"]
    );
}

#[test]
fn a_wide_gap_ends_a_headline_before_a_role() {
    // The Senate texts come as one line: their headline runs into the first sentence.
    let body = "Bleeding Kansas National Heritage Area Bill Passes     Senator Sam Brownback said.";
    assert_eq!(one(body, "Sam Brownback"), ["Senator"]);
}

#[test]
fn a_letter_a_statement_or_a_dateline_is_no_part_of_a_role() {
    assert_eq!(one("Dear Chairman Tom Harkin:", "Tom Harkin"), ["Chairman"]);
    let body = "Statement of Senator Tom Harkin on the farm bill.";
    assert_eq!(one(body, "Tom Harkin"), ["Senator"]);
    let body = "Washington DC Senator Tom Harkin said.";
    assert_eq!(one(body, "Tom Harkin"), ["Senator"]);
    let body = "Washington D C Senator Tom Harkin said.";
    assert_eq!(one(body, "Tom Harkin"), ["Senator"]);
    let body = "FOR IMMEDIATE RELEASE WASHINGTON D C Today Senator Tom Harkin said.";
    assert_eq!(one(body, "Tom Harkin"), ["Senator"]);
}
