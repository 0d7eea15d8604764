//! What the generator writes for the teacher register (`teacher`): pseudonymous teachers
//! (`T-001`, `T-002`, … in order of hiring, no name), so that each academic year's register
//! holds exactly the staff snapshot's `teachers_total`. The first year's staff were hired over
//! the thirty years before (the snapshot's young teachers in the last three); between years
//! ≈ 5% leave and the school hires to its next snapshot's size (or more leave, when it
//! shrinks). Education follows the snapshot's share with higher education, categories the
//! years of service. The register also decides who attended which training programme
//! ([`Register::attendance`], written by `training_attendance`).
//!
//! The register has no academic year: it is drawn whole from (seed, school) and written with
//! the first year, so every year's generators see the same teachers.

use crate::synthetic::YEARS;
use crate::synthetic::plan::SchoolPlan;
use crate::synthetic::rng::{Rng, fnv};
use crate::synthetic::school_year::{Generator, SchoolYear};
use crate::synthetic::staff::{Staff, Training, staff_of};
use crate::synthetic::write::{Buffers, int, text};
use domain::import::ImportKind;
use domain::{Error, Result};
use sea_orm::Value;

pub(crate) const GENERATOR: Generator = Generator {
    kind: ImportKind::Teachers,
    parent: None,
    push,
    stale: Some(delete_stale_sql),
};
inventory::submit!(GENERATOR);

/// One teacher of the register.
#[derive(Debug, Clone)]
pub(crate) struct Teacher {
    pub(crate) reference: String,
    pub(crate) subject: &'static str,
    education: &'static str,
    category: &'static str,
    category_since: Option<i32>,
    /// Calendar year of hiring: in the registers of academic years from it on.
    pub(crate) hired: i32,
    /// Calendar year of leaving: in the registers of academic years before it.
    pub(crate) left: Option<i32>,
}

impl Teacher {
    /// In the register of the academic year starting in `year` (as the trend job counts it).
    pub(crate) fn active(&self, year: i32) -> bool {
        self.hired <= year && self.left.is_none_or(|l| l > year)
    }
}

/// A school's register over the generated years, and who attended its programmes.
pub(crate) struct Register {
    pub(crate) teachers: Vec<Teacher>,
    /// Per generated year (index from the first), per training programme of that year (in
    /// the staff module's order), the indices of the teachers who attended.
    pub(crate) attendance: Vec<Vec<Vec<usize>>>,
    /// Per generated year, the programmes (as the staff module draws them).
    pub(crate) trainings: Vec<Vec<Training>>,
}

/// A teacher attended in the five academic years up to a year is passed over this often
/// when the next programme's participants are chosen (so that courses spread over the staff,
/// as the snapshots' trained_last_5y of 60–95% says).
const PREFER_UNTRAINED: f64 = 0.7;

/// ≈ 5% of teachers leave between two years.
const LEAVING: f64 = 0.05;

