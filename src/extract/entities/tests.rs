//! Unit tests of the entity finder.

use super::*;

fn names(ents: &[Entity]) -> Vec<&str> {
    ents.iter().map(|e| e.name.as_str()).collect()
}

fn texts<'a>(body: &'a str, e: &Entity) -> Vec<&'a str> {
    e.mentions.iter().map(|m| &body[m.start..m.end]).collect()
}

#[test]
fn one_official_under_every_form() {
    let body = "WASHINGTON - Attorney General Eric H. Holder Jr. announced the charges today. \
                \"Fraud will not be tolerated,\" said Attorney General Eric Holder. Holder \
                thanked the investigators.";
    let (people, _) = find_entities(body);
    assert_eq!(names(&people), ["Eric H. Holder Jr."]);
    assert_eq!(
        texts(body, &people[0]),
        ["Eric H. Holder Jr.", "Eric Holder", "Holder"]
    );
}

#[test]
fn a_headline_verb_is_no_part_of_a_name() {
    let body = "Assistant Attorney General Lanny A. Breuer Speaks at the Fraud Conference\n\n\
                WASHINGTON - Assistant Attorney General Lanny A. Breuer spoke today. Breuer \
                said fraud costs billions.";
    let (people, _) = find_entities(body);
    assert_eq!(names(&people), ["Lanny A. Breuer"]);
}

#[test]
fn people_sharing_a_surname_stay_apart() {
    let body = "Senator Tim Johnson and Representative Barbara Johnson met today. \
                Tim Johnson said the bill would pass.";
    let (people, _) = find_entities(body);
    assert_eq!(names(&people), ["Tim Johnson", "Barbara Johnson"]);
}

#[test]
fn party_tags_are_not_part_of_a_name() {
    let body = "WASHINGTON  Senator Jack Reed D RI today announced a grant. \
                Reed said the funds would help.";
    let (people, _) = find_entities(body);
    assert_eq!(names(&people), ["Jack Reed"]);
}

#[test]
fn an_acronym_and_its_long_form_are_one_organization() {
    let body = "The Federal Bureau of Investigation (FBI) investigated the case. The FBI \
                thanked the Internal Revenue Service.";
    let (_, orgs) = find_entities(body);
    assert_eq!(
        names(&orgs),
        [
            "Federal Bureau of Investigation",
            "Internal Revenue Service"
        ]
    );
    assert_eq!(
        texts(body, &orgs[0]),
        ["Federal Bureau of Investigation", "FBI", "FBI"]
    );
}

#[test]
fn department_forms_are_one_organization() {
    let body = "The Justice Department filed the suit. The Department of Justice said the \
                company had violated the law.";
    let (_, orgs) = find_entities(body);
    assert_eq!(orgs.len(), 1, "{:?}", names(&orgs));
}

#[test]
fn a_generic_head_alone_is_no_organization() {
    let body = "The Department of Justice filed the suit. The Office said the Department \
                would appeal.";
    let (_, orgs) = find_entities(body);
    assert!(
        orgs.iter()
            .all(|o| !matches!(o.name.as_str(), "Office" | "Department")),
        "{:?}",
        names(&orgs)
    );
    assert!(
        org_key(&["IRS-Criminal", "Investigation"])
            == org_key(&["IRS", "Criminal", "Investigation"])
    );
    // The Senate texts lost the dots of "U.S.": a place still, and no part of a key.
    let body = "WASHINGTON  U S  Senator Barack Obama  D IL  wrote to the U S Department of \
                Energy and the Department of Energy replied.";
    let (people, orgs) = find_entities(body);
    assert_eq!(names(&people), ["Barack Obama"]);
    assert!(orgs.iter().all(|o| o.name != "U S"), "{:?}", names(&orgs));
    assert_eq!(orgs.len(), 1, "{:?}", names(&orgs));
}

#[test]
fn an_organization_word_alone_is_no_person() {
    let body = "The report was published by the WIOTC and the Alliance. Alliance members \
                met Lin Weiguo.";
    let (people, _) = find_entities(body);
    assert!(
        people.iter().all(|p| p.name != "Alliance"),
        "{:?}",
        names(&people)
    );
}

