//! What the generator writes for marks: per class, subject and period the counts of 5s,
//! 4s, 3s, 2s, н/а and exemptions (`mark_summary`, quarters, halves and the year), and per
//! class its all-subject annual outcome (`class_outcome`), both from the same pupils, so they
//! agree by construction.
//!
//! The latent-ability model: a quarter mark cuts ability + school + class + subject + noise at
//! fixed thresholds; half-year and annual marks are the rounded mean of the quarters (ties go
//! the way of the latest quarter); н/а comes from missed quarters, exemptions from physical
//! education.

use super::classes::{ClassYear, pupil_ability};
use super::plan::SchoolPlan;
use super::rng::{Rng, fnv, purpose};
use super::school_year::{Refs, YearData};
use super::write::{Buffers, int, query, text};
use domain::bulk::Target;
use domain::import::ImportKind;
use domain::{Error, Result, year};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

// Calibration constants (latent units: the marks' latent scale has sd ≈ 1.1 within a school;
// the school's own effect and trend are in `plan`)

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

/// The seven periods, in the order marks are tallied: Q1–Q4, H1, H2, year.
pub(crate) const PERIODS: [(&str, i32); 7] = [
    (year::QUARTER, 1),
    (year::QUARTER, 2),
    (year::QUARTER, 3),
    (year::QUARTER, 4),
    (year::HALF_YEAR, 1),
    (year::HALF_YEAR, 2),
    (year::YEAR, 1),
];
pub(crate) const ANNUAL: usize = 6;

/// A class × subject row: counts [n5, n4, n3, n2, n_na, n_exempt] for each of the 7 periods.
#[derive(Debug, Clone)]
pub(crate) struct MarkRow {
    pub(crate) class: usize,
    pub(crate) subject: &'static str,
    pub(crate) periods: [[i32; 6]; 7],
}

/// The subjects marked in a grade (8–12 of the `subject` table), by language of instruction:
/// the native language and literature, the second language (Russian in Kyrgyz classes,
/// Kyrgyz elsewhere), then the rest of the basic curriculum.
pub(crate) fn curriculum(grade: i32, language: &str) -> Vec<&'static str> {
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

pub(crate) const NA: u8 = 0;

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
pub(crate) fn combine(quarters: &[u8]) -> u8 {
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
pub(crate) fn class_marks(
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

pub(crate) const MARK_SUMMARY: Target = Target {
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

/// Subject ids by code; every code the curriculum uses must exist.
pub(crate) async fn load_subjects(db: &impl ConnectionTrait) -> Result<HashMap<String, i32>> {
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

/// Buffers one school-year's mark summaries (every period) and annual class outcomes;
/// `class_id` gives the database id of a class (an index into `d.classes`).
pub(crate) fn push_rows(
    buffers: &mut Buffers,
    refs: &Refs<'_>,
    d: &YearData,
    class_id: &impl Fn(usize) -> Result<i32>,
) -> Result<()> {
    for row in &d.marks {
        let class = class_id(row.class)?;
        let enrolled = d.classes[row.class].pupils;
        let subject = refs.subjects[row.subject];
        for (period, c) in refs.periods.iter().zip(&row.periods) {
            let [n5, n4, n3, n2, n_na, n_exempt] = *c;
            buffers.push(
                &MARK_SUMMARY,
                [
                    ("class_group_id", int(class)),
                    ("subject_id", int(subject)),
                    ("period_id", int(*period)),
                    ("assessment_kind", text("period_marks")),
                    ("n5", int(n5)),
                    ("n4", int(n4)),
                    ("n3", int(n3)),
                    ("n2", int(n2)),
                    ("n1", int(0)),
                    ("n_na", int(n_na)),
                    ("n_exempt", int(n_exempt)),
                    ("n_enrolled", int(enrolled)),
                ],
            )?;
        }
    }
    for (i, c) in &d.outcomes {
        let [all_5, with_4_5, with_3, with_2, n_na, n_exempt] = *c;
        buffers.push(
            ImportKind::ClassOutcomes.target(),
            [
                ("class_group_id", int(class_id(*i)?)),
                ("period_id", int(refs.periods[ANNUAL])),
                ("n_all_5", int(all_5)),
                ("n_4_5", int(with_4_5)),
                ("n_with_3", int(with_3)),
                ("n_with_2", int(with_2)),
                ("n_na", int(n_na)),
                ("n_exempt", int(n_exempt)),
                ("n_enrolled", int(d.classes[*i].pupils)),
            ],
        )?;
    }
    Ok(())
}
