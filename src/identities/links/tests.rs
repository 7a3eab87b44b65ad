//! The linking rules, each on a small corpus of names.

use super::names::{given_names, is_surname_written_first};
use super::*;

#[test]
fn surnames_resolve_when_unique() {
    let ids = links(
        Kind::Person,
        &[
            "António Guterres",
            "Guterres",
            "Zhao Houlin",
            "Zhao Lijian",
            "Zhao",
            "He Xuming",
        ],
        &|_| 1,
    );
    assert_eq!(ids.root("Guterres"), "António Guterres");
    assert_eq!(ids.root("Zhao"), "Zhao");
    assert_eq!(ids.ambiguous["Zhao"], vec!["Zhao Houlin", "Zhao Lijian"]);
    assert_eq!(ids.root("He Xuming"), "He Xuming");
}

#[test]
fn a_person_links_to_the_fuller_form_of_the_same_name() {
    let ids = links(
        Kind::Person,
        &[
            "Eric H. Holder, Jr.",
            "Eric H. Holder Jr.",
            "Eric Holder",
            "Holder",
            "Lanny A. Breuer",
            "Lanny Breuer",
            "Barack Obama",
            "Barack Obama Academy",
            "Tim Johnson",
            "Barbara Johnson",
            "Johnson",
        ],
        &|_| 1,
    );
    assert_eq!(ids.root("Eric Holder"), "Eric H. Holder Jr.");
    assert_eq!(ids.root("Holder"), "Eric H. Holder Jr.");
    assert_eq!(ids.root("Eric H. Holder, Jr."), "Eric H. Holder Jr.");
    assert_eq!(ids.root("Lanny Breuer"), "Lanny A. Breuer");
    assert_eq!(ids.root("Barack Obama"), "Barack Obama");
    assert_eq!(ids.root("Tim Johnson"), "Tim Johnson");
    assert_eq!(ids.root("Barbara Johnson"), "Barbara Johnson");
    assert_eq!(ids.ambiguous["Johnson"], ["Barbara Johnson", "Tim Johnson"]);
    let ids = links(
        Kind::Person,
        &[
            "Richard J. Durbin",
            "Dick Durbin",
            "Dick Smith",
            "Richard Roe",
        ],
        &|_| 1,
    );
    assert_eq!(ids.root("Dick Durbin"), "Richard J. Durbin");
    assert_eq!(ids.root("Dick Smith"), "Dick Smith");
}

fn fits(short: &str, long: &str) -> bool {
    person_fits(&schema::name_tokens(short), &schema::name_tokens(long))
}

#[test]
fn a_shorter_name_fits_when_its_middle_words_line_up() {
    for (short, long) in [
        ("Lanny Breuer", "Lanny A. Breuer"),
        ("Eric Holder", "Eric H. Holder Jr."),
        ("Holder", "Eric H. Holder Jr."),
        ("Eric H. Holder", "Eric H. Holder Jr."),
        ("Eric H. Holder Jr.", "Eric H. Holder, Jr."),
        ("Dick Durbin", "Richard J. Durbin"),
        ("George Bush", "George H W Bush"),
        ("George H. Bush", "George H. W. Bush"),
        ("George W Bush", "George Walker Bush"),
        ("George Walker Bush", "George W. Bush"),
        ("Lanny A. Breuer", "Lanny Arthur Breuer"),
    ] {
        assert!(fits(short, long), "{short} -> {long}");
    }
}

#[test]
fn a_middle_word_out_of_line_is_another_person() {
    for (short, long) in [
        // An initial put in the wrong place: the son is not the father.
        ("George W Bush", "George H W Bush"),
        ("George W. Bush", "George H. W. Bush"),
        ("George Walker Bush", "George H W Bush"),
        ("Lanny B. Breuer", "Lanny A. Breuer"),
        ("Lanny Alan Breuer", "Lanny Arthur Breuer"),
        // A fuller form never fits a shorter one, nor another first name or surname.
        ("Lanny A. Breuer", "Lanny Breuer"),
        ("Eric H. Holder Jr.", "Eric Holder"),
        ("Eric Holder", "Erica Holder"),
        ("Dick Durbin", "Robert J. Durbin"),
        ("Tim Johnson", "Barbara Johnson"),
        ("Barack Obama", "Barack Obama Academy"),
        // Two different suffixes are two people.
        ("Jesse Jackson Jr.", "Jesse L. Jackson Sr."),
    ] {
        assert!(!fits(short, long), "{short} -> {long}");
    }
}

