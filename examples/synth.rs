//! A deterministic generator of synthetic press releases, for benchmarks at any scale.
//!
//! ```sh
//! cargo run --release --example synth -- OUT_DIR 100000 [--seed 42]
//! ```
//!
//! Writes `OUT_DIR/NNNN/release-NNNNNNN.txt` (1,000 files per folder). Each release is plain text
//! the way newsrooms publish it: a headline, a blank line, a dateline with the publication date,
//! then paragraphs with quotes. The same seed and N always give the same bytes.
//!
//! What makes it realistic enough to measure an engine with:
//! - **lengths**: body lengths follow a log-normal law (median about 450 words, long tail to
//!   about 3,000), like real releases;
//! - **vocabulary**: about 250 common English and press words plus a long tail of 40,000
//!   pronounceable made-up words, all drawn with a Zipf law (s = 1.05), so a few words are in
//!   every release and most are rare;
//! - **people and organizations**: 20,000 people (given name + surname, with a title such as
//!   "Secretary" or "Senator") and 3,000 organizations (with acronyms), each drawn with a Zipf
//!   law, so a few officials appear in thousands of releases and most in a handful. A person is
//!   introduced with title and full name and then referred to by surname;
//! - **dates**: uniform over the 20 years 2005–2024, written in several styles.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

/// SplitMix64: tiny, fast and good enough for synthetic text; no dependency.
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
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        // Box–Muller.
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Draws ranks 0..n with probability proportional to 1 / (rank + 1)^s.
struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut cdf = Vec::with_capacity(n);
        let mut total = 0.0;
        for k in 0..n {
            total += 1.0 / ((k + 1) as f64).powf(s);
            cdf.push(total);
        }
        for c in &mut cdf {
            *c /= total;
        }
        Zipf { cdf }
    }
    fn draw(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cdf.partition_point(|&c| c < u).min(self.cdf.len() - 1)
    }
}

const COMMON: &str = "the of and to in a for that is on said with by as at from will be this \
are has was it have an which their its more than new not or also been who our all we would \
other year about after people program state federal department public government funding \
million support said today announced national community health law plan help security report \
service services care new act bill committee senate house office agency court case police \
investigation charges charged sentenced prison years months attorney district judge trial \
former company companies business market energy water school schools students education \
children families workers jobs economic economy development policy policies reform tax budget \
billion percent percentage increase increased local county city region rural urban area areas \
international foreign trade agreement cooperation security defense military veterans troops \
war peace research science technology data digital network networks internet infrastructure \
transportation highway roads bridge project projects grant grants award awarded initiative \
effort efforts important continue continued provide provides provided ensure access work \
working together including include includes first second last next week month day time \
members member leaders leadership chairman president secretary director minister official \
officials statement press release conference meeting meetings visit visited signed sign \
legislation amendment vote voted passed pass approved approve fraud scheme conspiracy \
defendant defendants guilty plea pleaded indictment alleged allegedly victims victim evidence \
environment environmental climate clean air emissions oil gas coal power electricity farm \
farmers agriculture food safety drug drugs medical hospital hospitals insurance medicare \
benefits social retirement housing homes home mortgage loans bank banks financial credit";

