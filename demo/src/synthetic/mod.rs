//! Deterministic synthetic data for `sapat demo --scale school|district|national [--seed N]`:
//! schools over the real districts with five academic years (2017-2018 … 2021-2022) of classes,
//! mark summaries, class outcomes, ORT takers, olympiad counts, staff, training, enrolment,
//! infrastructure and textbook provision, calibrated to DOMAIN.md.
//!
//! **Calibration sources** (DOMAIN.md section in brackets):
//! - knowledge quality 40–50% is "normal" and seed 003 reports 34–42% school-wide [§1.3]; subject
//!   level quality here averages ≈ 45% with a school effect of ≈ 8 pp (sd) and a school trend of
//!   ≈ 1.5 pp/year (sd); success (no 2, not н/а) ≈ 94%;
//! - ORT main score: national mean ≈ 127 and ≈ 67% ≥ 110 (2024–2025), Bishkek best, Batken and
//!   Chüy weakest [§2.3, §2.5]; thresholds 110 (grant, subject 60) and 105 (contract, subject 50);
//! - school sizes: ≈ 2,400 schools, ≈ 1.5M pupils, rural 100–300 up to urban 2,000–3,000+,
//!   national utilisation ≈ 158% of design capacity, Bishkek overcrowded [§5.3, §6];
//! - language of instruction: ≈ 60% Kyrgyz, 11% Russian, 1% Uzbek, ≈ 28% bilingual [§5.3];
//! - pupil–teacher ratio ≈ 18, ≈ 75% of teachers with higher education, ≈ 10% trained a year,
//!   ≈ 27 pupils per computer (2018), textbook provision 70–95% [§5.3, §6, §10];
//! - about 69k grade-11 against 115k grade-9 pupils, so ≈ 40% leave after grade 9 [§5.3].
//!
//! **Assumptions** (nothing official gives these):
//! - Schools per district: the data files hold no per-district counts, so a district's share
//!   of the ≈ 2,400 schools follows its kind only: a rayon weighs 1.0 (≈ 50 schools), a Bishkek
//!   city district 0.9 (Lenin district has 36 state schools plus private ones), Osh city 1.4 and
//!   a city of oblast significance 0.22 (≈ 11). The district scale gives Özgön 60 schools.
//! - Marks come from a latent-ability model: each pupil has an ability that stays with them
//!   from year to year; quarter marks cut ability + school + class + subject + noise at fixed
//!   thresholds; half-year and annual marks are the rounded mean of the quarters (ties go the
//!   way of the latest quarter); н/а comes from missed quarters, exemptions from physical
//!   education. Class outcomes are computed from the same pupils, so they agree with the
//!   mark summaries by construction.
//! - Grade sizes follow cohorts (a grade-5 class of 2018 is the grade-4 class of 2017), with
//!   newer cohorts ≈ 3% larger and 62%/60% of a cohort staying for grades 10/11.
//! - ORT takers are ≈ 80% of grade 11, stronger pupils more likely; a score ≥ 240 is counted as
//!   a gold certificate (the real rule, the national top 50, needs all schools at once).
//!
//! **Determinism.** A tiny SplitMix64 generator is keyed by (seed, purpose, school code, year,
//! cohort, pupil, …), so every value depends only on the seed and on what it describes, never on
//! generation order or the database. Normal deviates are sums of uniforms and no libm function
//! (exp, ln, cos) is used, so the rows are bit-identical on every platform and on both
//! databases. Because a school's data are keyed by its code, the school scale is a subset of the
//! district scale, and Özgön's first schools are identical at every scale.
//!
//! **Writing.** Schools are written in one transaction, then each academic year in its own
//! transaction (a crash loses at most one year, and the rerun resumes idempotently). Rows are
//! built per chunk of schools and written through [`bulk::upsert`] in batches of at most
//! ≈ 50,000 rows, so the national scale (≈ 4–5M mark summaries a year) streams in bounded
//! memory. A rerun with the same seed reports every row unchanged; a rerun with another seed
//! overwrites the same schools and deletes the classes, ORT takers, languages and programmes
//! the new seed does not produce.

use crate::fixture;
use domain::bulk::{self, Counts, Target};
use domain::{Db, Error, Result, school, year};
use sea_orm::{ConnectionTrait, Statement, TransactionTrait, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

// ------------------------------------------------------------------------------------------
// Public API

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// Three schools in Özgön district, next to the fixture school.
    School,
    /// All schools of Özgön district (60).
    District,
    /// ≈ 2,400 schools over all 59 districts (≈ 4–5M mark summaries per year).
    National,
}

impl Scale {
    /// Every scale, smallest first.
    pub const ALL: [Scale; 3] = [Scale::School, Scale::District, Scale::National];

    /// The name `FromStr` accepts.
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::School => "school",
            Scale::District => "district",
            Scale::National => "national",
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scale name that is not `school`, `district` or `national`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseScaleError(String);

impl fmt::Display for ParseScaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown scale `{}`: expected school, district or national",
            self.0
        )
    }
}

impl std::error::Error for ParseScaleError {}

impl FromStr for Scale {
    type Err = ParseScaleError;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Scale::ALL
            .into_iter()
            .find(|scale| scale.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ParseScaleError(s.to_owned()))
    }
}

/// The seed used when the caller gives none.
pub const DEFAULT_SEED: u64 = 1;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub scale: Scale,
    /// Same seed, same rows, on any database and platform.
    pub seed: u64,
    /// The configured ORT main-test maximum; scores are clipped to 0..=it.
    pub ort_main_max: i32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            scale: Scale::School,
            seed: DEFAULT_SEED,
            ort_main_max: 245,
        }
    }
}

/// A progress report: `done` of `total` units of the current stage.
///
/// Stages in order: `fixture` (the real school and reference data, 0/1 then 1/1), `schools`
/// (schools written) and `results` (school-years written, over all years, with `year` set to
/// the academic year being written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: &'static str,
    pub year: Option<i32>,
    pub done: u64,
    pub total: u64,
}

/// Rows generated per table (each written once, whether inserted, updated or unchanged), and
/// what the upserts did with them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Synthetic schools (the fixture school is not counted).
    pub schools: u64,
    pub school_languages: u64,
    pub class_groups: u64,
    pub mark_summaries: u64,
    pub class_outcomes: u64,
    pub ort_results: u64,
    pub ort_thresholds: u64,
    pub olympiad_count_reports: u64,
    pub staff_snapshots: u64,
    pub teacher_trainings: u64,
    pub enrolment_snapshots: u64,
    pub enrolment_grades: u64,
    pub infrastructure_snapshots: u64,
    pub textbook_provisions: u64,
    /// Inserted, updated and unchanged rows over all tables. A rerun with the same seed
    /// inserts and updates nothing.
    pub changes: Counts,
    /// Rows deleted because the seed changed (classes, ORT takers, languages, programmes).
    pub deleted: u64,
}

impl Summary {
    /// All rows generated.
    pub fn rows(&self) -> u64 {
        self.schools
            + self.school_languages
            + self.class_groups
            + self.mark_summaries
            + self.class_outcomes
            + self.ort_results
            + self.ort_thresholds
            + self.olympiad_count_reports
            + self.staff_snapshots
            + self.teacher_trainings
            + self.enrolment_snapshots
            + self.enrolment_grades
            + self.infrastructure_snapshots
            + self.textbook_provisions
    }

    fn tally(&mut self, table: &str, rows: u64) {
        let field = match table {
            "school" => &mut self.schools,
            "school_language" => &mut self.school_languages,
            "class_group" => &mut self.class_groups,
            "mark_summary" => &mut self.mark_summaries,
            "class_outcome" => &mut self.class_outcomes,
            "ort_result" => &mut self.ort_results,
            "ort_threshold" => &mut self.ort_thresholds,
            "olympiad_count_report" => &mut self.olympiad_count_reports,
            "staff_snapshot" => &mut self.staff_snapshots,
            "teacher_training" => &mut self.teacher_trainings,
            "enrolment_snapshot" => &mut self.enrolment_snapshots,
            "enrolment_grade" => &mut self.enrolment_grades,
            "infrastructure_snapshot" => &mut self.infrastructure_snapshots,
            "textbook_provision" => &mut self.textbook_provisions,
            other => unreachable!("no summary field for {other}"),
        };
        *field += rows;
    }
}

/// The academic years generated (start years), the same five the fixture school covers.
pub const YEARS: std::ops::RangeInclusive<i32> = fixture::FIXTURE_YEARS;

/// The district the school and district scales fill: Özgön, the seeds' own district.
pub const HOME_DISTRICT: &str = "KG-O-UZG";

/// Loads the fixture school and reference data, then generates and writes the synthetic
/// schools and their five years of data. See the module documentation for what and how.
pub async fn generate(
    db: &Db,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary> {
    if !(1..=1000).contains(&options.ort_main_max) {
        return Err(Error::Invalid {
            field: "ort_main_max".into(),
            message: format!("{} is outside 1..=1000", options.ort_main_max),
        });
    }
    progress(Progress {
        stage: "fixture",
        year: None,
        done: 0,
        total: 1,
    });
    fixture::load(db, options.ort_main_max).await?;
    progress(Progress {
        stage: "fixture",
        year: None,
        done: 1,
        total: 1,
    });

    let districts = load_districts(db).await?;
    let subjects = load_subjects(db).await?;
    let taken = Taken::load(db, &districts).await?;
    let mut plans = plan_schools(options.seed, options.scale, &districts, &taken)?;
    let mut summary = Summary::default();
    write_schools(db, &mut plans, &mut summary, progress).await?;

    let ctx = Ctx {
        seed: options.seed,
        ort_main_max: options.ort_main_max,
    };
    let total = plans.len() as u64 * YEARS.count() as u64;
    let mut done = 0;
    for y in YEARS {
        let txn = db.begin().await?;
        year::ensure(&txn, y).await?;
        let mut periods = [0; 7];
        for (id, (kind, idx)) in periods.iter_mut().zip(PERIODS) {
            *id = year::period_id(&txn, y, kind, idx).await?;
        }
        let refs = Refs {
            year: y,
            periods,
            subjects: &subjects,
        };
        write_year(&txn, &ctx, &refs, &plans, &mut summary, &mut |n| {
            done += n;
            progress(Progress {
                stage: "results",
                year: Some(y),
                done,
                total,
            });
        })
        .await?;
        txn.commit().await?;
    }
    Ok(summary)
}

// ------------------------------------------------------------------------------------------
// Randomness

/// SplitMix64 (Steele, Lea & Flood 2014). Chosen because a stream can be keyed by any tuple
/// of integers: each school, year, class and pupil draws from its own stream, so no value
/// depends on what was generated before it.
#[derive(Debug, Clone)]
struct Rng(u64);

const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
const SQRT_3: f64 = 1.732_050_807_568_877_2;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, to turn codes into stream keys (stable across Rust versions, unlike `Hash`).
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// Stream purposes, so two streams with the same other keys never coincide.
mod purpose {
    pub const SCHOOL: u64 = 1;
    pub const COHORT: u64 = 2;
    pub const GRADE_YEAR: u64 = 3;
    pub const LETTER: u64 = 4;
    pub const PUPIL: u64 = 5;
    pub const PUPIL_YEAR: u64 = 6;
    pub const AFFINITY: u64 = 7;
    pub const SCHOOL_YEAR: u64 = 8;
    pub const CLASS: u64 = 9;
    pub const ORT: u64 = 10;
    pub const OLYMPIAD: u64 = 11;
    pub const STAFF: u64 = 12;
    pub const STAFF_YEAR: u64 = 13;
    pub const INFRA: u64 = 14;
    pub const TEXTBOOK: u64 = 15;
    pub const ENROLMENT: u64 = 16;
}

impl Rng {
    fn keyed(keys: &[u64]) -> Rng {
        let state = keys.iter().fold(0x5EED_5A9A_7000_0001_u64, |s, k| {
            mix(s.wrapping_add(GAMMA) ^ k)
        });
        Rng(state)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        mix(self.0)
    }

    /// Uniform in [0, 1), 53 bits.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Uniform integer in lo..=hi.
    fn int_between(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next_u64() % u64::from((hi - lo + 1) as u32)) as i32
    }

    fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A standard normal deviate, approximated by the sum of four uniforms (Irwin–Hall):
    /// plain arithmetic, so bit-identical everywhere; tails end at ±3.46 sd, which marks and
    /// scores do not miss.
    fn normal(&mut self) -> f64 {
        let sum = self.uniform() + self.uniform() + self.uniform() + self.uniform();
        (sum - 2.0) * SQRT_3
    }

    fn binomial(&mut self, n: i32, p: f64) -> i32 {
        (0..n.max(0)).filter(|_| self.chance(p)).count() as i32
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next_u64() % items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut u = self.uniform() * total;
        for (item, w) in items {
            if u < *w {
                return *item;
            }
            u -= w;
        }
        items[items.len() - 1].0
    }
}