#[test]
fn a_middle_initial_in_the_wrong_place_links_no_one() {
    let weight = |n: &str| match n {
        "George H W Bush" => 50,
        "George W Bush" => 40,
        _ => 1,
    };
    let ids = links(
        Kind::Person,
        &[
            "George H W Bush",
            "George H. W. Bush",
            "George W Bush",
            "George W. Bush",
            "George Bush",
            "Lanny A. Breuer",
            "Lanny Breuer",
            "Eric H. Holder Jr.",
            "Eric Holder",
            "Holder",
        ],
        &weight,
    );
    assert_eq!(ids.root("George W Bush"), "George W Bush");
    assert_eq!(ids.root("George W. Bush"), "George W Bush");
    assert_eq!(ids.root("George H. W. Bush"), "George H W Bush");
    assert_eq!(ids.root("George Bush"), "George Bush");
    assert_eq!(
        ids.ambiguous["George Bush"],
        ["George H W Bush", "George W Bush"]
    );
    assert_eq!(ids.root("Lanny Breuer"), "Lanny A. Breuer");
    assert_eq!(ids.root("Eric Holder"), "Eric H. Holder Jr.");
    assert_eq!(ids.root("Holder"), "Eric H. Holder Jr.");
}

#[test]
fn a_lone_given_name_links_to_no_one() {
    let weight = |n: &str| usize::from(n.contains(' ')) * 500 + 1;
    let ids = links(
        Kind::Person,
        &[
            "Loretta E. Lynch",
            "Loretta",
            "Lamont Pugh",
            "Lamont",
            "Ignacia S. Moreno",
            "Ignacia",
            "Zhao Houlin",
            "Zhao",
            "Park Geun-hye",
            "Park",
        ],
        &weight,
    );
    for name in ["Loretta", "Lamont", "Ignacia"] {
        assert_eq!(ids.root(name), name);
        assert!(!ids.ambiguous.contains_key(name), "{name}");
    }
    // A surname written first still stands for the one name it opens.
    assert_eq!(ids.root("Zhao"), "Zhao Houlin");
    assert_eq!(ids.root("Park"), "Park Geun-hye");
    assert!(given_names().contains("loretta"));
    assert!(!is_surname_written_first("lee"));
}

#[test]
fn the_words_of_a_name_are_the_analyzers() {
    let long = "x".repeat(70);
    for name in [
        "Eric H. Holder, Jr.",
        "Eric H. Holder Jr",
        "Jr.",
        "Jr. Jr.",
        "Holder",
        "HOLDER III",
        "António Guterres",
        "Ignacia S. Moreno",
        "O'Brien",
        "Mary-Kate Smith-Jones",
        "Park Geun-hye",
        "Smith 2nd",
        "",
        "--",
        &format!("{long} Smith"),
        &format!("Smith {long}"),
        &format!("Smith {long} Jr."),
    ] {
        assert_eq!(name_words(name), schema::name_tokens(name), "{name}");
    }
}

#[test]
fn a_short_name_goes_to_the_candidate_named_far_more_often() {
    let weight = |n: &str| match n {
        "Eric H. Holder Jr." => 600,
        "Tim Johnson" => 30,
        "Barbara Johnson" => 20,
        _ => 1,
    };
    let ids = links(
        Kind::Person,
        &[
            "Eric H. Holder Jr.",
            "Holder Ben",
            "Holder",
            "Tim Johnson",
            "Barbara Johnson",
            "Johnson",
        ],
        &weight,
    );
    assert_eq!(ids.root("Holder"), "Eric H. Holder Jr.");
    assert_eq!(ids.root("Johnson"), "Johnson");
}

#[test]
fn an_organization_written_several_ways_is_one() {
    let weight = |n: &str| usize::from(n == "Justice Department") * 10 + 1;
    let ids = links(
        Kind::Org,
        &[
            "Department of Justice",
            "Justice Department",
            "U.S. Department of Justice",
            "Department of Labor",
        ],
        &weight,
    );
    assert_eq!(ids.root("Department of Justice"), "Justice Department");
    assert_eq!(ids.root("U.S. Department of Justice"), "Justice Department");
    assert_eq!(ids.root("Department of Labor"), "Department of Labor");
    let ids = links(
        Kind::Org,
        &[
            "FBI",
            "Federal Bureau of Investigation",
            "FBI Safe Streets Task Force",
            "FBI Washington Field Office",
        ],
        &|_| 1,
    );
    assert_eq!(ids.root("FBI"), "Federal Bureau of Investigation");
}

