//! What the generator writes for the half-year administrative control (seed 002): in every
//! class of grades 5–11, a test in each half-year of the native language, mathematics (algebra
//! from grade 7) and one subject that rotates by grade. Its counts are mark summaries with
//! assessment kind `admin_control` (periods H1 and H2, every pupil of the class counted); its
//! `admin_control` row names the subject teacher (a teacher of that year's register teaching
//! the subject, else any), the methodological association of the subject and a
//! recommendation that follows the change.
//!
//! Assumptions (nothing official gives these): a test cuts the pupil's ability + the school's
//! mean + the teacher's effect + test-day noise at harsher points than period marks, so its
//! quality runs a few points below them; between the halves each teacher's classes move by
//! the teacher's own drift (≈ +1 pp on average, sd ≈ 5 pp), so teachers and associations differ
//! in the change; ≈ 1.5% of pupils miss a test (н/а). Subjects do not depend on the seed, so a
//! rerun with another seed rewrites the same keys and leaves nothing stale.

use crate::synthetic::classes::{LETTERS, pupil_ability};
use crate::synthetic::marks::MARK_SUMMARY;
use crate::synthetic::rng::{Rng, fnv};
use crate::synthetic::school_year::{Generator, Parent, SchoolYear};
use super::teachers::register;
use crate::synthetic::write::{Buffers, int, text};
use domain::import::ImportKind;
use domain::{Error, Result};
use sea_orm::Value;

pub(crate) const GENERATOR: Generator = Generator {
    kind: ImportKind::AdminControl,
    parent: Some(Parent {
        tables: &["teacher"],
        // The year's classes and the register in one map, told apart by a prefix.
        sql: |year, schools| {
            format!(
                "SELECT id, school_id, 'C:' || CAST(grade AS TEXT) || letter AS k FROM class_group \
                 WHERE academic_year = {year} AND school_id IN ({schools}) \
                 UNION ALL SELECT id, school_id, 'T:' || teacher_ref AS k FROM teacher \
                 WHERE school_id IN ({schools})"
            )
        },
    }),
    push,
    stale: None,
};

inventory::submit!(GENERATOR);

/// The pupil's ability weighs as in period marks (`marks::ABILITY_SD`).
const ABILITY_SD: f64 = 1.35;
/// Test-day noise.
const TEST_SD: f64 = 0.45;
/// A teacher's lasting effect on their classes' tests.
const TEACHER_SD: f64 = 0.15;
/// A teacher's classes' move between the half-years: mean and sd, in latent units.
const DRIFT_MEAN: f64 = 0.03;
const DRIFT_SD: f64 = 0.15;
/// Share of pupils absent on a test day (н/а).
const ABSENT: f64 = 0.015;
/// Mark cut points on the latent scale (period marks: 1.25, 0.4, −2.05).
const MARK_5: f64 = 1.4;
const MARK_4: f64 = 0.5;
const MARK_3: f64 = -1.7;

/// The subjects tested in a class: its native language, mathematics (algebra from grade 7) and
/// one by grade.
fn subjects(grade: i32, language: &str) -> [&'static str; 3] {
    let native = match language {
        "ru" => "russian_language",
        "uz" => "uzbek_language",
        "tj" => "tajik_language",
        _ => "kyrgyz_language",
    };
    let maths = if grade <= 6 { "mathematics" } else { "algebra" };
    let third = match grade {
        5 => "english",
        6 => "history_of_kyrgyzstan",
        7 | 10 => "physics",
        8 | 11 => "chemistry",
        _ => "biology",
    };
    [native, maths, third]
}

/// The register subject whose teachers teach `subject`.
fn teaching(subject: &str) -> &str {
    match subject {
        "algebra" => "mathematics",
        s => s,
    }
}

/// The methodological association (Kyrgyz, Russian) of a subject.
fn association(subject: &str) -> (&'static str, &'static str) {
    match subject {
        "mathematics" | "algebra" | "physics" => (
            "Математика жана физика усулдук бирикмеси",
            "МО математики и физики",
        ),
        "chemistry" | "biology" => (
            "Табигый илимдер усулдук бирикмеси",
            "МО естественных наук",
        ),
        "english" => ("Чет тилдер усулдук бирикмеси", "МО иностранных языков"),
        "history_of_kyrgyzstan" => (
            "Коомдук илимдер усулдук бирикмеси",
            "МО общественных наук",
        ),
        _ => (
            "Тил жана адабият усулдук бирикмеси",
            "МО языка и литературы",
        ),
    }
}

/// What the association recommends after a change of knowledge quality (percentage points).
fn recommendation(change: Option<f64>) -> Option<&'static str> {
    Some(match change? {
        c if c <= -5.0 => {
            "Билим сапаты төмөндөдү: өздөштүрүлбөгөн темаларды кайталап, артта калган окуучулар менен кошумча сабак өтүү."
        }
        c if c >= 5.0 => {
            "Билим сапаты өстү: мугалимдин тажрыйбасын усулдук бирикмеде бөлүшүп, кеңири жайылтуу."
        }
        _ => {
            "Жыйынтыктар туруктуу: жекече тапшырмаларды көбөйтүп, үй тапшырмасын текшерүүнү күчөтүү."
        }
    })
}