// ------------------------------------------------------------------------------------------
// Calibration constants (latent units: the marks' latent scale has sd ≈ 1.1 within a school)

/// Pupil ability dominates: teachers mark the pupil more than the subject, which is what lets
/// all-subject quality (seed 003: 34–42%) stay close to subject quality (≈ 45%).
const ABILITY_SD: f64 = 1.35;
/// A pupil's lasting strength or weakness in one subject.
const AFFINITY_SD: f64 = 0.2;
/// A pupil's good or bad year.
const FORM_SD: f64 = 0.15;
/// Quarter-to-quarter noise.
const QUARTER_SD: f64 = 0.2;
/// A class's (teacher's) effect in one year.
const CLASS_SD: f64 = 0.12;
/// School effect: ≈ 8 pp of quality (sd) around the mean.
const SCHOOL_SD: f64 = 0.28;
/// School trend per year: ≈ 1.5 pp of quality (sd).
const TREND_SD: f64 = 0.05;
/// A school's ups and downs around its trend.
const SCHOOL_YEAR_SD: f64 = 0.04;
/// Mark cut points on the latent scale: at or above `MARK_5` a 5, and so on; below `MARK_3` a 2.
const MARK_5: f64 = 1.25;
const MARK_4: f64 = 0.4;
const MARK_3: f64 = -2.05;
/// Share of pupils who miss most of a year (half their quarters are н/а).
const ABSENTEE_SHARE: f64 = 0.01;
/// Chance that any other pupil is not attested in one subject for one quarter.
const MISSED_QUARTER: f64 = 0.003;
/// Share of pupils exempt from physical education (medical group).
const PE_EXEMPT_SHARE: f64 = 0.04;

/// ORT: score = base + region + school + per-latent × school mean + ability + noise.
const ORT_BASE: f64 = 124.5;
const ORT_PER_LATENT: f64 = 35.0;
const ORT_SCHOOL_SD: f64 = 8.0;
const ORT_ABILITY: f64 = 26.0;
const ORT_NOISE_SD: f64 = 25.0;
const ORT_TAKE_RATE: f64 = 0.8;
const ORT_GOLD: i32 = 240;

/// Class letters, in the order schools use them.
const LETTERS: [&str; 16] = [
    "А", "Б", "В", "Г", "Д", "Е", "Ж", "З", "И", "К", "Л", "М", "Н", "О", "П", "Р",
];

/// Share of a cohort still enrolled in grades 1..=11: slow attrition, then ≈ 40% leave
/// after grade 9 (69k grade-11 vs 115k grade-9 pupils).
const RETENTION: [f64; 11] = [
    1.0, 0.995, 0.99, 0.985, 0.98, 0.975, 0.97, 0.965, 0.96, 0.62, 0.60,
];

/// The seven periods, in the order marks are tallied: Q1–Q4, H1, H2, year.
const PERIODS: [(&str, i32); 7] = [
    (year::QUARTER, 1),
    (year::QUARTER, 2),
    (year::QUARTER, 3),
    (year::QUARTER, 4),
    (year::HALF_YEAR, 1),
    (year::HALF_YEAR, 2),
    (year::YEAR, 1),
];
const ANNUAL: usize = 6;

// ------------------------------------------------------------------------------------------
// Names

/// People schools are commonly named after: Kyrgyz name, Russian genitive for "им. …".
const NAMESAKES: [(&str, &str); 14] = [
    ("Чыңгыз Айтматов", "Ч. Айтматова"),
    ("Токтогул Сатылганов", "Т. Сатылганова"),
    ("Алыкул Осмонов", "А. Осмонова"),
    ("Түгөлбай Сыдыкбеков", "Т. Сыдыкбекова"),
    ("Сүйүнбай Эралиев", "С. Эралиева"),
    ("Курманжан Датка", "Курманжан Датки"),
    ("Жусуп Баласагын", "Ж. Баласагына"),
    ("Касым Тыныстанов", "К. Тыныстанова"),
    ("Барпы Алыкулов", "Б. Алыкулова"),
    ("Аалы Токомбаев", "А. Токомбаева"),
    ("Жоомарт Бөкөнбаев", "Дж. Бокенбаева"),
    ("Мукай Элебаев", "М. Элебаева"),
    ("Тоголок Молдо", "Тоголока Молдо"),
    ("Жеңижок", "Женижока"),
];

/// Village names (Kyrgyz, Russian), typical of the south and the north.
const VILLAGES: [(&str, &str); 20] = [
    ("Көк-Жар", "Кок-Жар"),
    ("Жаңы-Арык", "Жаны-Арык"),
    ("Төрт-Көл", "Торт-Куль"),
    ("Үч-Терек", "Уч-Терек"),
    ("Кең-Сай", "Кен-Сай"),
    ("Ак-Төбө", "Ак-Тюбе"),
    ("Сары-Булак", "Сары-Булак"),
    ("Кызыл-Суу", "Кызыл-Суу"),
    ("Бешик-Жон", "Бешик-Джон"),
    ("Өрүктү", "Орукту"),
    ("Күңгөй", "Кунгей"),
    ("Кара-Дөбө", "Кара-Дёбё"),
    ("Жылуу-Булак", "Джылуу-Булак"),
    ("Мырза-Аке", "Мырза-Аке"),
    ("Көл-Үстү", "Кол-Усту"),
    ("Ой-Тал", "Ой-Тал"),
    ("Талдуу-Булак", "Талды-Булак"),
    ("Чоң-Таш", "Чон-Таш"),
    ("Жаңы-Жол", "Джаны-Джол"),
    ("Ак-Терек", "Ак-Терек"),
];

/// Names private schools give themselves.
const PRIVATE_NAMES: [(&str, &str); 8] = [
    ("Билим", "Билим"),
    ("Илим", "Илим"),
    ("Өркүндөө", "Оркундоо"),
    ("Мээрим", "Мээрим"),
    ("Нур", "Нур"),
    ("Айчүрөк", "Айчурек"),
    ("Үмүт", "Умут"),
    ("Ала-Тоо", "Ала-Тоо"),
];

/// Training programmes besides the yearly qualification course: (ky, ru, provider, hours).
/// The first five are seed 003's table F.
const PROGRAMMES: [(&str, &str, &str, i32); 8] = [
    (
        "Сынчыл ойлом",
        "Критическое мышление",
        "ngo_international",
        36,
    ),
    (
        "Инклюзивдүү билим берүү",
        "Инклюзивное образование",
        "kae",
        24,
    ),
    (
        "Кадам артынан кадам",
        "Шаг за шагом",
        "ngo_international",
        36,
    ),
    ("Бирге окуйбуз", "Читаем вместе", "ngo_international", 18),
    ("Окуу керемет", "Чтение — чудо", "ngo_international", 18),
    (
        "Санариптик сабаттуулук",
        "Цифровая грамотность",
        "university",
        24,
    ),
    ("Формативдик баалоо", "Формативное оценивание", "kae", 16),
    (
        "Мектеп ичиндеги педагогикалык семинар",
        "Внутришкольный педагогический семинар",
        "school",
        8,
    ),
];

// ------------------------------------------------------------------------------------------
// Districts and school plans

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    Rural,
    /// A town: a city of oblast significance or a rayon centre.
    Town,
    /// Bishkek and Osh.
    Capital,
}

#[derive(Debug, Clone)]
struct District {
    id: i32,
    code: String,
    kind: String,
    region: String,
    name_ky: String,
}

impl District {
    fn setting(&self) -> Setting {
        match self.kind.as_str() {
            "rayon" => Setting::Rural,
            "city_district" => Setting::Capital,
            _ if self.region == "KG-GO" => Setting::Capital,
            _ => Setting::Town,
        }
    }

    /// Relative number of schools (see the module documentation).
    fn weight(&self) -> f64 {
        match (self.kind.as_str(), self.setting()) {
            ("rayon", _) => 1.0,
            ("city_district", _) => 0.9,
            (_, Setting::Capital) => 1.4,
            _ => 0.22,
        }
    }

    /// Zonal rounds are intra-district clusters of rural schools (seed 003), so only rayons
    /// hold them.
    fn holds_zonal_round(&self) -> bool {
        self.kind == "rayon"
    }
}

/// ORT points by region (DOMAIN.md §2.5: share of schools with a mean below 110).
fn region_ort_effect(region: &str) -> f64 {
    match region {
        "KG-GB" => 12.0,
        "KG-GO" => 6.0,
        "KG-T" => 4.0,
        "KG-Y" | "KG-N" => 1.0,
        "KG-O" => -3.0,
        "KG-J" => -4.0,
        "KG-C" => -5.0,
        "KG-B" => -7.0,
        _ => 0.0,
    }
}

/// Languages of instruction by region, main language first.
fn language_mix(region: &str) -> &'static [(&'static [&'static str], f64)] {
    match region {
        "KG-GB" => &[(&["ru"], 0.45), (&["ky", "ru"], 0.35), (&["ky"], 0.20)],
        "KG-C" => &[(&["ru"], 0.25), (&["ky", "ru"], 0.35), (&["ky"], 0.40)],
        "KG-GO" => &[
            (&["ky"], 0.30),
            (&["ky", "ru"], 0.25),
            (&["ru"], 0.20),
            (&["uz"], 0.12),
            (&["ky", "uz"], 0.13),
        ],
        "KG-O" | "KG-J" => &[
            (&["ky"], 0.68),
            (&["ky", "ru"], 0.18),
            (&["uz"], 0.06),
            (&["ky", "uz"], 0.06),
            (&["ru"], 0.02),
        ],
        "KG-B" => &[
            (&["ky"], 0.72),
            (&["ky", "ru"], 0.16),
            (&["uz"], 0.04),
            (&["ky", "tj"], 0.03),
            (&["ru"], 0.05),
        ],
        _ => &[(&["ky"], 0.78), (&["ky", "ru"], 0.17), (&["ru"], 0.05)],
    }
}