#[test]
fn an_organization_goes_to_a_fuller_name_only_when_that_is_written_as_often() {
    let names = [
        "Federal Aviation Administration",
        "United States Department of Transportation Federal Aviation Administration",
        "Finance Committee",
        "Senate Finance Committee",
        "Senate Finance Committee Chairman",
        "House Finance Committee",
    ];
    let weight = |n: &str| match n {
        "Federal Aviation Administration" => 200,
        "United States Department of Transportation Federal Aviation Administration" => 20,
        "Finance Committee" => 90,
        "Senate Finance Committee" => 350,
        "Senate Finance Committee Chairman" => 3,
        "House Finance Committee" => 100,
        _ => 1,
    };
    let ids = links(Kind::Org, &names, &weight);
    // A fusion written in a tenth of the releases does not swallow the agency.
    assert_eq!(
        ids.root("Federal Aviation Administration"),
        "Federal Aviation Administration"
    );
    // The committee named three times as often as the other one is the one meant; a rare
    // longer form is not a candidate at all.
    assert_eq!(ids.root("Finance Committee"), "Senate Finance Committee");
    assert_eq!(
        ids.root("Senate Finance Committee"),
        "Senate Finance Committee"
    );
    let even = |n: &str| {
        if n == "House Finance Committee" {
            300
        } else {
            weight(n)
        }
    };
    let ids = links(Kind::Org, &names, &even);
    assert_eq!(ids.root("Finance Committee"), "Finance Committee");
    assert_eq!(
        ids.ambiguous["Finance Committee"],
        ["House Finance Committee", "Senate Finance Committee"]
    );
}

#[test]
fn names_the_same_with_their_acronyms_written_out_are_one() {
    let names = [
        "Internal Revenue Service",
        "IRS",
        "IRS-Criminal Investigation",
        "Internal Revenue Service-Criminal Investigation",
        "IRS Criminal Division",
        "FBI-Criminal Investigation",
    ];
    let weight = |n: &str| match n {
        "Internal Revenue Service" => 1800,
        "IRS-Criminal Investigation" => 800,
        "Internal Revenue Service-Criminal Investigation" => 350,
        _ => 10,
    };
    let ids = links(Kind::Org, &names, &weight);
    assert_eq!(ids.root("IRS"), "Internal Revenue Service");
    assert_eq!(
        ids.root("Internal Revenue Service-Criminal Investigation"),
        "IRS-Criminal Investigation"
    );
    // Another unit of the same agency, and the same unit of another agency, stay apart.
    assert_eq!(ids.root("IRS Criminal Division"), "IRS Criminal Division");
    assert_eq!(
        ids.root("FBI-Criminal Investigation"),
        "FBI-Criminal Investigation"
    );
}

#[test]
fn an_acronym_goes_to_the_name_releases_wrote_it_for() {
    let names = [
        "FEMA",
        "Federal Emergency Management Agency",
        "VA",
        "Department of Veterans Affairs",
        "GAO",
        "Government Accountability Office",
        "General Accounting Office",
    ];
    let mut written = Written::new();
    written.insert(
        "FEMA".into(),
        vec![("Federal Emergency Management Agency".into(), 5)],
    );
    // Two releases say it, three times as many as any other name: linked.
    written.insert(
        "VA".into(),
        vec![
            ("Department of Veterans Affairs".into(), 6),
            ("Veterans Administration".into(), 2),
        ],
    );
    // Releases disagree: not linked (nor by initials: two organizations spell it).
    written.insert(
        "GAO".into(),
        vec![
            ("Government Accountability Office".into(), 4),
            ("General Accounting Office".into(), 3),
        ],
    );
    let ids = links_with(Kind::Org, &names, &|_| 1, &written);
    assert_eq!(ids.root("FEMA"), "Federal Emergency Management Agency");
    assert_eq!(ids.root("VA"), "Department of Veterans Affairs");
    assert_eq!(ids.root("GAO"), "GAO");
    // One release is not enough.
    written.insert(
        "FEMA".into(),
        vec![("Federal Emergency Management Agency".into(), 1)],
    );
    let ids = links_with(Kind::Org, &names[2..], &|_| 1, &written);
    assert_eq!(ids.root("FEMA"), "FEMA");
}

