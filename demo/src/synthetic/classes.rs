//! The cohort model and the `class_group` rows: how many pupils each grade has in a year
//! (cohorts move up, a share leaves after grade 9), how they split into lettered classes and
//! each class's language, and each pupil's lasting ability, which marks and ORT scores share.

use super::Summary;
use super::plan::{SchoolPlan, Setting};
use super::rng::{Rng, purpose};
use super::school_year::YearData;
use super::write::{ids_list, int, query, text};
use domain::Result;
use domain::bulk::{self, Target};
use domain::facts::by_name;
use sea_orm::ConnectionTrait;
use std::collections::{BTreeMap, HashMap};

/// Class letters, in the order schools use them.
pub(crate) const LETTERS: [&str; 16] = [
    "А", "Б", "В", "Г", "Д", "Е", "Ж", "З", "И", "К", "Л", "М", "Н", "О", "П", "Р",
];

/// Share of a cohort still enrolled in grades 1..=11: slow attrition, then ≈ 40% leave
/// after grade 9 (69k grade-11 vs 115k grade-9 pupils).
const RETENTION: [f64; 11] = [
    1.0, 0.995, 0.99, 0.985, 0.98, 0.975, 0.97, 0.965, 0.96, 0.62, 0.60,
];

/// One class: pupils `first_pupil..first_pupil + pupils` of the cohort that entered grade 1
/// in `entry`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClassYear {
    pub(crate) grade: i32,
    pub(crate) letter: usize,
    pub(crate) language: &'static str,
    pub(crate) entry: i32,
    pub(crate) first_pupil: u32,
    pub(crate) pupils: i32,
}

/// Pupils in one grade in one year, from the cohort model.
pub(crate) fn grade_size(seed: u64, plan: &SchoolPlan, year: i32, grade: i32) -> i32 {
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

/// A pupil's lasting ability (a standard normal deviate), the same in every year and subject.
pub(crate) fn pupil_ability(seed: u64, plan: &SchoolPlan, entry: i32, pupil: u32) -> f64 {
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
pub(crate) fn grade_classes(seed: u64, plan: &SchoolPlan, year: i32, grade: i32) -> Vec<ClassYear> {
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

pub(crate) type ClassKey = (i32, i32, String);

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
pub(crate) async fn write_classes(
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
            rows.push(by_name(
                &CLASS_GROUP,
                [
                    ("school_id", int(plan.id)),
                    ("academic_year", int(year)),
                    ("grade", int(c.grade)),
                    ("letter", text(letter)),
                    ("language", text(c.language)),
                    ("enrolled", int(c.pupils)),
                ],
            )?);
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
        // What the class's language chose (its native-language subject) goes with the old
        // language: its marks and its administrative control.
        for table in ["mark_summary", "admin_control"] {
            delete(txn, table, "class_group_id", &relabelled, year, summary).await?;
        }
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

/// Deletes rows by id and marks the tables (with what cascades) changed in `year`.
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
