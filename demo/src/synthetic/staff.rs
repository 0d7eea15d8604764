//! What the generator writes for staff: the yearly staff snapshot (`staff_snapshot`: teachers,
//! higher education, awards, young teachers and mentors, training, vacancies) and the
//! training programmes teachers took (`teacher_training`). Pupil–teacher ratio ≈ 18, ≈ 75%
//! with higher education, ≈ 10% trained a year (DOMAIN.md §5.3, §6, §10).

use super::classes::grade_size;
use super::plan::{SchoolPlan, Setting};
use super::rng::{Rng, purpose};
use super::school_year::YearData;
use super::write::{Buffers, int, text};
use domain::Result;
use domain::bulk::Target;
use domain::import::ImportKind;
use sea_orm::Value;

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

/// One school-year's staff snapshot.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Staff {
    pub(crate) teachers: i32,
    pub(crate) higher_ed: i32,
    pub(crate) award: i32,
    pub(crate) young: i32,
    pub(crate) mentors: i32,
    pub(crate) trained_this_year: i32,
    pub(crate) trained_last_5y: i32,
    pub(crate) over_rate: i32,
    pub(crate) vacancies: i32,
    pub(crate) ict_pct: f64,
    pub(crate) board_pct: f64,
}

/// One training programme of a school-year and how many teachers took it.
#[derive(Debug, Clone)]
pub(crate) struct Training {
    pub(crate) name_ky: &'static str,
    name_ru: &'static str,
    provider: &'static str,
    hours: i32,
    pub(crate) participants: i32,
}

/// The staff snapshot and the training programmes of one school-year: the ratios are the
/// school's, the counts are drawn each year.
pub(crate) fn staff(
    seed: u64,
    plan: &SchoolPlan,
    year: i32,
    enrolment: i32,
) -> (Staff, Vec<Training>) {
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

/// [`staff`] of any school-year without generating it: the enrolment is the cohort model's
/// grade sizes, as [`super::school_year::school_year`] sums them.
pub(crate) fn staff_of(seed: u64, plan: &SchoolPlan, year: i32) -> (Staff, Vec<Training>) {
    let enrolment = (1..=11).map(|g| grade_size(seed, plan, year, g)).sum();
    staff(seed, plan, year, enrolment)
}

pub(crate) const STAFF_SNAPSHOT: Target = Target {
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

/// Buffers one school-year's staff snapshot and training programmes.
pub(crate) fn push_rows(
    buffers: &mut Buffers,
    plan: &SchoolPlan,
    y: i32,
    s: &Staff,
    trainings: &[Training],
) -> Result<()> {
    buffers.push(
        &STAFF_SNAPSHOT,
        [
            ("school_id", int(plan.id)),
            ("academic_year", int(y)),
            ("teachers_total", int(s.teachers)),
            ("with_higher_ed", int(s.higher_ed)),
            ("with_award_excellence", int(s.award)),
            ("young_teachers", int(s.young)),
            ("mentors", int(s.mentors)),
            ("trained_this_year", int(s.trained_this_year)),
            ("trained_last_5y", int(s.trained_last_5y)),
            ("over_rate_teachers", int(s.over_rate)),
            ("vacancies", int(s.vacancies)),
            ("ict_competent_pct", Value::Double(Some(s.ict_pct))),
            ("interactive_board_pct", Value::Double(Some(s.board_pct))),
        ],
    )?;
    for t in trainings {
        buffers.push(
            ImportKind::Training.target(),
            [
                ("school_id", int(plan.id)),
                ("academic_year", int(y)),
                ("programme_name_ky", text(t.name_ky)),
                ("programme_name_ru", text(t.name_ru)),
                ("provider", text(t.provider)),
                ("hours", int(t.hours)),
                ("participants", int(t.participants)),
            ],
        )?;
    }
    Ok(())
}

/// The `DELETE` of the training programmes an earlier seed gave a school-year and this one
/// does not.
pub(crate) fn delete_stale_sql(year: i32, chunk: &[SchoolPlan], data: &[YearData]) -> String {
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
    format!("DELETE FROM teacher_training WHERE academic_year = {year} AND ({programmes})")
}