#[test]
fn acronyms_resolve_to_the_one_org_they_spell() {
    let ids = links(
        Kind::Org,
        &[
            "International Telecommunication Union",
            "ITU",
            "World Health Organization",
            "WHO",
            "World Hunger Office",
        ],
        &|_| 1,
    );
    assert_eq!(ids.root("ITU"), "International Telecommunication Union");
    assert_eq!(ids.root("WHO"), "WHO");
    assert_eq!(ids.ambiguous["WHO"].len(), 2);
}

#[test]
fn a_unit_written_by_its_initials_after_the_parent_is_one() {
    let names = [
        "Internal Revenue Service",
        "IRS",
        "IRS-Criminal Investigation",
        "IRS-CI",
        "IRS-CD",
    ];
    let weight = |n: &str| match n {
        "Internal Revenue Service" => 1800,
        "IRS-Criminal Investigation" => 800,
        "IRS-CI" => 120,
        _ => 10,
    };
    let ids = links(Kind::Org, &names, &weight);
    assert_eq!(ids.root("IRS-CI"), "IRS-Criminal Investigation");
    // Initials of no unit the corpus writes: apart.
    assert_eq!(ids.root("IRS-CD"), "IRS-CD");
}

#[test]
fn a_name_many_bodies_are_written_under_names_a_kind_of_body() {
    let names = [
        "U.S. District Court",
        "U.S. District Court for the District of Columbia",
        "U.S. District Court for the Eastern District of Michigan",
        "U.S. District Court for the Southern District of Florida",
        "U.S. District Court for the District of Maryland",
        "U.S. District Courts",
        "Criminal Division",
        "Justice Department Criminal Division",
        "DOJ Criminal Division",
        "IRS Criminal Division",
        "FBI Criminal Division",
        "U.S. Army",
        "U.S. Army Corps of Engineers",
        "U.S. Army Criminal Investigation Command",
        "U.S. Army Medical Command",
        "U.S. Army Reserve Command",
    ];
    let weight = |n: &str| match n {
        "U.S. District Court" => 900,
        "Criminal Division" => 3000,
        "U.S. Army" => 180,
        n if n.starts_with("U.S. District Court for") => 250,
        n if n.starts_with("U.S. Army ") => 100,
        _ => 20,
    };
    let ids = links(Kind::Org, &names, &weight);
    assert!(ids.generic.contains("U.S. District Court"));
    assert!(
        ids.generic.contains("U.S. District Courts"),
        "the plural too"
    );
    // Written far more often alone than under fuller names: one body.
    assert!(!ids.generic.contains("Criminal Division"));
    // Its units are parts of it, not bodies of its kind.
    assert!(!ids.generic.contains("U.S. Army"));
    assert!(ids.generic.len() == 2, "{:?}", ids.generic);
}

#[test]
fn a_name_stands_for_no_unit_of_its_own() {
    let names = [
        "Health and Human Services",
        "Department of Health and Human Services",
        "Department of Health and Human Services Office of Inspector General",
        "Office of Inspector General",
        "HHS",
        "HHS-OIG",
    ];
    let weight = |n: &str| match n {
        "Department of Health and Human Services Office of Inspector General" => 600,
        "Department of Health and Human Services" => 270,
        "HHS-OIG" => 400,
        _ => 100,
    };
    let ids = links(Kind::Org, &names, &weight);
    assert_eq!(
        ids.root("Health and Human Services"),
        "Department of Health and Human Services"
    );
    // The acronym is what spells it, not the names that hold it.
    assert_eq!(ids.root("HHS"), "Department of Health and Human Services");
}

#[test]
fn a_unit_under_its_parents_acronym_is_the_unit() {
    let names = [
        "Homeland Security Investigations",
        "ICE Homeland Security Investigations",
        "ICE",
        "House Judiciary Committee",
        "Judiciary Committee",
        "Senate Judiciary Committee",
        "House",
    ];
    let weight = |n: &str| match n {
        "Homeland Security Investigations" => 420,
        "ICE Homeland Security Investigations" => 78,
        "Senate Judiciary Committee" => 650,
        "Judiciary Committee" => 300,
        _ => 50,
    };
    let ids = links(Kind::Org, &names, &weight);
    assert_eq!(
        ids.root("ICE Homeland Security Investigations"),
        "Homeland Security Investigations"
    );
    // "House" is no acronym, and the short committee name is the Senate's.
    assert_eq!(
        ids.root("House Judiciary Committee"),
        "House Judiciary Committee"
    );
}

