//! Extraction time on name-dense text: does the time per MB stay flat as files grow?
//!
//! ```sh
//! cargo run --release --example dense_names                      # 0.5, 1, 2 and 4 MB
//! cargo run --release --example dense_names -- --sizes 0.25,8   # other sizes (MB)
//! cargo run --release --example dense_names -- --kind list       # a list of names, one a line
//! cargo run --release --example dense_names -- --write OUT 2     # write OUT/names-2mb.txt only
//! ```
//!
//! The text is a deterministic worst case for the grouping of names: line after line of
//! "Senator First Last said ...", "Last added ...", "Mr. Last ..." with thousands of distinct
//! people drawn from a few dozen given names and surnames (so one surname belongs to many
//! people, and one person is named again and again, in full and by surname alone), a few middle
//! initials and suffixes, and organizations with their acronyms. `--kind list` is a bare list
//! of names instead, one a line: tens of thousands of people with made-up surnames. For each size it prints the
//! time of the tagger alone and of the whole extraction (`pressdex::extract::extract_text`:
//! date, tagger, entity grouping, more mentions, roles), and the whole extraction's seconds per
//! MB: a linear extraction keeps that last column flat.

use std::time::Instant;

/// SplitMix64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Christopher",
    "Lisa",
    "Daniel",
    "Nancy",
    "Matthew",
    "Betty",
    "Anthony",
    "Margaret",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenneth",
    "Carol",
    "Kevin",
    "Amanda",
    "Brian",
    "Melissa",
    "George",
    "Deborah",
    "Timothy",
    "Stephanie",
    "Ronald",
    "Rebecca",
    "Edward",
    "Sharon",
    "Jason",
    "Laura",
    "Jeffrey",
    "Cynthia",
    "Ryan",
    "Kathleen",
];

const LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Holder",
    "Grassley",
    "Feinstein",
    "Leahy",
    "Schumer",
    "Durbin",
    "Cornyn",
    "Whitehouse",
    "Klobuchar",
    "Blumenthal",
];

const TITLES: &[&str] = &[
    "Senator",
    "Sen.",
    "Attorney General",
    "Secretary",
    "Representative",
    "Governor",
    "U.S. Attorney",
    "Judge",
    "Chairman",
    "Director",
];

const ORGS: &[(&str, &str)] = &[
    ("Federal Bureau of Investigation", "FBI"),
    ("Department of Justice", "DOJ"),
    ("Drug Enforcement Administration", "DEA"),
    ("Internal Revenue Service", "IRS"),
    ("Senate Judiciary Committee", "SJC"),
    ("Environmental Protection Agency", "EPA"),
    ("Securities and Exchange Commission", "SEC"),
    ("Department of Homeland Security", "DHS"),
];

const VERBS: &[&str] = &[
    "said",
    "added",
    "announced",
    "stated",
    "noted",
    "warned",
    "explained",
];

const TAILS: &[&str] = &[
    "the bill would help families across the state.",
    "the agreement protects taxpayers and consumers.",
    "the investigation is continuing.",
    "the funding will support local law enforcement.",
    "the committee will hold a hearing next week.",
    "the decision was long overdue.",
];

/// Name-dense text of at least `bytes` bytes: a headline, a dateline, then paragraphs of
/// sentences that name people (thousands of them, sharing given names and surnames).
fn dense_text(bytes: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(bytes + 256);
    out.push_str("Senators Announce Bipartisan Agreement\n\n");
    out.push_str("WASHINGTON, March 3, 2015 - ");
    // The people of the text so far: (first, middle initial, last, suffix).
    let mut people: Vec<(&str, Option<char>, &str, &str)> = Vec::new();
    let mut sentences = 0usize;
    while out.len() < bytes {
        let new_person = people.is_empty() || rng.below(3) == 0;
        let person = if new_person {
            let middle = (rng.below(4) == 0).then(|| (b'A' + rng.below(26) as u8) as char);
            let suffix = if rng.below(20) == 0 { " Jr." } else { "" };
            let p = (rng.pick(FIRST), middle, rng.pick(LAST), suffix);
            people.push(p);
            p
        } else {
            // Mostly someone named recently, sometimes anyone named before.
            let n = people.len();
            let k = if rng.below(4) == 0 {
                rng.below(n)
            } else {
                n - 1 - rng.below(n.min(20))
            };
            people[k]
        };
        let (first, middle, last, suffix) = person;
        let verb = rng.pick(VERBS);
        let tail = rng.pick(TAILS);
        let (org, acronym) = rng.pick(ORGS);
        match if new_person { 0 } else { 1 + rng.below(4) } {
            0 => {
                let title = rng.pick(TITLES);
                match middle {
                    Some(m) => out.push_str(&format!(
                        "{title} {first} {m}. {last}{suffix} {verb} that {tail} "
                    )),
                    None => out.push_str(&format!(
                        "{title} {first} {last}{suffix} {verb} that {tail} "
                    )),
                }
            }
            1 => out.push_str(&format!("{last} {verb} the {org} agrees that {tail} ")),
            2 => out.push_str(&format!("\"We will act,\" {first} {last} {verb}. ")),
            3 => out.push_str(&format!(
                "Mr. {last} {verb} that the {acronym} and {first} {last} agree {tail} "
            )),
            _ => out.push_str(&format!("{} {last} {verb} that {tail} ", rng.pick(TITLES))),
        }
        sentences += 1;
        if sentences.is_multiple_of(6) {
            out.push_str("\n\n");
        }
    }
    out.push('\n');
    out
}