/// The register of a school: pure, from (seed, school) only.
pub(crate) fn register(seed: u64, plan: &SchoolPlan) -> Register {
    let table = fnv(ImportKind::Teachers.target().table);
    let years: Vec<i32> = YEARS.collect();
    let (staff, trainings): (Vec<Staff>, Vec<Vec<Training>>) =
        years.iter().map(|&y| staff_of(seed, plan, y)).unzip();
    let first = staff[0];
    let total = f64::from(first.teachers.max(1));
    let higher = f64::from(first.higher_ed) / total;
    let young = f64::from(first.young) / total;
    let native = match plan.languages[0] {
        "ru" => "russian_language",
        "uz" => "uzbek_language",
        "tj" => "tajik_language",
        _ => "kyrgyz_language",
    };
    let second = if native == "kyrgyz_language" {
        "russian_language"
    } else {
        "kyrgyz_language"
    };
    let subjects = [
        ("literary_reading", 0.14), // primary-class teachers
        (native, 0.13),
        (second, 0.07),
        ("mathematics", 0.14),
        ("english", 0.08),
        ("physics", 0.05),
        ("chemistry", 0.04),
        ("biology", 0.05),
        ("history_of_kyrgyzstan", 0.07),
        ("geography", 0.04),
        ("informatics", 0.04),
        ("physical_education", 0.06),
        ("technology", 0.03),
        ("music", 0.03),
        ("fine_arts", 0.03),
    ];
    let last = *YEARS.end();
    let new_teacher = |index: usize, hired: i32| -> Teacher {
        let mut t = Rng::keyed(&[seed, table, plan.key, index as u64]);
        let education = if t.chance(higher) {
            "higher"
        } else {
            t.weighted(&[("secondary_vocational", 0.8), ("incomplete_higher", 0.2)])
        };
        let service = last - hired;
        let category = if service < 3 {
            "none"
        } else {
            t.weighted(&[
                ("none", 0.3),
                ("second", 0.3),
                ("first", 0.25),
                ("highest", 0.15),
            ])
        };
        let category_since = (category != "none")
            .then(|| (hired + t.int_between(3, service.clamp(3, 15))).min(last));
        Teacher {
            reference: format!("T-{:03}", index + 1),
            subject: t.weighted(&subjects),
            education,
            category,
            category_since,
            hired,
            left: None,
        }
    };

    let mut r = Rng::keyed(&[seed, table, plan.key]);
    let mut teachers: Vec<Teacher> = Vec::new();
    // The first year's staff, longest-serving first so that references follow hiring.
    let mut hired: Vec<i32> = (0..first.teachers)
        .map(|_| {
            if r.chance(young) {
                years[0] - r.int_between(0, 2)
            } else {
                years[0] - r.int_between(3, 30)
            }
        })
        .collect();
    hired.sort_unstable();
    for h in hired {
        teachers.push(new_teacher(teachers.len(), h));
    }
    for (i, &y) in years.iter().enumerate().skip(1) {
        let mut active: Vec<usize> = (0..teachers.len())
            .filter(|&t| teachers[t].left.is_none())
            .collect();
        active.retain(|&t| {
            let leaves = r.chance(LEAVING);
            if leaves {
                teachers[t].left = Some(y);
            }
            !leaves
        });
        let target = staff[i].teachers as usize;
        while active.len() > target {
            let t = active.remove(r.int_between(0, active.len() as i32 - 1) as usize);
            teachers[t].left = Some(y);
        }
        while active.len() < target {
            active.push(teachers.len());
            teachers.push(new_teacher(teachers.len(), y));
        }
    }

    let attendance_key = fnv(ImportKind::TrainingAttendance.target().table);
    let mut last_course: Vec<Option<i32>> = vec![None; teachers.len()];
    let mut attendance = Vec::new();
    for (i, &y) in years.iter().enumerate() {
        let active: Vec<usize> = (0..teachers.len())
            .filter(|&t| teachers[t].active(y))
            .collect();
        let mut year = Vec::new();
        for (p, training) in trainings[i].iter().enumerate() {
            let mut a = Rng::keyed(&[seed, attendance_key, plan.key, y as u64, p as u64]);
            let mut ranked: Vec<(bool, u64, usize)> = active
                .iter()
                .map(|&t| {
                    let recent = last_course[t].is_some_and(|c| c > y - 5);
                    (recent && a.chance(PREFER_UNTRAINED), a.next_u64(), t)
                })
                .collect();
            ranked.sort_unstable();
            let mut chosen: Vec<usize> = ranked
                .iter()
                .take(training.participants.max(0) as usize)
                .map(|&(_, _, t)| t)
                .collect();
            chosen.sort_unstable();
            for &t in &chosen {
                last_course[t] = Some(y);
            }
            year.push(chosen);
        }
        attendance.push(year);
    }
    Register {
        teachers,
        attendance,
        trainings,
    }
}

/// Buffers a school's register, with the first year only (it has no year of its own).
fn push(buffers: &mut Buffers, sy: &SchoolYear<'_>) -> Result<()> {
    if sy.year != *YEARS.start() {
        return Ok(());
    }
    let target = ImportKind::Teachers.target();
    for t in register(sy.ctx.seed, sy.plan).teachers {
        let subject_id = *sy
            .refs
            .subjects
            .get(t.subject)
            .ok_or_else(|| Error::NotFound {
                what: "subject",
                key: t.subject.into(),
            })?;
        buffers.push(
            target,
            [
                ("school_id", int(sy.plan.id)),
                ("teacher_ref", text(&t.reference)),
                // Pseudonymous: the demo invents no names of people.
                ("full_name", Value::String(None)),
                ("main_subject_id", int(subject_id)),
                ("education_level", text(t.education)),
                ("category", text(t.category)),
                ("category_since", Value::Int(t.category_since)),
                ("hired_year", int(t.hired)),
                ("left_year", Value::Int(t.left)),
                // New in the last three generated years.
                ("young_specialist", Value::Bool(Some(t.hired > YEARS.end() - 3))),
            ],
        )?;
    }
    Ok(())
}

/// The `DELETE` of the teachers an earlier seed gave the schools and this one does not
/// (their awards and attendance go with them). The register has no year: its stale teachers
/// go with the first one.
fn delete_stale_sql(seed: u64, year: i32, chunk: &[SchoolPlan]) -> Option<String> {
    if year != *YEARS.start() {
        return None;
    }
    let schools = chunk
        .iter()
        .map(|plan| {
            let keep = register(seed, plan)
                .teachers
                .iter()
                .map(|t| format!("'{}'", t.reference))
                .collect::<Vec<_>>()
                .join(", ");
            format!("(school_id = {} AND teacher_ref NOT IN ({keep}))", plan.id)
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    Some(format!("DELETE FROM teacher WHERE {schools}"))
}