#[test]
fn a_committee_is_one_under_its_short_names() {
    let weight = |n: &str| match n {
        "Senate Energy and Natural Resources Committee" => 250,
        "Senate Energy Committee" => 130,
        "Senate Intelligence Committee" => 110,
        "Senate Select Committee on Intelligence" => 160,
        "Senate Health, Education, Labor and Pensions Committee" => 60,
        "HELP Committee" => 78,
        "House Energy and Commerce Committee" => 90,
        _ => 1,
    };
    let ids = links(
        Kind::Org,
        &[
            "Senate Energy and Natural Resources Committee",
            "Senate Energy Committee",
            "Senate Intelligence Committee",
            "Senate Select Committee on Intelligence",
            "Senate Health, Education, Labor and Pensions Committee",
            "HELP Committee",
            "House Energy and Commerce Committee",
            "House Energy Committee",
            "Senate Commerce Committee",
        ],
        &weight,
    );
    assert_eq!(
        ids.root("Senate Energy Committee"),
        "Senate Energy and Natural Resources Committee"
    );
    assert_eq!(
        ids.root("Senate Intelligence Committee"),
        "Senate Select Committee on Intelligence"
    );
    // Under the name written in more releases.
    assert_eq!(
        ids.root("Senate Health, Education, Labor and Pensions Committee"),
        "HELP Committee"
    );
    // Another chamber's committee, and a committee no full name gives, stay apart.
    assert_eq!(
        ids.root("House Energy Committee"),
        "House Energy and Commerce Committee"
    );
    assert_eq!(
        ids.root("Senate Commerce Committee"),
        "Senate Commerce Committee"
    );
}

#[test]
fn a_head_word_links_to_its_department_unless_that_name_is_a_one_off() {
    let names = [
        "Army",
        "Department of the Army",
        "Homeland Security Investigations",
        "U.S. Department of Homeland Security Investigations",
    ];
    let weight = |n: &str| match n {
        "Army" => 200,
        "Department of the Army" => 40,
        "Homeland Security Investigations" => 400,
        _ => 1,
    };
    let ids = links(Kind::Org, &names, &weight);
    assert_eq!(ids.root("Army"), "Department of the Army");
    assert_eq!(
        ids.root("Homeland Security Investigations"),
        "Homeland Security Investigations"
    );
}

#[test]
fn a_unit_under_several_parents_is_as_many_bodies() {
    let names = [
        "Justice Department",
        "DOJ",
        "FBI",
        "IRS",
        "National Security Division",
        "DOJ National Security Division",
        "FBI National Security Division",
        "New York Field Office",
        "FBI New York Field Office",
        "IRS New York Field Office",
        "Houston Field Office",
        "FBI Houston Field Office",
        "IRS Houston Field Office",
    ];
    let weight = |n: &str| match n {
        "Justice Department" => 900,
        "DOJ" | "FBI" | "IRS" => 300,
        "National Security Division" => 500,
        "FBI National Security Division" => 12,
        "New York Field Office" => 200,
        "FBI New York Field Office" => 30,
        "Houston Field Office" => 80,
        _ => 3,
    };
    let written: Written = [(
        "DOJ".to_string(),
        vec![("Justice Department".to_string(), 5)],
    )]
    .into_iter()
    .collect();
    let ids = links_with(Kind::Org, &names, &weight, &written);
    // The corpus's own organization's unit is the bare name, another parent's is not.
    let nsd = "National Security Division";
    assert_eq!(ids.root("DOJ National Security Division"), nsd);
    assert_eq!(
        ids.root("FBI National Security Division"),
        "FBI National Security Division"
    );
    // Else the parent written far more often than any other.
    assert_eq!(
        ids.root("FBI New York Field Office"),
        "New York Field Office"
    );
    assert_eq!(
        ids.root("IRS New York Field Office"),
        "IRS New York Field Office"
    );
    assert_eq!(
        ids.root("FBI Houston Field Office"),
        "FBI Houston Field Office"
    );
    assert_eq!(
        ids.root("IRS Houston Field Office"),
        "IRS Houston Field Office"
    );
}