/// A list of names, one a line, the way a hostile or broken file would hold them: tens of
/// thousands of distinct people (made-up surnames shared by many given names), each listed in
/// full, with a title, by surname alone and by given name alone (which thousands share).
fn name_list(bytes: usize, seed: u64) -> String {
    const SYL: &[&str] = &[
        "bar", "ken", "dor", "mal", "ris", "ton", "vel", "sha", "lin", "gor", "tam", "wes", "ber",
        "nik", "ros", "han",
    ];
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(bytes + 64);
    out.push_str("Names\n\n");
    let mut people: Vec<(&str, String)> = Vec::new();
    while out.len() < bytes {
        if people.is_empty() || rng.below(2) == 0 {
            let mut last = String::new();
            for k in 0..2 + rng.below(2) {
                let syl = rng.pick(SYL);
                if k == 0 {
                    last.push_str(&syl[..1].to_uppercase());
                    last.push_str(&syl[1..]);
                } else {
                    last.push_str(syl);
                }
            }
            people.push((rng.pick(FIRST), last));
        }
        let (first, last) = &people[rng.below(people.len())];
        match rng.below(6) {
            0 | 1 => out.push_str(&format!("{first} {last}\n")),
            2 | 3 => out.push_str(&format!("{} {first} {last}\n", rng.pick(TITLES))),
            4 => out.push_str(&format!("{last}\n")),
            // A given name alone: thousands of people share it.
            _ => out.push_str(&format!("{first}\n")),
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut sizes: Vec<f64> = vec![0.5, 1.0, 2.0, 4.0];
    let mut write: Option<(std::path::PathBuf, f64)> = None;
    let mut list = false;
    let text_of = |bytes: usize, list: bool| {
        if list {
            name_list(bytes, 7)
        } else {
            dense_text(bytes, 7)
        }
    };
    let mut k = 0;
    while k < args.len() {
        match args[k].as_str() {
            "--sizes" if k + 1 < args.len() => {
                sizes = args[k + 1]
                    .split(',')
                    .map(|s| {
                        s.trim()
                            .parse()
                            .expect("--sizes: numbers of MB, comma separated")
                    })
                    .collect();
                k += 2;
            }
            "--kind" if k + 1 < args.len() => {
                list = match args[k + 1].as_str() {
                    "prose" => false,
                    "list" => true,
                    other => {
                        eprintln!("dense_names: --kind prose or list, not '{other}'");
                        std::process::exit(2);
                    }
                };
                k += 2;
            }
            "--write" if k + 2 < args.len() => {
                let mb = args[k + 2].parse().expect("--write DIR MB");
                write = Some((args[k + 1].clone().into(), mb));
                k += 3;
            }
            other => {
                eprintln!("dense_names: unknown argument '{other}' (see the file's header)");
                std::process::exit(2);
            }
        }
    }
    if let Some((dir, mb)) = write {
        let text = text_of((mb * 1e6) as usize, list);
        std::fs::create_dir_all(&dir).expect("create the output folder");
        let path = dir.join(format!("names-{mb}mb.txt"));
        std::fs::write(&path, text).expect("write the file");
        println!("{}", path.display());
        return;
    }
    // The model is loaded once, before the clock starts.
    std::hint::black_box(pressdex::extract::tagger::tag_spans(
        "Senator John Smith said.",
    ));
    println!(
        "{:>7} {:>8} {:>7} {:>7} {:>10} {:>10} {:>8}",
        "MB", "people", "orgs", "tag s", "extract s", "s per MB", "MB/s"
    );
    for mb in sizes {
        let text = text_of((mb * 1e6) as usize, list);
        let real_mb = text.len() as f64 / 1e6;
        let t = Instant::now();
        let spans = pressdex::extract::tagger::tag_spans(&text);
        let tag = t.elapsed().as_secs_f64();
        std::hint::black_box(spans);
        let t = Instant::now();
        let found = pressdex::extract::extract_text(&text);
        let all = t.elapsed().as_secs_f64();
        println!(
            "{:>7.2} {:>8} {:>7} {:>7.2} {:>10.2} {:>10.2} {:>8.2}",
            real_mb,
            found.people.len(),
            found.orgs.len(),
            tag,
            all,
            all / real_mb,
            real_mb / all
        );
    }
}