/// Typical enrolment: a mixture of uniform bands (share, low, high), rural schools mostly
/// 300–750, capital schools up to 3,000.
fn draw_enrolment(r: &mut Rng, setting: Setting) -> f64 {
    let bands: &[((f64, f64), f64)] = match setting {
        Setting::Rural => &[
            ((100.0, 300.0), 0.25),
            ((300.0, 750.0), 0.60),
            ((750.0, 1200.0), 0.13),
            ((1200.0, 1800.0), 0.02),
        ],
        Setting::Town => &[
            ((250.0, 600.0), 0.30),
            ((600.0, 1200.0), 0.50),
            ((1200.0, 2000.0), 0.20),
        ],
        Setting::Capital => &[
            ((150.0, 500.0), 0.20),
            ((500.0, 1300.0), 0.35),
            ((1300.0, 3000.0), 0.45),
        ],
    };
    let (lo, hi) = r.weighted(bands);
    r.between(lo, hi)
}

/// Everything about a school that does not change from year to year.
#[derive(Debug, Clone)]
struct SchoolPlan {
    /// Set once the school is written.
    id: i32,
    /// Stream key: the hash of the code.
    key: u64,
    code: String,
    number: i32,
    district_id: i32,
    region: String,
    setting: Setting,
    zonal: bool,
    name_ky: String,
    name_ru: String,
    settlement: String,
    ownership: &'static str,
    school_type: &'static str,
    founded_year: i32,
    design_capacity: i32,
    /// Main language first.
    languages: &'static [&'static str],
    /// Typical enrolment (the cohort model scales it per year).
    enrolment: f64,
    /// School effect on the latent mark scale.
    effect: f64,
    /// Latent change per year.
    trend: f64,
    /// ORT points beyond what the school's marks explain.
    ort_effect: f64,
}

impl SchoolPlan {
    fn new(seed: u64, district: &District, number: i32) -> SchoolPlan {
        let code = school_code(&district.code, number);
        let key = fnv(&code);
        let mut r = Rng::keyed(&[seed, purpose::SCHOOL, key]);
        let setting = match district.setting() {
            // Schools in the rayon centre are town schools.
            Setting::Rural if r.chance(0.08) => Setting::Town,
            s => s,
        };
        let private = r.chance(match setting {
            Setting::Rural => 0.02,
            Setting::Town => 0.08,
            Setting::Capital => 0.25,
        });
        // 1,040 state vs 1,099 municipal schools (2019).
        let ownership = match (private, r.chance(0.49)) {
            (true, _) => "private",
            (false, true) => "state",
            (false, false) => "municipal",
        };
        let types: &[(&str, f64)] = match setting {
            Setting::Rural => &[
                ("general", 0.93),
                ("complex", 0.04),
                ("gymnasium", 0.02),
                ("lyceum", 0.01),
            ],
            Setting::Town => &[
                ("general", 0.80),
                ("gymnasium", 0.12),
                ("lyceum", 0.05),
                ("specialised", 0.02),
                ("complex", 0.01),
            ],
            Setting::Capital => &[
                ("general", 0.70),
                ("gymnasium", 0.17),
                ("lyceum", 0.09),
                ("specialised", 0.04),
            ],
        };
        let school_type = r.weighted(types);
        let languages = r.weighted(language_mix(&district.region));
        let mut enrolment = draw_enrolment(&mut r, setting);
        if private {
            enrolment = (enrolment * 0.35).max(100.0);
        }
        // National utilisation ≈ 158%; private schools are not overcrowded.
        let utilisation = match (private, setting) {
            (true, _) => r.between(0.7, 1.2),
            (false, Setting::Rural) => r.between(0.95, 2.1),
            (false, Setting::Town) => r.between(1.2, 2.2),
            (false, Setting::Capital) => r.between(1.6, 3.0),
        };
        let design_capacity = (((enrolment / utilisation) / 5.0).round() as i32 * 5).max(40);
        let (first, last) = if private {
            (1995, 2016)
        } else {
            r.weighted(&[
                ((1930, 1960), 0.30),
                ((1961, 1990), 0.45),
                ((1991, 2016), 0.25),
            ])
        };
        let founded_year = r.int_between(first, last);
        let bonus = match school_type {
            "gymnasium" | "lyceum" => 0.15,
            "specialised" => 0.1,
            _ => 0.0,
        } + if private { 0.1 } else { 0.0 }
            + if setting == Setting::Capital {
                0.05
            } else {
                0.0
            };
        let effect = SCHOOL_SD * r.normal() + bonus;
        let trend = TREND_SD * r.normal();
        let ort_effect = ORT_SCHOOL_SD * r.normal();

        let village = r.pick(&VILLAGES);
        let settlement = match district.kind.as_str() {
            "rayon" => format!("{} айылы", village.0),
            "city_district" => format!("Бишкек шаары, {}", district.name_ky),
            _ => district.name_ky.clone(),
        };
        let n = number;
        let (name_ky, name_ru) = if private {
            let (ky, ru) = r.pick(&PRIVATE_NAMES);
            (
                format!("\"{ky}\" №{n} жеке мектеби"),
                format!("Частная школа №{n} «{ru}»"),
            )
        } else {
            match school_type {
                "gymnasium" => (
                    format!("№{n} гимназия-мектеби"),
                    format!("Школа-гимназия №{n}"),
                ),
                "lyceum" => (format!("№{n} лицей"), format!("Лицей №{n}")),
                "specialised" => (
                    format!("№{n} адистештирилген мектеби"),
                    format!("Специализированная школа №{n}"),
                ),
                "complex" => (
                    format!("№{n} мектеп-бала бакча комплекси"),
                    format!("Учебный комплекс «школа — детский сад» №{n}"),
                ),
                _ => {
                    let (person_ky, person_ru) = r.pick(&NAMESAKES);
                    let by_village = district.kind == "rayon" && r.chance(0.4);
                    if by_village {
                        (
                            format!("\"{}\" №{n} орто мектеби", village.0),
                            format!("Средняя школа №{n} «{}»", village.1),
                        )
                    } else if r.chance(0.5) {
                        (
                            format!("{person_ky} атындагы №{n} орто мектеби"),
                            format!("Средняя школа №{n} им. {person_ru}"),
                        )
                    } else {
                        (format!("№{n} орто мектеби"), format!("Средняя школа №{n}"))
                    }
                }
            }
        };
        SchoolPlan {
            id: 0,
            key,
            code,
            number,
            district_id: district.id,
            region: district.region.clone(),
            setting,
            zonal: district.holds_zonal_round(),
            name_ky,
            name_ru,
            settlement,
            ownership,
            school_type,
            founded_year,
            design_capacity,
            languages,
            enrolment,
            effect,
            trend,
            ort_effect,
        }
    }
}

fn school_code(district_code: &str, number: i32) -> String {
    format!("{district_code}-{number:03}")
}

/// Schools already in the database that are not ours: their numbers and codes are skipped.
/// Ours are the schools whose code is `<district>-<number>` (other than the fixture school):
/// a rerun must find and update them, not skip past them.
#[derive(Debug, Default)]
struct Taken {
    numbers: HashSet<(i32, i32)>,
    codes: HashSet<String>,
}

impl Taken {
    async fn load(db: &impl ConnectionTrait, districts: &[District]) -> Result<Taken> {
        let codes: HashMap<i32, &str> = districts.iter().map(|d| (d.id, d.code.as_str())).collect();
        let rows = query(db, "SELECT code, district_id, number FROM school").await?;
        let mut taken = Taken::default();
        for row in rows {
            let code: String = row.try_get("", "code")?;
            let district_id: i32 = row.try_get("", "district_id")?;
            let number: Option<i32> = row.try_get("", "number")?;
            let ours = match (codes.get(&district_id), number) {
                (Some(d), Some(n)) => {
                    code == school_code(d, n) && code != fixture::FIXTURE_SCHOOL_CODE
                }
                _ => false,
            };
            if !ours {
                if let Some(n) = number {
                    taken.numbers.insert((district_id, n));
                }
                taken.codes.insert(code);
            }
        }
        Ok(taken)
    }
}

/// How many schools each district gets at a scale (districts in code order).
fn school_counts(scale: Scale, districts: &[District]) -> Vec<(usize, usize)> {
    const NATIONAL_SCHOOLS: f64 = 2400.0;
    let home = districts.iter().position(|d| d.code == HOME_DISTRICT);
    match scale {
        Scale::School => home.map(|i| vec![(i, 3)]).unwrap_or_default(),
        Scale::District => home.map(|i| vec![(i, 60)]).unwrap_or_default(),
        Scale::National => {
            let total: f64 = districts.iter().map(District::weight).sum();
            districts
                .iter()
                .enumerate()
                .map(|(i, d)| (i, (NATIONAL_SCHOOLS * d.weight() / total).round() as usize))
                .collect()
        }
    }
}

fn plan_schools(
    seed: u64,
    scale: Scale,
    districts: &[District],
    taken: &Taken,
) -> Result<Vec<SchoolPlan>> {
    if !districts.iter().any(|d| d.code == HOME_DISTRICT) {
        return Err(Error::NotFound {
            what: "district",
            key: HOME_DISTRICT.into(),
        });
    }
    let mut plans = Vec::new();
    for (i, count) in school_counts(scale, districts) {
        let district = &districts[i];
        let mut number = 0;
        let mut planned = 0;
        while planned < count {
            number += 1;
            if number > 999 {
                return Err(Error::Invalid {
                    field: "scale".into(),
                    message: format!("no free 3-digit school number left in {}", district.code),
                });
            }
            if taken.numbers.contains(&(district.id, number))
                || taken.codes.contains(&school_code(&district.code, number))
            {
                continue;
            }
            plans.push(SchoolPlan::new(seed, district, number));
            planned += 1;
        }
    }
    Ok(plans)
}

// ------------------------------------------------------------------------------------------
// One school-year

#[derive(Debug, Clone, Copy)]
struct Ctx {
    seed: u64,
    ort_main_max: i32,
}

/// One class: pupils `first_pupil..first_pupil + pupils` of the cohort that entered grade 1
/// in `entry`.
#[derive(Debug, Clone, Copy)]
struct ClassYear {
    grade: i32,
    letter: usize,
    language: &'static str,
    entry: i32,
    first_pupil: u32,
    pupils: i32,
}

/// A class × subject row: counts [n5, n4, n3, n2, n_na, n_exempt] for each of the 7 periods.
#[derive(Debug, Clone)]
struct MarkRow {
    class: usize,
    subject: &'static str,
    periods: [[i32; 6]; 7],
}

#[derive(Debug, Clone)]
struct OrtTaker {
    student_ref: String,
    language: &'static str,
    score: i32,
    gold: bool,
}

#[derive(Debug, Clone, Copy, Default)]
struct Enrolment {
    enrolment: i32,
    shifts: i32,
    class_sets: i32,
    first_grade_intake: i32,
    left_mid_year: i32,
    leavers_after_grade9: i32,
}

#[derive(Debug, Clone, Copy, Default)]
struct Staff {
    teachers: i32,
    higher_ed: i32,
    award: i32,
    young: i32,
    mentors: i32,
    trained_this_year: i32,
    trained_last_5y: i32,
    over_rate: i32,
    vacancies: i32,
    ict_pct: f64,
    board_pct: f64,
}

#[derive(Debug, Clone)]
struct Training {
    name_ky: &'static str,
    name_ru: &'static str,
    provider: &'static str,
    hours: i32,
    participants: i32,
}

/// Infrastructure in the column order of [`INFRASTRUCTURE`] (after school and year): eleven
/// counts, the sports hall and ground with their areas in m², then ten more counts.
#[derive(Debug, Clone, Copy, Default)]
struct Infra {
    counts: [i32; 11],
    sport_halls: i32,
    sport_hall_area: f64,
    sport_grounds: i32,
    sport_ground_area: f64,
    tail: [i32; 10],
}

#[derive(Debug, Clone, Copy, Default)]
struct Textbooks {
    required: i32,
    available: i32,
    pct: f64,
}