const GIVEN: &[&str] = &[
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Margaret",
    "Donald",
    "Sandra",
    "Steven",
    "Ashley",
    "Paul",
    "Kimberly",
    "Andrew",
    "Emily",
    "Joshua",
    "Donna",
    "Kenneth",
    "Michelle",
    "Kevin",
    "Dorothy",
    "Brian",
    "Carol",
    "George",
    "Amanda",
    "Edward",
    "Melissa",
    "Ronald",
    "Deborah",
    "Timothy",
    "Stephanie",
    "Jason",
    "Rebecca",
    "Jeffrey",
    "Sharon",
    "Ryan",
    "Laura",
    "Jacob",
    "Cynthia",
    "Gary",
    "Kathleen",
    "Nicholas",
    "Amy",
    "Eric",
    "Shirley",
    "Jonathan",
    "Angela",
    "Stephen",
    "Helen",
    "Larry",
    "Anna",
    "Justin",
    "Brenda",
    "Scott",
    "Pamela",
    "Brandon",
    "Nicole",
    "Maria",
    "Ahmed",
    "Fatima",
    "Wei",
    "Mei",
    "Hiroshi",
    "Yuki",
    "Carlos",
    "Lucia",
    "Olga",
    "Ivan",
    "Priya",
    "Rahul",
    "Amara",
    "Kwame",
    "Sofia",
    "Mateo",
    "Chloe",
    "Lars",
    "Ingrid",
    "Pierre",
    "Camille",
];

const SURNAMES: &[&str] = &[
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
    "Okafor",
    "Mensah",
    "Tanaka",
    "Suzuki",
    "Kowalski",
    "Novak",
    "Petrov",
    "Ivanova",
    "Haddad",
    "Khan",
    "Patel",
    "Sharma",
    "Chen",
    "Zhang",
    "Wang",
    "Kim",
    "Park",
    "Silva",
    "Santos",
    "Costa",
    "Dubois",
    "Lefevre",
    "Muller",
    "Schmidt",
    "Larsen",
    "Jensen",
    "Rossi",
    "Bianchi",
    "Murphy",
    "Kelly",
    "Byrne",
    "Walsh",
    "Morgan",
    "Reed",
    "Cook",
    "Bell",
    "Murray",
    "Ford",
    "Hughes",
    "Price",
    "Bennett",
    "Wood",
    "Barnes",
    "Ross",
    "Henderson",
    "Coleman",
    "Jenkins",
    "Perry",
    "Powell",
    "Long",
    "Patterson",
    "Fischer",
    "Weber",
    "Becker",
    "Hoffmann",
    "Schulz",
    "Koch",
    "Richter",
    "Klein",
];

const TITLES: &[&str] = &[
    "Secretary",
    "Senator",
    "Attorney General",
    "Director",
    "Governor",
    "Commissioner",
    "Administrator",
    "Chairman",
    "Mayor",
    "Ambassador",
    "Deputy Secretary",
    "Assistant Attorney General",
    "U.S. Attorney",
    "Representative",
];

const ORG_HEADS: &[&str] = &[
    "Department of",
    "Office of",
    "Bureau of",
    "Ministry of",
    "Commission on",
    "Council on",
    "Institute for",
    "Center for",
    "Agency for",
    "Board of",
];

const ORG_TOPICS: &[&str] = &[
    "Energy",
    "Justice",
    "Commerce",
    "Agriculture",
    "Education",
    "Transportation",
    "Labor",
    "Health",
    "Homeland Security",
    "Veterans Affairs",
    "Housing",
    "the Interior",
    "Defense",
    "Trade",
    "Water Resources",
    "Public Safety",
    "Digital Economy",
    "Climate Policy",
    "Financial Stability",
    "Consumer Protection",
    "Maritime Affairs",
    "Rural Development",
    "Science and Technology",
    "Civil Rights",
    "Emergency Management",
    "Workforce Development",
];

const ORG_ADJ: &[&str] = &[
    "National",
    "Federal",
    "American",
    "Global",
    "United",
    "Northern",
    "Pacific",
    "Atlantic",
    "Central",
    "Southern",
    "Western",
    "Eastern",
    "Regional",
    "Metropolitan",
    "Coastal",
];

const ORG_NOUNS: &[&str] = &[
    "Energy",
    "Water",
    "Health",
    "Transit",
    "Trade",
    "Housing",
    "Science",
    "Aviation",
    "Rail",
    "Steel",
    "Grain",
    "Insurance",
    "Credit",
    "Broadband",
    "Port",
    "Forest",
    "Mining",
    "Textile",
];