#[test]
fn chairman_he_is_he_xuming_and_the_pronoun_is_nobody() {
    let body = "Executive Chairman He Xuming opened the forum. Chairman He said the \
                convention would grow. He also met students.";
    let (people, _) = find_entities(body);
    assert_eq!(names(&people), ["He Xuming"]);
    assert_eq!(texts(body, &people[0]), ["He Xuming", "Chairman He"]);
}

#[test]
fn a_possessive_without_its_apostrophe_is_read_without_the_s() {
    let body = "Trial Attorney Jane Doe of the Justice Departments Criminal Division is \
                prosecuting the case.";
    let (people, orgs) = find_entities(body);
    assert_eq!(names(&people), ["Jane Doe"]);
    assert!(
        names(&orgs).contains(&"Criminal Division"),
        "{:?}",
        names(&orgs)
    );
    assert!(orgs.iter().all(|o| !o.name.starts_with("Departments")));
    // The possessor is an organization too.
    assert!(
        names(&orgs).contains(&"Justice Department"),
        "{:?}",
        names(&orgs)
    );
    let (_, orgs) = find_entities("Agents of the FBIs Tampa Field Office said.");
    assert_eq!(names(&orgs), ["FBI", "Tampa Field Office"]);
    let (_, orgs) = find_entities(
        "said Assistant Attorney General John C. Cruden for the Department of Justices \
         Environment and Natural Resources Division.",
    );
    assert!(
        names(&orgs).contains(&"Department of Justice"),
        "{:?}",
        names(&orgs)
    );
}

#[test]
fn a_title_after_of_is_part_of_an_organization() {
    let (_, orgs) =
        find_entities("A man was charged with fraud today, the Department of Justice announced.");
    assert_eq!(names(&orgs), ["Department of Justice"]);
}

#[test]
fn a_given_name_or_a_common_word_alone_is_no_person() {
    let (people, _) = find_entities(
        "Kyle said the Outbreak was over. The outbreak began in May, Senator Byrd said.",
    );
    assert!(!names(&people).contains(&"Kyle"), "{:?}", names(&people));
    assert!(
        !names(&people).contains(&"Outbreak"),
        "{:?}",
        names(&people)
    );
}

#[test]
fn spans_never_overlap_and_odd_input_is_fine() {
    for body in [
        "",
        "   ",
        "(",
        "Mr.",
        "THE END",
        "é",
        "He He He",
        "A (B) (C",
        "Senator Li Ming 在 D-在",
        "Jack Reed D-在 said",
    ] {
        let (p, o) = find_entities(body);
        let mut all: Vec<&Mention> = p.iter().chain(&o).flat_map(|e| &e.mentions).collect();
        all.sort_by_key(|m| m.start);
        assert!(all.windows(2).all(|w| w[0].end <= w[1].start), "{body:?}");
    }
}

#[test]
fn a_small_word_or_a_legal_form_alone_is_no_organization() {
    let (_, orgs) = find_entities("And the Senate passed it. Inc. was the word used by Acme Inc.");
    assert!(!names(&orgs).contains(&"And"), "{:?}", names(&orgs));
    assert!(!names(&orgs).contains(&"Inc."), "{:?}", names(&orgs));
}

#[test]
fn a_lone_word_is_a_person_only_with_a_title_or_a_fuller_name() {
    let body = "Residents of Oahu met on Tuesday. Senator Akaka said the plan was sound. \
                Fundraising in Kalispell went on.";
    let (people, _) = find_entities(body);
    assert!(names(&people).contains(&"Akaka"), "{:?}", names(&people));
    assert!(!names(&people).contains(&"Oahu"));
    assert!(!names(&people).contains(&"Kalispell"));
}

#[test]
fn a_person_after_an_organization_and_a_title_is_found() {
    let body = "NEW YORK - United Nations Secretary-General António Guterres opened the forum. \
                Guterres said that connectivity is a right.";
    let (people, orgs) = find_entities(body);
    assert_eq!(names(&people), ["António Guterres"]);
    assert_eq!(texts(body, &people[0]), ["António Guterres", "Guterres"]);
    assert_eq!(names(&orgs), ["United Nations"]);
}