/// Everything one school reports for one academic year.
#[derive(Debug, Clone, Default)]
struct YearData {
    classes: Vec<ClassYear>,
    marks: Vec<MarkRow>,
    /// Per class (index into `classes`): [n_all_5, n_4_5, n_with_3, n_with_2, n_na, n_exempt].
    outcomes: Vec<(usize, [i32; 6])>,
    grade_sizes: [i32; 11],
    enrolment: Enrolment,
    ort: Vec<OrtTaker>,
    olympiad: Vec<(&'static str, Option<i32>)>,
    staff: Staff,
    trainings: Vec<Training>,
    infra: Infra,
    textbooks: Textbooks,
}

/// Pupils in one grade in one year, from the cohort model.
fn grade_size(seed: u64, plan: &SchoolPlan, year: i32, grade: i32) -> i32 {
    let entry = year - grade + 1;
    let cohort = Rng::keyed(&[seed, purpose::COHORT, plan.key, entry as u64]).normal();
    let noise = Rng::keyed(&[
        seed,
        purpose::GRADE_YEAR,
        plan.key,
        year as u64,
        grade as u64,
    ])
    .normal();
    let retention_sum: f64 = RETENTION.iter().sum();
    // Enrolment grows ≈ 3% a cohort (1.27M pupils in 2019, 1.5M in 2023); 2014 is the mean
    // entry year of the pupils of 2019.
    let growth = 1.0 + 0.03 * f64::from(entry - 2014);
    let size = plan.enrolment / retention_sum
        * RETENTION[(grade - 1) as usize]
        * growth
        * (1.0 + 0.08 * cohort)
        * (1.0 + 0.03 * noise);
    // 16 letters of at most 40 pupils.
    (size.round() as i32).clamp(3, 640)
}

/// The latent school mean in one year: effect, trend and a year-to-year wobble.
fn school_mean(seed: u64, plan: &SchoolPlan, year: i32) -> f64 {
    let wobble = Rng::keyed(&[seed, purpose::SCHOOL_YEAR, plan.key, year as u64]).normal();
    plan.effect + plan.trend * f64::from(year - 2019) + SCHOOL_YEAR_SD * wobble
}

fn pupil_ability(seed: u64, plan: &SchoolPlan, entry: i32, pupil: u32) -> f64 {
    Rng::keyed(&[
        seed,
        purpose::PUPIL,
        plan.key,
        entry as u64,
        u64::from(pupil),
    ])
    .normal()
}

/// The classes of one grade: as many letters as the class-size norm needs (30 rural, 36
/// urban), pupils shared evenly. A letter keeps its language as its cohort moves up.
fn grade_classes(seed: u64, plan: &SchoolPlan, year: i32, grade: i32) -> Vec<ClassYear> {
    let size = grade_size(seed, plan, year, grade);
    let cap = if plan.setting == Setting::Rural {
        30
    } else {
        36
    };
    let letters = (((size + cap - 1) / cap) as usize).clamp(1, LETTERS.len());
    let entry = year - grade + 1;
    let mut first = 0u32;
    (0..letters)
        .map(|letter| {
            let pupils = size / letters as i32 + i32::from(letter < size as usize % letters);
            let mut r = Rng::keyed(&[seed, purpose::LETTER, plan.key, entry as u64, letter as u64]);
            let second = plan.languages.get(1).copied();
            let language = match second {
                Some(other) if letter > 0 && r.chance(0.5) => other,
                Some(other) if letters == 1 && r.chance(0.25) => other,
                _ => plan.languages[0],
            };
            let class = ClassYear {
                grade,
                letter,
                language,
                entry,
                first_pupil: first,
                pupils,
            };
            first += pupils as u32;
            class
        })
        .collect()
}

/// The subjects marked in a grade (8–12 of the `subject` table), by language of instruction:
/// the native language and literature, the second language (Russian in Kyrgyz classes,
/// Kyrgyz elsewhere), then the rest of the basic curriculum.
fn curriculum(grade: i32, language: &str) -> Vec<&'static str> {
    let (native, literature) = match language {
        "ru" => ("russian_language", "russian_literature"),
        "uz" => ("uzbek_language", "uzbek_literature"),
        "tj" => ("tajik_language", "tajik_literature"),
        _ => ("kyrgyz_language", "kyrgyz_literature"),
    };
    let second = if language == "ky" {
        "russian_language"
    } else {
        "kyrgyz_language"
    };
    let rest: &[&str] = match grade {
        ..=4 => &[
            "literary_reading",
            "mathematics",
            "homeland_studies",
            "english",
            "music",
            "fine_arts",
            "technology",
            "physical_education",
        ],
        5 => &[
            LITERATURE,
            "english",
            "mathematics",
            "history_of_kyrgyzstan",
            "nature_studies",
            "ethics_adep",
            "fine_arts",
            "music",
            "technology",
            "physical_education",
        ],
        6 => &[
            LITERATURE,
            "english",
            "mathematics",
            "history_of_kyrgyzstan",
            "geography",
            "biology",
            "technology",
            "music",
            "fine_arts",
            "physical_education",
        ],
        7 => &[
            LITERATURE,
            "english",
            "algebra",
            "geometry",
            "history_of_kyrgyzstan",
            "geography",
            "biology",
            "physics",
            "informatics",
            "physical_education",
        ],
        8 | 9 => &[
            LITERATURE,
            "english",
            "algebra",
            "geometry",
            "history_of_kyrgyzstan",
            "biology",
            "physics",
            "chemistry",
            "informatics",
            "physical_education",
        ],
        _ => &[
            LITERATURE,
            "english",
            "algebra",
            "geometry",
            "physics",
            "chemistry",
            "biology",
            "history_of_kyrgyzstan",
            "man_and_society",
            "physical_education",
        ],
    };
    let mut subjects = vec![native, second];
    subjects.extend(
        rest.iter()
            .map(|s| if *s == LITERATURE { literature } else { *s }),
    );
    subjects
}

/// Stands for "the literature of the class's language" in the curriculum tables.
const LITERATURE: &str = "@literature";