const ORG_SUFFIXES: &[&str] = &[
    "Agency",
    "Association",
    "Authority",
    "Alliance",
    "Foundation",
    "Corporation",
    "Institute",
    "Council",
    "Commission",
    "Federation",
    "Union",
    "Company",
];

const CITIES: &[&str] = &[
    "WASHINGTON",
    "NEW YORK",
    "CHICAGO",
    "BOSTON",
    "SEATTLE",
    "DENVER",
    "ATLANTA",
    "MIAMI",
    "HOUSTON",
    "GENEVA",
    "BRUSSELS",
    "LONDON",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const SAY: &[&str] = &["said", "stated", "noted", "added", "explained", "announced"];

struct Person {
    title: &'static str,
    given: &'static str,
    surname: String,
}

struct Org {
    name: String,
    acronym: String,
}

struct World {
    words: Vec<String>,
    word_law: Zipf,
    people: Vec<Person>,
    person_law: Zipf,
    orgs: Vec<Org>,
    org_law: Zipf,
}

fn made_up_word(rng: &mut Rng) -> String {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
        "br", "cr", "dr", "fl", "gr", "pl", "pr", "st", "tr", "sh", "ch", "th",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"];
    const CODAS: &[&str] = &["", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "x"];
    let syllables = 2 + rng.below(3);
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(rng.pick(ONSETS));
        w.push_str(rng.pick(VOWELS));
    }
    w.push_str(rng.pick(CODAS));
    w
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl World {
    fn new(rng: &mut Rng) -> World {
        let mut words: Vec<String> = COMMON.split_whitespace().map(str::to_string).collect();
        words.dedup();
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < 40_000 {
            let w = made_up_word(rng);
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let word_law = Zipf::new(words.len(), 1.05);

        let mut people = Vec::new();
        let mut names = std::collections::HashSet::new();
        while people.len() < 20_000 {
            let given = rng.pick(GIVEN);
            // Real surnames for the most frequent people, made-up ones for the long tail.
            let surname = if people.len() < 3_000 {
                rng.pick(SURNAMES).to_string()
            } else {
                capitalize(&made_up_word(rng))
            };
            if names.insert((given, surname.clone())) {
                people.push(Person {
                    title: rng.pick(TITLES),
                    given,
                    surname,
                });
            }
        }
        let person_law = Zipf::new(people.len(), 1.1);

        let mut orgs = Vec::new();
        let mut org_names = std::collections::HashSet::new();
        while orgs.len() < 3_000 {
            let name = match rng.below(3) {
                0 => format!("{} {}", rng.pick(ORG_HEADS), rng.pick(ORG_TOPICS)),
                1 => format!(
                    "{} {} {}",
                    rng.pick(ORG_ADJ),
                    rng.pick(ORG_NOUNS),
                    rng.pick(ORG_SUFFIXES)
                ),
                _ => format!(
                    "{} {} {}",
                    capitalize(&made_up_word(rng)),
                    rng.pick(ORG_NOUNS),
                    rng.pick(ORG_SUFFIXES)
                ),
            };
            if !org_names.insert(name.clone()) {
                continue;
            }
            let acronym: String = name
                .split_whitespace()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .filter_map(|w| w.chars().next())
                .collect();
            orgs.push(Org { name, acronym });
        }
        let org_law = Zipf::new(orgs.len(), 1.1);
        World {
            words,
            word_law,
            people,
            person_law,
            orgs,
            org_law,
        }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[self.word_law.draw(rng)]
    }

    fn sentence(&self, rng: &mut Rng, out: &mut String, words: usize) {
        for i in 0..words {
            let w = self.word(rng);
            if i == 0 {
                out.push_str(&capitalize(w));
            } else {
                out.push(' ');
                out.push_str(w);
            }
            if i + 1 < words && rng.below(12) == 0 {
                out.push(',');
            }
        }
        out.push_str(". ");
    }

    fn release(&self, rng: &mut Rng) -> String {
        let year = 2005 + rng.below(20);
        let month = rng.below(12);
        let day = 1 + rng.below(28);
        let city = rng.pick(CITIES);
        let people: Vec<&Person> = (0..1 + rng.below(4))
            .map(|_| &self.people[self.person_law.draw(rng)])
            .collect();
        let orgs: Vec<&Org> = (0..1 + rng.below(3))
            .map(|_| &self.orgs[self.org_law.draw(rng)])
            .collect();
        // Log-normal body length: median e^6.1 ≈ 450 words.
        let target = (6.1 + 0.6 * rng.normal()).exp().clamp(60.0, 3_000.0) as usize;

        let mut out = String::with_capacity(target * 8);
        // Headline.
        let mut title = format!("{} ", orgs[0].name);
        for _ in 0..4 + rng.below(6) {
            title.push_str(self.word(rng));
            title.push(' ');
        }
        out.push_str(&capitalize(title.trim_end()));
        out.push_str("\n\n");
        // Dateline.
        let date = match rng.below(3) {
            0 => format!("{} {}, {}", MONTHS[month], day, year),
            1 => format!("{} {} {}", day, MONTHS[month], year),
            _ => format!("{year}-{:02}-{day:02}", month + 1),
        };
        let _ = write!(
            out,
            "{city}, {date} – The {} ({}) ",
            orgs[0].name, orgs[0].acronym
        );
        let n = 12 + rng.below(10);
        self.sentence(rng, &mut out, n);
        let mut written = 20;
        let mut introduced = vec![false; people.len()];
        let mut org_introduced = 1;
        while written < target {
            out.push_str("\n\n");
            let sentences = 2 + rng.below(4);
            for _ in 0..sentences {
                let n = 8 + rng.below(18);
                match rng.below(6) {
                    0 => {
                        let i = rng.below(people.len());
                        let p = people[i];
                        out.push('"');
                        self.sentence(rng, &mut out, n);
                        out.pop();
                        let verb = rng.pick(SAY);
                        if introduced[i] {
                            let _ = write!(out, "\" {} {verb}. ", p.surname);
                        } else {
                            introduced[i] = true;
                            let _ =
                                write!(out, "\" {verb} {} {} {}. ", p.title, p.given, p.surname);
                        }
                    }
                    1 => {
                        let o = orgs[rng.below(orgs.len())];
                        if org_introduced < orgs.len() && rng.below(2) == 0 {
                            let o = orgs[org_introduced];
                            org_introduced += 1;
                            let _ = write!(out, "The {} ({}) ", o.name, o.acronym);
                        } else {
                            let _ = write!(out, "The {} ", o.acronym);
                        }
                        self.sentence(rng, &mut out, n);
                    }
                    _ => self.sentence(rng, &mut out, n),
                }
                written += n;
            }
        }
        out.push('\n');
        out
    }
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: synth OUT_DIR N [--seed S]";
    let out: PathBuf = args.next().expect(usage).into();
    let n: usize = args
        .next()
        .and_then(|s| s.replace('_', "").parse().ok())
        .expect(usage);
    let mut seed = 42u64;
    while let Some(a) = args.next() {
        if a == "--seed" {
            seed = args.next().and_then(|s| s.parse().ok()).expect(usage);
        }
    }
    let mut rng = Rng(seed);
    let world = World::new(&mut rng);
    let mut bytes = 0usize;
    for i in 0..n {
        // One generator per release, so release i is the same whatever N is.
        let mut r = Rng(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let text = world.release(&mut r);
        let dir = out.join(format!("{:04}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&dir)?;
        }
        let mut f = std::fs::File::create(dir.join(format!("release-{i:07}.txt")))?;
        f.write_all(text.as_bytes())?;
        bytes += text.len();
    }
    eprintln!(
        "synth: wrote {n} releases ({:.1} MB) to {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
