//! What the generator writes for a school's conditions: enrolment (`enrolment_snapshot` and
//! its pupils per grade, `enrolment_grade`), infrastructure (`infrastructure_snapshot`) and
//! textbook provision (`textbook_provision`). National utilisation ≈ 158% of design capacity,
//! ≈ 27 pupils per computer (2018), textbook provision 70–95% (DOMAIN.md §5.3, §6, §10).

use super::Summary;
use super::classes::grade_size;
use super::plan::{SchoolPlan, Setting};
use super::rng::{Rng, purpose};
use super::school_year::YearData;
use super::write::{Buffers, ids_list, int, query, text};
use domain::Result;
use domain::bulk::{self, Target};
use domain::facts::by_name;
use domain::import::ImportKind;
use sea_orm::{ConnectionTrait, Value};
use std::collections::HashMap;

/// One school-year's enrolment snapshot (the pupils per grade are in `YearData`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Enrolment {
    pub(crate) enrolment: i32,
    shifts: i32,
    class_sets: i32,
    first_grade_intake: i32,
    left_mid_year: i32,
    leavers_after_grade9: i32,
}

/// Infrastructure of a school-year: counts by column name (eleven drawn before the sports
/// hall and ground, ten after), the sports hall and ground with their areas in m².
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Infra {
    counts: [(&'static str, i32); 11],
    sport_halls: i32,
    sport_hall_area: f64,
    sport_grounds: i32,
    sport_ground_area: f64,
    tail: [(&'static str, i32); 10],
}

#[cfg(test)]
impl Infra {
    /// The count in column `column` (0 for a column that is not a count).
    pub(crate) fn count(&self, column: &str) -> i32 {
        self.counts
            .iter()
            .chain(&self.tail)
            .find(|(c, _)| *c == column)
            .map_or(0, |&(_, n)| n)
    }
}

/// Textbook provision of the whole school (grade band `all`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Textbooks {
    required: i32,
    available: i32,
    pct: f64,
}

/// The enrolment snapshot from the year's grade sizes and classes.
pub(crate) fn enrolment(
    seed: u64,
    plan: &SchoolPlan,
    year: i32,
    grade_sizes: &[i32; 11],
    classes: usize,
) -> Enrolment {
    let enrolment: i32 = grade_sizes.iter().sum();
    let utilisation = f64::from(enrolment) / f64::from(plan.design_capacity);
    let mut r = Rng::keyed(&[seed, purpose::ENROLMENT, plan.key, year as u64]);
    Enrolment {
        enrolment,
        // 446 single-shift, 1,657 two-shift schools and some "flexible" ones (2018).
        shifts: if utilisation <= 1.05 {
            1
        } else if utilisation <= 2.3 {
            2
        } else {
            3
        },
        class_sets: classes as i32,
        first_grade_intake: grade_sizes[0],
        left_mid_year: r.binomial(enrolment, 0.008),
        leavers_after_grade9: (grade_size(seed, plan, year - 1, 9)
            - grade_size(seed, plan, year, 10))
        .max(0),
    }
}

/// Infrastructure: a school's buildings stay, equipment grows a little every year.
pub(crate) fn infrastructure(seed: u64, plan: &SchoolPlan, year: i32, enrolment: i32) -> Infra {
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
            ("classrooms", classrooms),
            ("extracurricular_rooms", extracurricular),
            ("labs", labs),
            ("computer_classes", computer_classes),
            ("computers", computers),
            ("laptops", laptops),
            ("printers", printers),
            ("copiers", copiers),
            ("projectors", projectors),
            ("interactive_boards", boards),
            ("internet_channels", internet),
        ],
        sport_halls,
        sport_hall_area: hall_area,
        sport_grounds,
        sport_ground_area: ground_area,
        tail: [
            ("libraries", libraries),
            ("library_fund", fund),
            ("reading_room_seats", reading_seats),
            ("medical_rooms", medical),
            ("canteens", canteens),
            ("cctv_cameras", if year >= cctv_from { cameras } else { 0 }),
            ("toilets_indoor", indoor),
            ("toilets_outdoor", outdoor),
            ("fire_boards", fire_boards),
            ("water_reservoirs", water),
        ],
    }
}

/// Textbook provision 70–95% (86% in 2016-17, 73.5% in 2019), as required/available titles.
pub(crate) fn textbooks(seed: u64, plan: &SchoolPlan, year: i32, enrolment: i32) -> Textbooks {
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

pub(crate) const ENROLMENT_GRADE: Target = Target {
    table: "enrolment_grade",
    columns: &["enrolment_snapshot_id", "grade", "pupils"],
    key: &["enrolment_snapshot_id", "grade"],
    year_column: None,
};

/// Upserts the chunk's enrolment snapshots and returns their ids by school.
pub(crate) async fn write_enrolment(
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
            by_name(
                &ENROLMENT_SNAPSHOT,
                [
                    ("school_id", int(plan.id)),
                    ("academic_year", int(year)),
                    ("enrolment", int(e.enrolment)),
                    ("shifts", int(e.shifts)),
                    ("class_sets", int(e.class_sets)),
                    ("first_grade_intake", int(e.first_grade_intake)),
                    ("left_mid_year", int(e.left_mid_year)),
                    ("leavers_after_grade9", int(e.leavers_after_grade9)),
                ],
            )
        })
        .collect::<Result<_>>()?;
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

/// Buffers one school-year's pupils per grade (under its enrolment snapshot `snapshot`),
/// infrastructure and textbook provision.
pub(crate) fn push_rows(
    buffers: &mut Buffers,
    plan: &SchoolPlan,
    y: i32,
    snapshot: i32,
    d: &YearData,
) -> Result<()> {
    for (grade, pupils) in (1..).zip(d.grade_sizes) {
        buffers.push(
            &ENROLMENT_GRADE,
            [
                ("enrolment_snapshot_id", int(snapshot)),
                ("grade", int(grade)),
                ("pupils", int(pupils)),
            ],
        )?;
    }
    let f = &d.infra;
    let school_year = [("school_id", int(plan.id)), ("academic_year", int(y))];
    let sports = [
        ("sport_halls", int(f.sport_halls)),
        (
            "sport_hall_area_m2",
            Value::Double((f.sport_halls > 0).then_some(f.sport_hall_area)),
        ),
        ("sport_grounds", int(f.sport_grounds)),
        (
            "sport_ground_area_m2",
            Value::Double((f.sport_grounds > 0).then_some(f.sport_ground_area)),
        ),
    ];
    let count = |&(column, n): &(&'static str, i32)| (column, int(n));
    buffers.push(
        ImportKind::InfrastructureSnapshots.target(),
        school_year
            .into_iter()
            .chain(f.counts.iter().map(count))
            .chain(sports)
            .chain(f.tail.iter().map(count)),
    )?;
    let t = &d.textbooks;
    buffers.push(
        ImportKind::TextbookProvision.target(),
        [
            ("school_id", int(plan.id)),
            ("academic_year", int(y)),
            ("grade_band", text("all")),
            ("required", int(t.required)),
            ("available", int(t.available)),
            ("provision_pct", Value::Double(Some(t.pct))),
        ],
    )
}