/// Every subject code [`curriculum`] can return.
fn curriculum_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    for language in ["ky", "ru", "uz", "tj"] {
        for grade in 2..=11 {
            for code in curriculum(grade, language) {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
    }
    codes
}

/// How much easier (positive) or harder a subject is marked, in latent units: sciences and
/// foreign languages harder, physical education and the arts much easier.
fn subject_offset(code: &str) -> f64 {
    match code {
        "mathematics" | "algebra" | "geometry" | "physics" | "chemistry" => -0.2,
        "english" => -0.15,
        "kyrgyz_language" | "russian_language" | "uzbek_language" | "tajik_language" => -0.05,
        "physical_education" => 0.8,
        "music" | "fine_arts" => 0.7,
        "technology" | "ethics_adep" => 0.5,
        "history_of_kyrgyzstan"
        | "geography"
        | "biology"
        | "homeland_studies"
        | "nature_studies"
        | "informatics"
        | "man_and_society" => 0.1,
        _ => 0.05,
    }
}

/// Primary grades are marked more generously; those who stay for grades 10–11 are the
/// stronger part of their cohort.
fn grade_offset(grade: i32) -> f64 {
    match grade {
        ..=4 => 0.3,
        5..=9 => -0.05,
        _ => 0.15,
    }
}

const NA: u8 = 0;

fn mark(latent: f64) -> u8 {
    if latent >= MARK_5 {
        5
    } else if latent >= MARK_4 {
        4
    } else if latent >= MARK_3 {
        3
    } else {
        2
    }
}

/// A half-year or annual mark from quarter marks in time order: н/а when more than half are
/// н/а, else the mean rounded to the nearest mark, a tie going the way of the latest quarter.
fn combine(quarters: &[u8]) -> u8 {
    let given: Vec<u8> = quarters.iter().copied().filter(|m| *m != NA).collect();
    if given.len() * 2 < quarters.len() || given.is_empty() {
        return NA;
    }
    let sum: u32 = given.iter().map(|m| u32::from(*m)).sum();
    let k = given.len() as u32;
    let floor = (sum / k) as u8;
    let twice_rest = 2 * (sum % k);
    let latest = given[given.len() - 1];
    if twice_rest > k || (twice_rest == k && latest > floor) {
        floor + 1
    } else {
        floor
    }
}

/// Index of a mark in a counts array [n5, n4, n3, n2, n_na, n_exempt].
fn slot(mark: u8) -> usize {
    match mark {
        5 => 0,
        4 => 1,
        3 => 2,
        2 => 3,
        _ => 4,
    }
}
const EXEMPT: usize = 5;

/// Marks of one class for all subjects and periods, and its all-subject annual outcome.
fn class_marks(
    seed: u64,
    plan: &SchoolPlan,
    year: i32,
    mean: f64,
    (index, class): (usize, &ClassYear),
    out: &mut YearData,
) {
    let subjects = curriculum(class.grade, class.language);
    let class_effect = Rng::keyed(&[
        seed,
        purpose::CLASS,
        plan.key,
        year as u64,
        class.grade as u64,
        class.letter as u64,
    ])
    .normal();
    let class_mean = mean + CLASS_SD * class_effect + grade_offset(class.grade);
    let keys: Vec<(u64, f64)> = subjects
        .iter()
        .map(|s| (fnv(s), subject_offset(s)))
        .collect();
    let mut rows: Vec<MarkRow> = subjects
        .iter()
        .map(|subject| MarkRow {
            class: index,
            subject,
            periods: [[0; 6]; 7],
        })
        .collect();
    let mut outcome = [0; 6];
    for pupil in class.first_pupil..class.first_pupil + class.pupils as u32 {
        let ability = pupil_ability(seed, plan, class.entry, pupil);
        let mut r = Rng::keyed(&[
            seed,
            purpose::PUPIL_YEAR,
            plan.key,
            year as u64,
            class.entry as u64,
            u64::from(pupil),
        ]);
        let form = FORM_SD * r.normal();
        let absentee = r.chance(ABSENTEE_SHARE);
        let pe_exempt = r.chance(PE_EXEMPT_SHARE);
        let mut worst = 5;
        let mut not_attested = false;
        for (row, (hash, offset)) in rows.iter_mut().zip(&keys) {
            if pe_exempt && row.subject == "physical_education" {
                for period in &mut row.periods {
                    period[EXEMPT] += 1;
                }
                continue;
            }
            let affinity = Rng::keyed(&[
                seed,
                purpose::AFFINITY,
                plan.key,
                class.entry as u64,
                u64::from(pupil),
                *hash,
            ])
            .normal();
            let base = class_mean + ABILITY_SD * ability + AFFINITY_SD * affinity + form + offset;
            let mut q = [NA; 4];
            for m in &mut q {
                let missed = r.chance(if absentee { 0.5 } else { MISSED_QUARTER });
                let latent = base + QUARTER_SD * r.normal();
                if !missed {
                    *m = mark(latent);
                }
            }
            let marks = [
                q[0],
                q[1],
                q[2],
                q[3],
                combine(&q[..2]),
                combine(&q[2..]),
                combine(&q),
            ];
            for (period, m) in row.periods.iter_mut().zip(marks) {
                period[slot(m)] += 1;
            }
            match marks[ANNUAL] {
                NA => not_attested = true,
                m => worst = worst.min(m),
            }
        }
        let category = match (not_attested, worst) {
            (true, _) => 4,
            (false, 5) => 0,
            (false, 4) => 1,
            (false, 3) => 2,
            _ => 3,
        };
        outcome[category] += 1;
    }
    out.marks.extend(rows);
    out.outcomes.push((index, outcome));
}

/// ORT takers of the grade-11 classes: stronger pupils are likelier to sit the test.
fn ort_takers(
    ctx: &Ctx,
    plan: &SchoolPlan,
    year: i32,
    mean: f64,
    classes: &[ClassYear],
) -> Vec<OrtTaker> {
    let school_mean =
        ORT_BASE + region_ort_effect(&plan.region) + plan.ort_effect + ORT_PER_LATENT * mean;
    let gold = ORT_GOLD.min(ctx.ort_main_max);
    let mut takers = Vec::new();
    for class in classes.iter().filter(|c| c.grade == 11) {
        for pupil in class.first_pupil..class.first_pupil + class.pupils as u32 {
            let ability = pupil_ability(ctx.seed, plan, class.entry, pupil);
            let mut r = Rng::keyed(&[
                ctx.seed,
                purpose::ORT,
                plan.key,
                year as u64,
                u64::from(pupil),
            ]);
            let take = (ORT_TAKE_RATE + 0.08 * ability).clamp(0.4, 0.97);
            let noise = r.normal();
            if !r.chance(take) {
                continue;
            }
            let score = (school_mean + ORT_ABILITY * ability + ORT_NOISE_SD * noise).round() as i32;
            let score = score.clamp(0, ctx.ort_main_max);
            takers.push(OrtTaker {
                student_ref: format!("G{:03}-{year}-{:03}", plan.number, takers.len() + 1),
                // There is no Tajik ORT; Tajik-medium pupils sit it in Russian.
                language: if class.language == "tj" {
                    "ru"
                } else {
                    class.language
                },
                score,
                gold: score >= gold,
            });
        }
    }
    takers
}

/// Prize-winners per level as a pyramid: each level's winners come from the level below.
/// Some cells are blank (not reported), which stays NULL.
fn olympiad(
    seed: u64,
    plan: &SchoolPlan,
    year: i32,
    mean: f64,
    enrolment: i32,
) -> Vec<(&'static str, Option<i32>)> {
    let mut r = Rng::keyed(&[seed, purpose::OLYMPIAD, plan.key, year as u64]);
    let strength = (1.0 + 2.0 * mean).clamp(0.3, 2.5);
    let school = r.binomial((enrolment / 10).max(5), (0.12 * strength).min(0.5));
    let zonal = r.binomial(school, 0.4);
    let pool = if plan.zonal {
        zonal
    } else {
        r.binomial(school, 0.4)
    };
    let district = r.binomial(pool, 0.35);
    let oblast = r.binomial(district, 0.25);
    let republic = r.binomial(oblast, 0.2);
    let mut levels = vec![("school", school, 0.85)];
    if plan.zonal {
        levels.push(("zonal", zonal, 0.92));
    }
    levels.extend([
        ("district", district, 0.95),
        ("oblast", oblast, 0.93),
        ("republic", republic, 0.9),
    ]);
    levels
        .into_iter()
        .map(|(level, count, reported)| (level, r.chance(reported).then_some(count)))
        .collect()
}

fn staff(seed: u64, plan: &SchoolPlan, year: i32, enrolment: i32) -> (Staff, Vec<Training>) {
    let mut s = Rng::keyed(&[seed, purpose::STAFF, plan.key]);
    // Pupil-weighted national ratio ≈ 18: rural schools have fewer pupils per teacher.
    let ratio = if plan.setting == Setting::Rural {
        s.between(14.0, 20.0)
    } else {
        s.between(18.0, 26.0)
    };
    let higher_ed = s.between(0.62, 0.9);
    let award = s.between(0.05, 0.14);
    let young = s.between(0.12, 0.3);
    let mentored = s.between(0.6, 1.0);
    let trained = s.between(0.06, 0.14);
    let trained_5y = s.between(0.6, 0.95);
    let ict = s.between(35.0, 70.0);
    let board = s.between(5.0, 30.0);
    let mut r = Rng::keyed(&[seed, purpose::STAFF_YEAR, plan.key, year as u64]);
    let teachers = ((f64::from(enrolment) / ratio).round() as i32).max(8);
    let young_teachers = r.binomial(teachers, young);
    let trained_this_year = r.binomial(teachers, trained);
    let since = f64::from(year - 2017);
    let staff = Staff {
        teachers,
        higher_ed: r.binomial(teachers, higher_ed),
        award: r.binomial(teachers, award),
        young: young_teachers,
        mentors: r.binomial(young_teachers, mentored),
        trained_this_year,
        trained_last_5y: trained_this_year + r.binomial(teachers - trained_this_year, trained_5y),
        over_rate: r.binomial(teachers, 0.02),
        vacancies: if plan.setting == Setting::Rural {
            r.binomial(4, 0.3)
        } else {
            r.binomial(3, 0.15)
        },
        ict_pct: (ict + 4.0 * since).min(100.0).round(),
        board_pct: (board + 3.0 * since).min(100.0).round(),
    };
    let mut trainings = Vec::new();
    if trained_this_year > 0 {
        // The yearly qualification course (seed 003: ≈ 10% of teachers at ОМБӨИ); Bishkek and
        // Chüy schools go to the republican institute.
        let provider = if matches!(plan.region.as_str(), "KG-GB" | "KG-C") {
            "ripk"
        } else {
            "oblast_institute"
        };
        trainings.push(Training {
            name_ky: "Квалификацияны жогорулатуу курстары",
            name_ru: "Курсы повышения квалификации",
            provider,
            hours: 72,
            participants: trained_this_year,
        });
    }
    let mut chosen: Vec<usize> = Vec::new();
    let wanted = r.int_between(1, 3) as usize;
    while chosen.len() < wanted {
        let i = r.int_between(0, PROGRAMMES.len() as i32 - 1) as usize;
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    for i in chosen {
        let (name_ky, name_ru, provider, hours) = PROGRAMMES[i];
        // The in-school workshop covers every teacher (seed 003: 100%).
        let participants = if provider == "school" {
            teachers
        } else {
            let share = r.between(0.05, 0.3);
            r.binomial(teachers, share).max(1)
        };
        trainings.push(Training {
            name_ky,
            name_ru,
            provider,
            hours,
            participants,
        });
    }
    (staff, trainings)
}

/// Infrastructure: a school's buildings stay, equipment grows a little every year.
fn infrastructure(seed: u64, plan: &SchoolPlan, year: i32, enrolment: i32) -> Infra {
    let mut s = Rng::keyed(&[seed, purpose::INFRA, plan.key]);
    let rural = plan.setting == Setting::Rural;
    let big = enrolment > 1200;
    let since = year - 2017;
    let classrooms =
        ((f64::from(plan.design_capacity) / s.between(14.0, 24.0)).round() as i32).max(4);
    let extracurricular = s.binomial(3, 0.4);
    let labs = if rural {
        s.binomial(3, 0.5)
    } else {
        1 + s.binomial(4, 0.6)
    };
    let computer_classes = if big {
        1 + i32::from(s.chance(0.5))
    } else {
        i32::from(s.chance(0.9))
    };
    // ≈ 27 pupils per computer nationally in 2018, more computers every year.
    let per_pupil = s.between(1.0 / 48.0, 1.0 / 19.0);
    let growth = 1.0 + 0.05 * f64::from(year - 2018);
    let computers = (f64::from(enrolment) * per_pupil * growth).round() as i32;
    let laptops = (f64::from(computers) * s.between(0.1, 0.6)).round() as i32;
    let printers = 1 + s.binomial(4, 0.4);
    let copiers = s.binomial(2, 0.5);
    let projector_share = s.between(0.02, 0.12);
    let board_share = s.between(0.0, 0.08);
    let projectors =
        (f64::from(classrooms) * (projector_share + 0.02 * f64::from(since))).round() as i32;
    let boards = (f64::from(classrooms) * (board_share + 0.015 * f64::from(since))).round() as i32;
    // 94.7% of schools were connected in 2019.
    let internet = s.weighted(&[(0, 0.05), (1, 0.65), (2, 0.30)]);
    let sport_halls = if s.chance(0.85) {
        1 + i32::from(big && s.chance(0.3))
    } else {
        0
    };
    // Quarter square metres, like the seed's 270,25 m² (exact in binary, so stable).
    let hall_area = (s.between(150.0, 450.0) * 4.0).round() / 4.0;
    let sport_grounds = i32::from(s.chance(0.95));
    let ground_area = s.between(800.0, 6000.0).round();
    let libraries = 1 + i32::from(s.chance(0.1));
    let fund = (f64::from(enrolment) * s.between(6.0, 14.0)).round() as i32;
    let reading_seats = s.int_between(10, 40);
    let medical = i32::from(big || s.chance(0.9));
    let canteens = i32::from(big || s.chance(0.8));
    let cctv_from = s.int_between(2015, 2024);
    let cameras = s.int_between(4, 16);
    let indoor = if rural && s.chance(0.5) {
        0
    } else {
        s.int_between(2, 10)
    };
    let outdoor = if rural {
        s.int_between(1, 4)
    } else {
        s.binomial(2, 0.3)
    };
    let fire_boards = s.int_between(1, 4);
    let water = i32::from(s.chance(0.5));
    Infra {
        counts: [
            classrooms,
            extracurricular,
            labs,
            computer_classes,
            computers,
            laptops,
            printers,
            copiers,
            projectors,
            boards,
            internet,
        ],
        sport_halls,
        sport_hall_area: hall_area,
        sport_grounds,
        sport_ground_area: ground_area,
        tail: [
            libraries,
            fund,
            reading_seats,
            medical,
            canteens,
            if year >= cctv_from { cameras } else { 0 },
            indoor,
            outdoor,
            fire_boards,
            water,
        ],
    }
}

/// Textbook provision 70–95% (86% in 2016-17, 73.5% in 2019), as required/available titles.
fn textbooks(seed: u64, plan: &SchoolPlan, year: i32, enrolment: i32) -> Textbooks {
    let base = Rng::keyed(&[seed, purpose::TEXTBOOK, plan.key]).between(0.76, 0.95);
    let dip = match year {
        2017 => 0.0,
        2018 => -0.02,
        2019 => -0.05,
        2020 => -0.04,
        _ => -0.03,
    };
    let wobble = Rng::keyed(&[seed, purpose::TEXTBOOK, plan.key, year as u64]).between(-0.01, 0.01);
    let share = (base + dip + wobble).clamp(0.70, 0.95);
    let required = enrolment.max(1) * 8;
    let available = (f64::from(required) * share).round() as i32;
    let hundredths =
        (i64::from(available) * 10_000 + i64::from(required) / 2) / i64::from(required);
    Textbooks {
        required,
        available,
        pct: hundredths as f64 / 100.0,
    }
}

/// Generates one school's academic year. Pure: no database, no shared state.
fn school_year(ctx: &Ctx, plan: &SchoolPlan, year: i32) -> YearData {
    let seed = ctx.seed;
    let mean = school_mean(seed, plan, year);
    let mut out = YearData::default();
    for grade in 1..=11 {
        let classes = grade_classes(seed, plan, year, grade);
        out.grade_sizes[(grade - 1) as usize] = classes.iter().map(|c| c.pupils).sum();
        out.classes.extend(classes);
    }
    let classes = std::mem::take(&mut out.classes);
    // Grade 1 gets no marks in the 11-year system.
    for (i, class) in classes.iter().enumerate().filter(|(_, c)| c.grade >= 2) {
        class_marks(seed, plan, year, mean, (i, class), &mut out);
    }
    out.ort = ort_takers(ctx, plan, year, mean, &classes);
    out.classes = classes;

    let enrolment: i32 = out.grade_sizes.iter().sum();
    let utilisation = f64::from(enrolment) / f64::from(plan.design_capacity);
    let mut r = Rng::keyed(&[seed, purpose::ENROLMENT, plan.key, year as u64]);
    out.enrolment = Enrolment {
        enrolment,
        // 446 single-shift, 1,657 two-shift schools and some "flexible" ones (2018).
        shifts: if utilisation <= 1.05 {
            1
        } else if utilisation <= 2.3 {
            2
        } else {
            3
        },
        class_sets: out.classes.len() as i32,
        first_grade_intake: out.grade_sizes[0],
        left_mid_year: r.binomial(enrolment, 0.008),
        leavers_after_grade9: (grade_size(seed, plan, year - 1, 9)
            - grade_size(seed, plan, year, 10))
        .max(0),
    };
    out.olympiad = olympiad(seed, plan, year, mean, enrolment);
    (out.staff, out.trainings) = staff(seed, plan, year, enrolment);
    out.infra = infrastructure(seed, plan, year, enrolment);
    out.textbooks = textbooks(seed, plan, year, enrolment);
    out
}

// ------------------------------------------------------------------------------------------
// Writing

const SCHOOL: Target = Target {
    table: "school",
    columns: &[
        "district_id",
        "code",
        "number",
        "name_ky",
        "name_ru",
        "name_search",
        "settlement",
        "ownership",
        "school_type",
        "founded_year",
        "design_capacity",
    ],
    key: &["code"],
    year_column: None,
};
const SCHOOL_LANGUAGE: Target = Target {
    table: "school_language",
    columns: &["school_id", "language"],
    key: &["school_id", "language"],
    year_column: None,
};
const CLASS_GROUP: Target = Target {
    table: "class_group",
    columns: &[
        "school_id",
        "academic_year",
        "grade",
        "letter",
        "language",
        "enrolled",
    ],
    key: &["school_id", "academic_year", "grade", "letter"],
    year_column: Some("academic_year"),
};
const MARK_SUMMARY: Target = Target {
    table: "mark_summary",
    columns: &[
        "class_group_id",
        "subject_id",
        "period_id",
        "assessment_kind",
        "n5",
        "n4",
        "n3",
        "n2",
        "n1",
        "n_na",
        "n_exempt",
        "n_enrolled",
    ],
    key: &[
        "class_group_id",
        "subject_id",
        "period_id",
        "assessment_kind",
    ],
    year_column: None,
};
const CLASS_OUTCOME: Target = Target {
    table: "class_outcome",
    columns: &[
        "class_group_id",
        "period_id",
        "n_all_5",
        "n_4_5",
        "n_with_3",
        "n_with_2",
        "n_na",
        "n_exempt",
        "n_enrolled",
    ],
    key: &["class_group_id", "period_id"],
    year_column: None,
};
const ORT_RESULT: Target = Target {
    table: "ort_result",
    columns: &[
        "school_id",
        "academic_year",
        "session",
        "student_ref",
        "listing",
        "test_language",
        "main_score",
        "main_max",
        "gold_certificate",
    ],
    key: &["school_id", "academic_year", "session", "student_ref"],
    year_column: Some("academic_year"),
};
const ORT_THRESHOLD: Target = Target {
    table: "ort_threshold",
    columns: &[
        "academic_year",
        "admission_type",
        "programme_group",
        "main_min",
        "subject_min",
    ],
    key: &["academic_year", "admission_type", "programme_group"],
    year_column: Some("academic_year"),
};
const OLYMPIAD_COUNT: Target = Target {
    table: "olympiad_count_report",
    columns: &["school_id", "academic_year", "level", "prize_count"],
    key: &["school_id", "academic_year", "level"],
    year_column: Some("academic_year"),
};
const STAFF_SNAPSHOT: Target = Target {
    table: "staff_snapshot",
    columns: &[
        "school_id",
        "academic_year",
        "teachers_total",
        "with_higher_ed",
        "with_award_excellence",
        "young_teachers",
        "mentors",
        "trained_this_year",
        "trained_last_5y",
        "over_rate_teachers",
        "vacancies",
        "ict_competent_pct",
        "interactive_board_pct",
    ],
    key: &["school_id", "academic_year"],
    year_column: Some("academic_year"),
};
const TEACHER_TRAINING: Target = Target {
    table: "teacher_training",
    columns: &[
        "school_id",
        "academic_year",
        "programme_name_ky",
        "programme_name_ru",
        "provider",
        "hours",
        "participants",
    ],
    key: &[
        "school_id",
        "academic_year",
        "programme_name_ky",
        "provider",
    ],
    year_column: Some("academic_year"),
};
const ENROLMENT_SNAPSHOT: Target = Target {
    table: "enrolment_snapshot",
    columns: &[
        "school_id",
        "academic_year",
        "enrolment",
        "shifts",
        "class_sets",
        "first_grade_intake",
        "left_mid_year",
        "leavers_after_grade9",
    ],
    key: &["school_id", "academic_year"],
    year_column: Some("academic_year"),
};
const ENROLMENT_GRADE: Target = Target {
    table: "enrolment_grade",
    columns: &["enrolment_snapshot_id", "grade", "pupils"],
    key: &["enrolment_snapshot_id", "grade"],
    year_column: None,
};
const INFRASTRUCTURE: Target = Target {
    table: "infrastructure_snapshot",
    columns: &[
        "school_id",
        "academic_year",
        "classrooms",
        "extracurricular_rooms",
        "labs",
        "computer_classes",
        "computers",
        "laptops",
        "printers",
        "copiers",
        "projectors",
        "interactive_boards",
        "internet_channels",
        "sport_halls",
        "sport_hall_area_m2",
        "sport_grounds",
        "sport_ground_area_m2",
        "libraries",
        "library_fund",
        "reading_room_seats",
        "medical_rooms",
        "canteens",
        "cctv_cameras",
        "toilets_indoor",
        "toilets_outdoor",
        "fire_boards",
        "water_reservoirs",
    ],
    key: &["school_id", "academic_year"],
    year_column: Some("academic_year"),
};
const TEXTBOOK: Target = Target {
    table: "textbook_provision",
    columns: &[
        "school_id",
        "academic_year",
        "grade_band",
        "required",
        "available",
        "provision_pct",
    ],
    key: &["school_id", "academic_year", "grade_band"],
    year_column: Some("academic_year"),
};

/// Schools generated and written per chunk (class groups and their ids go per chunk).
const CHUNK_SCHOOLS: usize = 20;
/// A table's pending rows are written once they reach this many.
const FLUSH_ROWS: usize = 50_000;

fn int(v: i32) -> Value {
    Value::Int(Some(v))
}

fn text(v: &str) -> Value {
    Value::String(Some(v.to_owned()))
}

fn ids_list(ids: impl IntoIterator<Item = i32>) -> String {
    ids.into_iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn query(db: &impl ConnectionTrait, sql: &str) -> Result<Vec<sea_orm::QueryResult>> {
    Ok(db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?)
}

async fn load_districts(db: &impl ConnectionTrait) -> Result<Vec<District>> {
    let rows = query(
        db,
        "SELECT d.id, d.code, d.kind, d.name_ky, r.code AS region \
         FROM district d JOIN region r ON r.id = d.region_id ORDER BY d.code",
    )
    .await?;
    rows.iter()
        .map(|row| {
            Ok(District {
                id: row.try_get("", "id")?,
                code: row.try_get("", "code")?,
                kind: row.try_get("", "kind")?,
                region: row.try_get("", "region")?,
                name_ky: row.try_get("", "name_ky")?,
            })
        })
        .collect()
}

/// Subject ids by code; every code the curriculum uses must exist.
async fn load_subjects(db: &impl ConnectionTrait) -> Result<HashMap<String, i32>> {
    let mut ids = HashMap::new();
    for row in query(db, "SELECT id, code FROM subject").await? {
        ids.insert(row.try_get("", "code")?, row.try_get("", "id")?);
    }
    if let Some(missing) = curriculum_codes()
        .into_iter()
        .find(|c| !ids.contains_key(*c))
    {
        return Err(Error::NotFound {
            what: "subject",
            key: missing.into(),
        });
    }
    Ok(ids)
}

/// Rows waiting to be written, per table.
struct Pending {
    target: &'static Target,
    rows: Vec<Vec<Value>>,
}

struct Buffers(Vec<Pending>);

impl Buffers {
    fn new(targets: &[&'static Target]) -> Buffers {
        Buffers(
            targets
                .iter()
                .map(|target| Pending {
                    target,
                    rows: Vec::new(),
                })
                .collect(),
        )
    }

    fn push(&mut self, target: &Target, row: Vec<Value>) {
        let pending = self
            .0
            .iter_mut()
            .find(|p| p.target.table == target.table)
            .unwrap_or_else(|| unreachable!("no buffer for {}", target.table));
        pending.rows.push(row);
    }

    /// Writes the tables holding at least `min_rows` rows (0: all of them).
    async fn flush(
        &mut self,
        db: &impl ConnectionTrait,
        year: i32,
        min_rows: usize,
        summary: &mut Summary,
    ) -> Result<()> {
        for pending in &mut self.0 {
            if pending.rows.is_empty() || pending.rows.len() < min_rows {
                continue;
            }
            let rows = std::mem::take(&mut pending.rows);
            summary.tally(pending.target.table, rows.len() as u64);
            // Every row here belongs to `year`, also for tables that reach their year through
            // a parent (mark summaries through their class), so the trend job sees the change.
            let counts = bulk::upsert_year(db, pending.target, Some(year), rows).await?;
            summary.changes.add(counts);
        }
        Ok(())
    }
}

async fn write_schools(
    db: &Db,
    plans: &mut [SchoolPlan],
    summary: &mut Summary,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<()> {
    let total = plans.len() as u64;
    progress(Progress {
        stage: "schools",
        year: None,
        done: 0,
        total,
    });
    let txn = db.begin().await?;
    let rows: Vec<Vec<Value>> = plans
        .iter()
        .map(|p| {
            vec![
                int(p.district_id),
                text(&p.code),
                int(p.number),
                text(&p.name_ky),
                text(&p.name_ru),
                text(&school::search_key(&p.name_ky, &p.name_ru, None)),
                text(&p.settlement),
                text(p.ownership),
                text(p.school_type),
                int(p.founded_year),
                int(p.design_capacity),
            ]
        })
        .collect();
    summary.tally("school", rows.len() as u64);
    summary
        .changes
        .add(bulk::upsert(&txn, &SCHOOL, rows).await?);

    let mut ids = HashMap::new();
    for row in query(&txn, "SELECT id, code FROM school").await? {
        let code: String = row.try_get("", "code")?;
        ids.insert(code, row.try_get::<i32>("", "id")?);
    }
    for plan in plans.iter_mut() {
        plan.id = *ids.get(&plan.code).ok_or_else(|| Error::NotFound {
            what: "school",
            key: plan.code.clone(),
        })?;
    }

    // A school's languages are exactly the plan's: drop those an earlier seed gave it.
    for chunk in plans.chunks(200) {
        let stale = chunk
            .iter()
            .map(|p| {
                let keep: Vec<String> = p.languages.iter().map(|l| format!("'{l}'")).collect();
                format!(
                    "(school_id = {} AND language NOT IN ({}))",
                    p.id,
                    keep.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        summary.deleted += txn
            .execute_unprepared(&format!("DELETE FROM school_language WHERE {stale}"))
            .await?
            .rows_affected();
    }
    let rows: Vec<Vec<Value>> = plans
        .iter()
        .flat_map(|p| p.languages.iter().map(|l| vec![int(p.id), text(l)]))
        .collect();
    summary.tally("school_language", rows.len() as u64);
    summary
        .changes
        .add(bulk::upsert(&txn, &SCHOOL_LANGUAGE, rows).await?);
    txn.commit().await?;
    progress(Progress {
        stage: "schools",
        year: None,
        done: total,
        total,
    });
    Ok(())
}

/// Ids a year's rows refer to.
struct Refs<'a> {
    year: i32,
    /// Q1–Q4, H1, H2, year.
    periods: [i32; 7],
    subjects: &'a HashMap<String, i32>,
}

async fn write_year(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    refs: &Refs<'_>,
    plans: &[SchoolPlan],
    summary: &mut Summary,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    let y = refs.year;
    // DOMAIN.md §2.3: grant 110 main + 60 subject; contract 105 main + 50 subject.
    let thresholds = vec![
        vec![int(y), text("grant"), text("general"), int(110), int(60)],
        vec![int(y), text("contract"), text("general"), int(105), int(50)],
    ];
    summary.tally("ort_threshold", 2);
    summary
        .changes
        .add(bulk::upsert(txn, &ORT_THRESHOLD, thresholds).await?);

    let mut buffers = Buffers::new(&[
        &MARK_SUMMARY,
        &CLASS_OUTCOME,
        &ORT_RESULT,
        &OLYMPIAD_COUNT,
        &STAFF_SNAPSHOT,
        &TEACHER_TRAINING,
        &ENROLMENT_GRADE,
        &INFRASTRUCTURE,
        &TEXTBOOK,
    ]);
    for chunk in plans.chunks(CHUNK_SCHOOLS) {
        let data: Vec<YearData> = chunk.iter().map(|p| school_year(ctx, p, y)).collect();
        let classes = write_classes(txn, y, chunk, &data, summary).await?;
        let snapshots = write_enrolment(txn, y, chunk, &data, summary).await?;
        delete_stale_rows(txn, y, chunk, &data, summary).await?;

        for (plan, d) in chunk.iter().zip(&data) {
            let class_id = |i: usize| -> Result<i32> {
                let c = &d.classes[i];
                classes
                    .get(&(plan.id, c.grade, LETTERS[c.letter].to_owned()))
                    .copied()
                    .ok_or_else(|| Error::NotFound {
                        what: "class group",
                        key: format!("{} {} {}{}", plan.code, y, c.grade, LETTERS[c.letter]),
                    })
            };
            for row in &d.marks {
                let class = class_id(row.class)?;
                let enrolled = d.classes[row.class].pupils;
                let subject = refs.subjects[row.subject];
                for (period, c) in refs.periods.iter().zip(&row.periods) {
                    buffers.push(
                        &MARK_SUMMARY,
                        vec![
                            int(class),
                            int(subject),
                            int(*period),
                            text("period_marks"),
                            int(c[0]),
                            int(c[1]),
                            int(c[2]),
                            int(c[3]),
                            int(0),
                            int(c[4]),
                            int(c[5]),
                            int(enrolled),
                        ],
                    );
                }
            }
            for (i, c) in &d.outcomes {
                let mut row = vec![int(class_id(*i)?), int(refs.periods[ANNUAL])];
                row.extend(c.iter().map(|n| int(*n)));
                row.push(int(d.classes[*i].pupils));
                buffers.push(&CLASS_OUTCOME, row);
            }
            for t in &d.ort {
                buffers.push(
                    &ORT_RESULT,
                    vec![
                        int(plan.id),
                        int(y),
                        text("summer"),
                        text(&t.student_ref),
                        text("cohort"),
                        text(t.language),
                        int(t.score),
                        int(ctx.ort_main_max),
                        Value::Bool(Some(t.gold)),
                    ],
                );
            }
            for (level, count) in &d.olympiad {
                buffers.push(
                    &OLYMPIAD_COUNT,
                    vec![int(plan.id), int(y), text(level), Value::Int(*count)],
                );
            }
            let s = &d.staff;
            buffers.push(
                &STAFF_SNAPSHOT,
                vec![
                    int(plan.id),
                    int(y),
                    int(s.teachers),
                    int(s.higher_ed),
                    int(s.award),
                    int(s.young),
                    int(s.mentors),
                    int(s.trained_this_year),
                    int(s.trained_last_5y),
                    int(s.over_rate),
                    int(s.vacancies),
                    Value::Double(Some(s.ict_pct)),
                    Value::Double(Some(s.board_pct)),
                ],
            );
            for t in &d.trainings {
                buffers.push(
                    &TEACHER_TRAINING,
                    vec![
                        int(plan.id),
                        int(y),
                        text(t.name_ky),
                        text(t.name_ru),
                        text(t.provider),
                        int(t.hours),
                        int(t.participants),
                    ],
                );
            }
            let snapshot = snapshots[&plan.id];
            for (grade, pupils) in (1..).zip(d.grade_sizes) {
                buffers.push(
                    &ENROLMENT_GRADE,
                    vec![int(snapshot), int(grade), int(pupils)],
                );
            }
            let f = &d.infra;
            let mut row = vec![int(plan.id), int(y)];
            row.extend(f.counts.iter().map(|n| int(*n)));
            row.extend([
                int(f.sport_halls),
                Value::Double((f.sport_halls > 0).then_some(f.sport_hall_area)),
                int(f.sport_grounds),
                Value::Double((f.sport_grounds > 0).then_some(f.sport_ground_area)),
            ]);
            row.extend(f.tail.iter().map(|n| int(*n)));
            buffers.push(&INFRASTRUCTURE, row);
            let t = &d.textbooks;
            buffers.push(
                &TEXTBOOK,
                vec![
                    int(plan.id),
                    int(y),
                    text("all"),
                    int(t.required),
                    int(t.available),
                    Value::Double(Some(t.pct)),
                ],
            );
        }
        buffers.flush(txn, y, FLUSH_ROWS, summary).await?;
        progress(chunk.len() as u64);
    }
    buffers.flush(txn, y, 0, summary).await
}

type ClassKey = (i32, i32, String);

async fn class_groups(
    txn: &impl ConnectionTrait,
    year: i32,
    chunk: &[SchoolPlan],
) -> Result<HashMap<ClassKey, (i32, Option<String>)>> {
    let sql = format!(
        "SELECT id, school_id, grade, letter, language FROM class_group \
         WHERE academic_year = {year} AND school_id IN ({})",
        ids_list(chunk.iter().map(|p| p.id))
    );
    let mut out = HashMap::new();
    for row in query(txn, &sql).await? {
        out.insert(
            (
                row.try_get("", "school_id")?,
                row.try_get("", "grade")?,
                row.try_get("", "letter")?,
            ),
            (row.try_get("", "id")?, row.try_get("", "language")?),
        );
    }
    Ok(out)
}

/// Upserts the chunk's class groups and returns their ids. Classes an earlier seed made that
/// this one does not are deleted, and so are the marks of a class whose language changed
/// (its subjects differ).
async fn write_classes(
    txn: &impl ConnectionTrait,
    year: i32,
    chunk: &[SchoolPlan],
    data: &[YearData],
    summary: &mut Summary,
) -> Result<HashMap<ClassKey, i32>> {
    let mut wanted: HashMap<ClassKey, &str> = HashMap::new();
    let mut rows = Vec::new();
    for (plan, d) in chunk.iter().zip(data) {
        for c in &d.classes {
            let letter = LETTERS[c.letter];
            wanted.insert((plan.id, c.grade, letter.to_owned()), c.language);
            rows.push(vec![
                int(plan.id),
                int(year),
                int(c.grade),
                text(letter),
                text(c.language),
                int(c.pupils),
            ]);
        }
    }
    let existing = class_groups(txn, year, chunk).await?;
    let stale: Vec<i32> = existing
        .iter()
        .filter(|(key, _)| !wanted.contains_key(*key))
        .map(|(_, (id, _))| *id)
        .collect();
    let relabelled: Vec<i32> = existing
        .iter()
        .filter(|(key, (_, language))| {
            wanted
                .get(*key)
                .is_some_and(|w| language.as_deref() != Some(*w))
        })
        .map(|(_, (id, _))| *id)
        .collect();
    if !stale.is_empty() {
        delete(txn, "class_group", "id", &stale, year, summary).await?;
    }
    if !relabelled.is_empty() {
        delete(
            txn,
            "mark_summary",
            "class_group_id",
            &relabelled,
            year,
            summary,
        )
        .await?;
    }
    summary.tally("class_group", rows.len() as u64);
    summary
        .changes
        .add(bulk::upsert(txn, &CLASS_GROUP, rows).await?);
    Ok(class_groups(txn, year, chunk)
        .await?
        .into_iter()
        .map(|(key, (id, _))| (key, id))
        .collect())
}

async fn delete(
    txn: &impl ConnectionTrait,
    table: &str,
    column: &str,
    ids: &[i32],
    year: i32,
    summary: &mut Summary,
) -> Result<()> {
    let sql = format!(
        "DELETE FROM {table} WHERE {column} IN ({})",
        ids_list(ids.iter().copied())
    );
    let n = txn.execute_unprepared(&sql).await?.rows_affected();
    summary.deleted += n;
    // A deleted class takes its marks and outcomes with it (ON DELETE CASCADE).
    let touched: &[&str] = match table {
        "class_group" => &["class_group", "mark_summary", "class_outcome"],
        _ => &[table],
    };
    for table in touched {
        bulk::mark_changed(txn, table, &BTreeMap::from([(year, n)])).await?;
    }
    Ok(())
}

/// Upserts the chunk's enrolment snapshots and returns their ids by school.
async fn write_enrolment(
    txn: &impl ConnectionTrait,
    year: i32,
    chunk: &[SchoolPlan],
    data: &[YearData],
    summary: &mut Summary,
) -> Result<HashMap<i32, i32>> {
    let rows: Vec<Vec<Value>> = chunk
        .iter()
        .zip(data)
        .map(|(plan, d)| {
            let e = &d.enrolment;
            vec![
                int(plan.id),
                int(year),
                int(e.enrolment),
                int(e.shifts),
                int(e.class_sets),
                int(e.first_grade_intake),
                int(e.left_mid_year),
                int(e.leavers_after_grade9),
            ]
        })
        .collect();
    summary.tally("enrolment_snapshot", rows.len() as u64);
    summary
        .changes
        .add(bulk::upsert(txn, &ENROLMENT_SNAPSHOT, rows).await?);
    let sql = format!(
        "SELECT id, school_id FROM enrolment_snapshot WHERE academic_year = {year} \
         AND school_id IN ({})",
        ids_list(chunk.iter().map(|p| p.id))
    );
    let mut ids = HashMap::new();
    for row in query(txn, &sql).await? {
        ids.insert(row.try_get("", "school_id")?, row.try_get("", "id")?);
    }
    Ok(ids)
}

/// Deletes the ORT takers and training programmes an earlier seed produced and this one does
/// not. Takers are numbered from 1 with a fixed-width suffix, so "beyond the last" is a plain
/// text comparison.
async fn delete_stale_rows(
    txn: &impl ConnectionTrait,
    year: i32,
    chunk: &[SchoolPlan],
    data: &[YearData],
    summary: &mut Summary,
) -> Result<()> {
    let takers = chunk
        .iter()
        .zip(data)
        .map(|(plan, d)| {
            let prefix = format!("G{:03}-{year}-", plan.number);
            format!(
                "(school_id = {} AND student_ref LIKE '{prefix}%' AND student_ref > '{prefix}{:03}')",
                plan.id,
                d.ort.len()
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    let sql = format!(
        "DELETE FROM ort_result WHERE academic_year = {year} AND session = 'summer' \
         AND listing = 'cohort' AND ({takers})"
    );
    let n = txn.execute_unprepared(&sql).await?.rows_affected();
    let programmes = chunk
        .iter()
        .zip(data)
        .map(|(plan, d)| {
            let keep: Vec<String> = d
                .trainings
                .iter()
                .map(|t| format!("'{}'", t.name_ky))
                .collect();
            let keep = if keep.is_empty() {
                "''".to_owned()
            } else {
                keep.join(", ")
            };
            format!(
                "(school_id = {} AND programme_name_ky NOT IN ({keep}))",
                plan.id
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    let sql =
        format!("DELETE FROM teacher_training WHERE academic_year = {year} AND ({programmes})");
    let m = txn.execute_unprepared(&sql).await?.rows_affected();
    summary.deleted += n + m;
    for (table, rows) in [("ort_result", n), ("teacher_training", m)] {
        if rows > 0 {
            bulk::mark_changed(txn, table, &BTreeMap::from([(year, rows)])).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 59 real districts from the bundled CSV, with made-up ids.
    fn districts() -> Vec<District> {
        let csv = include_str!("../../../domain/data/kg_districts.csv");
        let mut out: Vec<District> = csv
            .lines()
            .skip(1)
            .enumerate()
            .map(|(i, line)| {
                let f: Vec<&str> = line.split(',').collect();
                District {
                    id: i as i32 + 1,
                    code: f[1].into(),
                    kind: f[2].into(),
                    region: f[0].into(),
                    name_ky: f[3].into(),
                }
            })
            .collect();
        out.sort_by(|a, b| a.code.cmp(&b.code));
        out
    }

    fn taken() -> Taken {
        let d = districts();
        let home = d.iter().find(|d| d.code == HOME_DISTRICT).unwrap();
        Taken {
            numbers: HashSet::from([(home.id, 45)]),
            codes: HashSet::from([fixture::FIXTURE_SCHOOL_CODE.to_owned()]),
        }
    }

    #[test]
    fn scales_parse_and_print() {
        for scale in Scale::ALL {
            assert_eq!(scale.to_string().parse::<Scale>(), Ok(scale));
        }
        assert_eq!(" National ".parse::<Scale>(), Ok(Scale::National));
        assert!("country".parse::<Scale>().is_err());
    }

    #[test]
    fn rounding_follows_the_latest_quarter_on_ties() {
        assert_eq!(combine(&[3, 4]), 4);
        assert_eq!(combine(&[4, 3]), 3);
        assert_eq!(combine(&[5, 4, 4, 4]), 4);
        assert_eq!(combine(&[5, 5, 4, 4]), 4);
        assert_eq!(combine(&[4, 4, 5, 5]), 5);
        assert_eq!(combine(&[3, 3, 4, 4]), 4);
        assert_eq!(combine(&[NA, 4]), 4);
        assert_eq!(combine(&[NA, NA]), NA);
        assert_eq!(combine(&[NA, NA, NA, 5]), NA);
        assert_eq!(combine(&[NA, 3, NA, 4]), 4);
    }

    #[test]
    fn streams_are_keyed_not_ordered() {
        let a = Rng::keyed(&[1, 2, 3]).next_u64();
        let b = Rng::keyed(&[1, 2, 3]).next_u64();
        let c = Rng::keyed(&[1, 3, 2]).next_u64();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut r = Rng::keyed(&[7]);
        let n = 200_000;
        let (mut sum, mut sq) = (0.0, 0.0);
        for _ in 0..n {
            let x = r.normal();
            sum += x;
            sq += x * x;
        }
        let mean = sum / f64::from(n);
        let var = sq / f64::from(n) - mean * mean;
        assert!(
            mean.abs() < 0.01 && (var - 1.0).abs() < 0.02,
            "{mean} {var}"
        );
    }

    #[test]
    fn plans_skip_the_fixture_and_scales_nest() {
        let d = districts();
        let t = taken();
        let school = plan_schools(1, Scale::School, &d, &t).unwrap();
        let district = plan_schools(1, Scale::District, &d, &t).unwrap();
        let national = plan_schools(1, Scale::National, &d, &t).unwrap();
        assert_eq!(school.len(), 3);
        assert_eq!(district.len(), 60);
        assert!(
            (2300..=2500).contains(&national.len()),
            "{}",
            national.len()
        );
        assert!(district.iter().all(|p| p.number != 45));
        assert_eq!(district.last().unwrap().code, "KG-O-UZG-061");
        for (a, b) in school.iter().zip(&district) {
            assert_eq!(
                (&a.code, &a.name_ky, a.enrolment),
                (&b.code, &b.name_ky, b.enrolment)
            );
        }
        let codes: HashSet<&str> = national.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes.len(), national.len());
    }

    /// Generates a sample of schools in memory and checks the calibration targets of the
    /// module documentation. Run with `--nocapture` to see the figures.
    #[test]
    fn calibration_matches_the_domain_figures() {
        let d = districts();
        let plans = plan_schools(7, Scale::National, &d, &taken()).unwrap();
        let ctx = Ctx {
            seed: 7,
            ort_main_max: 245,
        };
        let (mut good, mut passed, mut assessed) = (0i64, 0i64, 0i64);
        let (mut annual_good, mut annual_assessed) = (0i64, 0i64);
        let (mut class_good, mut class_n) = (0i64, 0i64);
        let (mut ort_n, mut ort_sum, mut ort_pass) = (0i64, 0i64, 0i64);
        let (mut pupils, mut capacity, mut teachers, mut higher, mut computers) =
            (0i64, 0i64, 0i64, 0i64, 0i64);
        let (mut rows, mut schools) = (0usize, 0usize);
        let mut school_quality = Vec::new();
        let mut grade9 = 0i64;
        let mut grade11 = 0i64;
        for plan in plans.iter().step_by(6) {
            let y = school_year(&ctx, plan, 2019);
            schools += 1;
            rows += y.marks.len() * 7;
            let (mut sg, mut sa) = (0i64, 0i64);
            for m in &y.marks {
                for (p, c) in m.periods.iter().enumerate() {
                    let c: Vec<i64> = c.iter().map(|n| i64::from(*n)).collect();
                    let n = c[0] + c[1] + c[2] + c[3] + c[4];
                    good += c[0] + c[1];
                    passed += c[0] + c[1] + c[2];
                    assessed += n;
                    if p == ANNUAL {
                        annual_good += c[0] + c[1];
                        annual_assessed += n;
                        sg += c[0] + c[1];
                        sa += n;
                    }
                }
            }
            school_quality.push(sg as f64 / sa as f64);
            for (_, o) in &y.outcomes {
                class_good += i64::from(o[0] + o[1]);
                class_n += i64::from(o[..5].iter().sum::<i32>());
            }
            for t in &y.ort {
                ort_n += 1;
                ort_sum += i64::from(t.score);
                ort_pass += i64::from(t.score >= 110);
            }
            pupils += i64::from(y.enrolment.enrolment);
            capacity += i64::from(plan.design_capacity);
            teachers += i64::from(y.staff.teachers);
            higher += i64::from(y.staff.higher_ed);
            computers += i64::from(y.infra.counts[4]);
            grade9 += i64::from(y.grade_sizes[8]);
            grade11 += i64::from(y.grade_sizes[10]);
            let total: i32 = y.classes.iter().map(|c| c.pupils).sum();
            assert_eq!(total, y.enrolment.enrolment);
            assert!(y.classes.iter().all(|c| (1..=40).contains(&c.pupils)));
        }
        let pct = |a: i64, b: i64| 100.0 * a as f64 / b as f64;
        let quality = pct(good, assessed);
        let success = pct(passed, assessed);
        let annual = pct(annual_good, annual_assessed);
        let class_quality = pct(class_good, class_n);
        let ort_mean = ort_sum as f64 / ort_n as f64;
        let ort_share = pct(ort_pass, ort_n);
        let mean_q = school_quality.iter().sum::<f64>() / school_quality.len() as f64;
        let sd_q = (school_quality
            .iter()
            .map(|q| (q - mean_q).powi(2))
            .sum::<f64>()
            / school_quality.len() as f64)
            .sqrt();
        eprintln!(
            "schools {schools}, mark rows/school-year {}, pupils/school {}",
            rows / schools,
            pupils / schools as i64
        );
        eprintln!(
            "quality {quality:.1}% (annual {annual:.1}%, all-subject {class_quality:.1}%), \
             success {success:.1}%, school sd {:.1} pp",
            100.0 * sd_q
        );
        eprintln!(
            "ORT mean {ort_mean:.1}, ≥110 {ort_share:.1}%, takers/grade 11 {:.2}, grade 11/9 {:.2}",
            ort_n as f64 / grade11 as f64,
            grade11 as f64 / grade9 as f64
        );
        eprintln!(
            "utilisation {:.0}%, pupils/teacher {:.1}, higher ed {:.0}%, pupils/computer {:.1}",
            pct(pupils, capacity),
            pupils as f64 / teachers as f64,
            pct(higher, teachers),
            pupils as f64 / computers as f64
        );
        assert!((40.0..=50.0).contains(&quality), "quality {quality}");
        assert!((90.0..=97.0).contains(&success), "success {success}");
        assert!(
            (28.0..=42.0).contains(&class_quality),
            "class {class_quality}"
        );
        assert!((5.0..=11.0).contains(&(100.0 * sd_q)), "school sd {sd_q}");
        assert!((122.0..=132.0).contains(&ort_mean), "ORT mean {ort_mean}");
        assert!((60.0..=74.0).contains(&ort_share), "ORT share {ort_share}");
        assert!((140.0..=175.0).contains(&pct(pupils, capacity)));
        assert!((16.0..=20.0).contains(&(pupils as f64 / teachers as f64)));
    }

    /// The school trend shows through the noise: five-year OLS slopes of annual quality
    /// spread by ≈ 1–2 pp/year and follow the planned trend.
    #[test]
    fn school_trends_are_gentle_and_visible() {
        let d = districts();
        let plans = plan_schools(3, Scale::National, &d, &taken()).unwrap();
        let ctx = Ctx {
            seed: 3,
            ort_main_max: 245,
        };
        let mut slopes = Vec::new();
        let mut planned = Vec::new();
        for plan in plans.iter().step_by(20) {
            let quality: Vec<f64> = YEARS
                .map(|y| {
                    let data = school_year(&ctx, plan, y);
                    let (mut good, mut n) = (0, 0);
                    for m in &data.marks {
                        let c = m.periods[ANNUAL];
                        good += c[0] + c[1];
                        n += c[..5].iter().sum::<i32>();
                    }
                    100.0 * f64::from(good) / f64::from(n)
                })
                .collect();
            // OLS slope over x = -2..=2.
            let slope = (-2..=2)
                .zip(&quality)
                .map(|(x, q)| f64::from(x) * q)
                .sum::<f64>()
                / 10.0;
            slopes.push(slope);
            planned.push(plan.trend);
        }
        let n = slopes.len() as f64;
        let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
        let (ms, mp) = (mean(&slopes), mean(&planned));
        let cov: f64 = slopes
            .iter()
            .zip(&planned)
            .map(|(s, p)| (s - ms) * (p - mp))
            .sum();
        let sd = |v: &[f64], m: f64| (v.iter().map(|x| (x - m).powi(2)).sum::<f64>()).sqrt();
        let corr = cov / (sd(&slopes, ms) * sd(&planned, mp));
        let slope_sd = sd(&slopes, ms) / n.sqrt();
        eprintln!("slopes: sd {slope_sd:.2} pp/year, correlation with the plan {corr:.2}");
        assert!((0.8..=2.5).contains(&slope_sd), "{slope_sd}");
        assert!(corr > 0.6, "{corr}");
    }
}