fn mark_slot(latent: f64) -> usize {
    if latent >= MARK_5 {
        0
    } else if latent >= MARK_4 {
        1
    } else if latent >= MARK_3 {
        2
    } else {
        3
    }
}

/// Buffers one school-year's tests (two mark summaries each) and admin-control rows.
fn push(buffers: &mut Buffers, sy: &SchoolYear<'_>) -> Result<()> {
    let seed = sy.ctx.seed;
    let table = fnv(ImportKind::AdminControl.target().table);
    let teachers: Vec<_> = register(seed, sy.plan)
        .teachers
        .into_iter()
        .filter(|t| t.active(sy.year))
        .collect();
    let id = |key: String| -> Result<i32> {
        sy.ids
            .get(&key)
            .map(|id| *id as i32)
            .ok_or_else(|| Error::NotFound {
                what: "class group or teacher",
                key: format!("{} {} {key}", sy.plan.code, sy.year),
            })
    };
    for class in sy.data.classes.iter().filter(|c| (5..=11).contains(&c.grade)) {
        let letter = LETTERS[class.letter];
        let class_id = id(format!("C:{}{letter}", class.grade))?;
        for subject in subjects(class.grade, class.language) {
            let subject_id = *sy.refs.subjects.get(subject).ok_or_else(|| Error::NotFound {
                what: "subject",
                key: subject.into(),
            })?;
            let mut r = Rng::keyed(&[
                seed,
                table,
                sy.plan.key,
                sy.year as u64,
                class.grade as u64,
                class.letter as u64,
                fnv(subject),
            ]);
            let specialists: Vec<&str> = teachers
                .iter()
                .filter(|t| t.subject == teaching(subject))
                .map(|t| t.reference.as_str())
                .collect();
            let all: Vec<&str> = teachers.iter().map(|t| t.reference.as_str()).collect();
            let pool = if specialists.is_empty() { &all } else { &specialists };
            let teacher = (!pool.is_empty()).then(|| pool[r.int_between(0, pool.len() as i32 - 1) as usize]);
            let mut t = Rng::keyed(&[seed, table, sy.plan.key, fnv(teacher.unwrap_or(""))]);
            let effect = TEACHER_SD * t.normal();
            let mut d = Rng::keyed(&[
                seed,
                table,
                sy.plan.key,
                fnv(teacher.unwrap_or("")),
                sy.year as u64,
            ]);
            let drift = DRIFT_MEAN + DRIFT_SD * d.normal();
            // [n5, n4, n3, n2, n_na] per half.
            let mut counts = [[0i32; 5]; 2];
            for pupil in class.first_pupil..class.first_pupil + class.pupils as u32 {
                let ability = pupil_ability(seed, sy.plan, class.entry, pupil);
                let base = sy.data.mean + ABILITY_SD * ability + effect;
                for (half, c) in counts.iter_mut().enumerate() {
                    if r.chance(ABSENT) {
                        c[4] += 1;
                        continue;
                    }
                    let latent = base + drift * half as f64 + TEST_SD * r.normal();
                    c[mark_slot(latent)] += 1;
                }
            }
            for (half, c) in counts.iter().enumerate() {
                let [n5, n4, n3, n2, n_na] = *c;
                buffers.push(
                    &MARK_SUMMARY,
                    [
                        ("class_group_id", int(class_id)),
                        ("subject_id", int(subject_id)),
                        // H1 and H2 follow the four quarters.
                        ("period_id", int(sy.refs.periods[4 + half])),
                        ("assessment_kind", text("admin_control")),
                        ("n5", int(n5)),
                        ("n4", int(n4)),
                        ("n3", int(n3)),
                        ("n2", int(n2)),
                        ("n1", int(0)),
                        ("n_na", int(n_na)),
                        ("n_exempt", int(0)),
                        ("n_enrolled", int(class.pupils)),
                    ],
                )?;
            }
            let quality = |c: &[i32; 5]| {
                let n: i32 = c.iter().sum();
                (n > 0).then(|| 100.0 * f64::from(c[0] + c[1]) / f64::from(n))
            };
            let change = quality(&counts[0])
                .zip(quality(&counts[1]))
                .map(|(h1, h2)| h2 - h1);
            let (ky, ru) = association(subject);
            buffers.push(
                ImportKind::AdminControl.target(),
                [
                    ("class_group_id", int(class_id)),
                    ("subject_id", int(subject_id)),
                    (
                        "teacher_id",
                        Value::Int(teacher.map(|t| id(format!("T:{t}"))).transpose()?),
                    ),
                    ("association_ky", text(ky)),
                    ("association_ru", text(ru)),
                    (
                        "recommendations",
                        Value::String(recommendation(change).map(str::to_owned)),
                    ),
                ],
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tested_subject_is_in_the_class_curriculum_and_has_an_association() {
        for grade in 5..=11 {
            for language in ["ky", "ru", "uz", "tj"] {
                let taught = crate::synthetic::marks::curriculum(grade, language);
                for s in subjects(grade, language) {
                    assert!(taught.contains(&s), "{s} in grade {grade} ({language})");
                    assert!(!association(s).0.is_empty());
                }
            }
        }
    }
}