#[test]
fn official_names_keep_their_and_commas_and_titles() {
    let body = "The case was investigated by the Bureau of Alcohol, Tobacco, Firearms and \
                Explosives, the Centers for Disease Control and Prevention and the Department \
                of Health and Human Services Office of Inspector General.";
    let (_, orgs) = find_entities(body);
    let names = names(&orgs);
    for want in [
        "Bureau of Alcohol, Tobacco, Firearms and Explosives",
        "Centers for Disease Control and Prevention",
    ] {
        assert!(names.contains(&want), "{want} not in {names:?}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("Office of Inspector General")),
        "{names:?}"
    );
}

#[test]
fn a_court_takes_its_district_and_a_law_is_no_organization() {
    let body = "The complaint under the False Claims Act was filed in the U.S. District Court \
                for the Eastern District of Virginia on Monday.";
    let (_, orgs) = find_entities(body);
    assert_eq!(
        names(&orgs),
        ["U.S. District Court for the Eastern District of Virginia"]
    );
}

#[test]
fn two_organizations_joined_by_and_are_two_when_one_is_named_alone() {
    let body = "The bill passed the House and Senate on Friday. The Senate vote was 97 to 0.";
    let (_, orgs) = find_entities(body);
    let names = names(&orgs);
    assert!(names.contains(&"Senate"), "{names:?}");
    assert!(!names.contains(&"House and Senate"), "{names:?}");
}

#[test]
fn a_law_and_its_acronym_are_no_organization() {
    let body = "The Foreign Corrupt Practices Act (FCPA) bars bribes. The FCPA unit of the \
                Fraud Section brought the case.";
    let (_, orgs) = find_entities(body);
    let names = names(&orgs);
    assert!(
        !names
            .iter()
            .any(|n| n.contains("FCPA") || n.ends_with("Act")),
        "{names:?}"
    );
}

#[test]
fn a_possessor_that_lost_its_apostrophe_inside_a_span_is_its_own_organization() {
    let body = "The Department of Justice announced the plea. The U.S. Department of Justices \
                Environmental Crimes Section prosecuted the case.";
    let (_, orgs) = find_entities(body);
    let names = names(&orgs);
    assert!(names.contains(&"Environmental Crimes Section"), "{names:?}");
}

#[test]
fn a_wide_gap_is_a_line_break_for_headlines() {
    let body = "Phone 202 224 2321           Thune Votes to Protect Second Amendment Rights";
    let toks = tokenize(body);
    let thune = toks
        .iter()
        .position(|t| &body[t.s..t.e] == "Thune")
        .unwrap();
    assert!(toks[thune].brk && toks[thune].caps_line);
}

#[test]
fn no_person_inside_a_law_or_ending_in_an_organization_word() {
    let body = "The Matthew Shepard and James Byrd Jr. Hate Crimes Prevention Act applies. The \
                Strike Force brought the case with Assistant Attorney General Lanny A. Breuer.";
    let (people, _) = find_entities(body);
    assert_eq!(names(&people), ["Lanny A. Breuer"]);
}

#[test]
fn a_lone_surname_listed_with_a_named_senator_is_a_person() {
    let body = "Senators Daniel Akaka, Byrd and Cantwell wrote to the Secretary today.";
    let (people, _) = find_entities(body);
    let found = names(&people);
    for name in ["Daniel Akaka", "Byrd", "Cantwell"] {
        assert!(found.contains(&name), "{name} missing from {found:?}");
    }
    // A lone word in no list still needs a title or a fuller name.
    let (people, _) = find_entities("Prosecutors said Springfield was chosen. Fraud was found.");
    assert!(names(&people).is_empty(), "{:?}", names(&people));
}

#[test]
fn a_dateline_run_into_the_first_sentence_is_not_part_of_a_name() {
    let body = "WASHINGTON The Department of Justice today filed lawsuits against five people.";
    let (_, orgs) = find_entities(body);
    assert_eq!(names(&orgs), ["Department of Justice"]);
}

#[test]
fn a_lone_surname_after_a_title_is_a_person() {
    let body = "Closing the forum, Mr. Guterres urged governments to act.";
    let (people, _) = find_entities(body);
    assert_eq!(names(&people), ["Guterres"]);
}

#[test]
fn a_surname_ending_in_s_keeps_it_unless_the_release_names_the_stem() {
    let body = "Special Agent in Charge Mike Fields of the HHS-OIG Dallas Regional Office and \
                the FBIs Houston Field Office made the announcement.";
    let (people, _) = find_entities(body);
    assert_eq!(names(&people), ["Mike Fields"]);
    let body = "Attorney General Eric Holder spoke. Holders statement was read.";
    let (people, _) = find_entities(body);
    assert_eq!(names(&people), ["Eric Holder"]);
}
