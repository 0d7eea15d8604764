//! The yearly snapshots of a school's conditions: enrolment (with pupils per grade),
//! infrastructure, staff counts and textbook provision.

use super::{db, list};
use crate::graphql::error::Result;
use async_graphql::Context;
use async_graphql::SimpleObject;
use domain::access::Grant;
use domain::entity as e;
use domain::facts;

/// Pupils per grade (0 = preparatory class).
#[derive(SimpleObject)]
pub struct GradeEnrolment {
    /// Grade, 1 to 12; 0 is the preparatory class.
    grade: i32,
    /// Pupils enrolled in that grade (a count).
    pupils: i32,
}

/// A school's enrolment figures for one academic year; null = not reported (never 0 for missing).
#[derive(SimpleObject)]
pub struct EnrolmentSnapshot {
    /// The academic year by its start year: 2021 means 2021-2022.
    academic_year: i32,
    /// Pupils enrolled (a count).
    enrolment: i32,
    /// Teaching shifts the school runs (1, 2 or 3); null = not reported.
    shifts: Option<i32>,
    /// Classes (class sets) the school runs; null = not reported.
    class_sets: Option<i32>,
    /// Pupils admitted to grade 1; null = not reported.
    first_grade_intake: Option<i32>,
    /// Pupils admitted to the preparatory class; null = not reported.
    preparatory_intake: Option<i32>,
    /// Pupils who left during the year; null = not reported.
    left_mid_year: Option<i32>,
    /// Pupils who left after grade 9 (to vocational schools or work); null = not reported.
    leavers_after_grade9: Option<i32>,
    /// Pupils per grade where the school reported them.
    grades: Vec<GradeEnrolment>,
}

impl From<facts::enrolment::Enrolment> for EnrolmentSnapshot {
    fn from(e: facts::enrolment::Enrolment) -> Self {
        let s = e.snapshot;
        EnrolmentSnapshot {
            academic_year: s.academic_year,
            enrolment: s.enrolment,
            shifts: s.shifts,
            class_sets: s.class_sets,
            first_grade_intake: s.first_grade_intake,
            preparatory_intake: s.preparatory_intake,
            left_mid_year: s.left_mid_year,
            leavers_after_grade9: s.leavers_after_grade9,
            grades: e
                .grades
                .into_iter()
                .map(|g| GradeEnrolment {
                    grade: g.grade,
                    pupils: g.pupils,
                })
                .collect(),
        }
    }
}

/// Buildings and equipment; null = not reported.
#[derive(SimpleObject)]
pub struct InfrastructureSnapshot {
    /// The academic year by its start year: 2021 means 2021-2022.
    academic_year: i32,
    /// Classrooms (a count); null = not reported.
    classrooms: Option<i32>,
    /// Rooms for extracurricular activities (a count); null = not reported.
    extracurricular_rooms: Option<i32>,
    /// Science laboratories (a count); null = not reported.
    labs: Option<i32>,
    /// Computer classrooms (a count); null = not reported.
    computer_classes: Option<i32>,
    /// Desktop computers (a count); null = not reported.
    computers: Option<i32>,
    /// Laptops (a count); null = not reported.
    laptops: Option<i32>,
    /// Printers (a count); null = not reported.
    printers: Option<i32>,
    /// Copiers (a count); null = not reported.
    copiers: Option<i32>,
    /// Projectors (a count); null = not reported.
    projectors: Option<i32>,
    /// Interactive boards (a count); null = not reported.
    interactive_boards: Option<i32>,
    /// Internet connections (a count); null = not reported, 0 = none.
    internet_channels: Option<i32>,
    /// Sport halls (a count); null = not reported.
    sport_halls: Option<i32>,
    /// Total sport hall floor area, in square metres; null = not reported.
    sport_hall_area_m2: Option<f64>,
    /// Outdoor sport grounds (a count); null = not reported.
    sport_grounds: Option<i32>,
    /// Total sport ground area, in square metres; null = not reported.
    sport_ground_area_m2: Option<f64>,
    /// Libraries (a count); null = not reported.
    libraries: Option<i32>,
    /// Books in the library fund (a count); null = not reported.
    library_fund: Option<i32>,
    /// Seats in the reading room (a count); null = not reported.
    reading_room_seats: Option<i32>,
    /// Medical rooms (a count); null = not reported.
    medical_rooms: Option<i32>,
    /// Canteens (a count); null = not reported.
    canteens: Option<i32>,
    /// Surveillance cameras (a count); null = not reported.
    cctv_cameras: Option<i32>,
    /// Indoor toilets (a count); null = not reported.
    toilets_indoor: Option<i32>,
    /// Outdoor toilets (a count); null = not reported.
    toilets_outdoor: Option<i32>,
    /// Fire-fighting boards (a count); null = not reported.
    fire_boards: Option<i32>,
    /// Fire water reservoirs (a count); null = not reported.
    water_reservoirs: Option<i32>,
}

impl From<e::infrastructure_snapshot::Model> for InfrastructureSnapshot {
    fn from(m: e::infrastructure_snapshot::Model) -> Self {
        InfrastructureSnapshot {
            academic_year: m.academic_year,
            classrooms: m.classrooms,
            extracurricular_rooms: m.extracurricular_rooms,
            labs: m.labs,
            computer_classes: m.computer_classes,
            computers: m.computers,
            laptops: m.laptops,
            printers: m.printers,
            copiers: m.copiers,
            projectors: m.projectors,
            interactive_boards: m.interactive_boards,
            internet_channels: m.internet_channels,
            sport_halls: m.sport_halls,
            sport_hall_area_m2: m.sport_hall_area_m2,
            sport_grounds: m.sport_grounds,
            sport_ground_area_m2: m.sport_ground_area_m2,
            libraries: m.libraries,
            library_fund: m.library_fund,
            reading_room_seats: m.reading_room_seats,
            medical_rooms: m.medical_rooms,
            canteens: m.canteens,
            cctv_cameras: m.cctv_cameras,
            toilets_indoor: m.toilets_indoor,
            toilets_outdoor: m.toilets_outdoor,
            fire_boards: m.fire_boards,
            water_reservoirs: m.water_reservoirs,
        }
    }
}

/// Teaching staff counts; subsets are of `teachersTotal`, null = not reported.
#[derive(SimpleObject)]
pub struct StaffSnapshot {
    /// The academic year by its start year: 2021 means 2021-2022.
    academic_year: i32,
    /// Teachers on the staff (a count); the other counts are parts of it.
    teachers_total: i32,
    /// Teachers with higher education; null = not reported.
    with_higher_ed: Option<i32>,
    /// Teachers holding the "Excellence in education" badge (билим берүүнүн мыктысы /
    /// отличник образования); null = not reported.
    with_award_excellence: Option<i32>,
    /// Teachers without a qualification category; null = not reported.
    category_none: Option<i32>,
    /// Teachers of the second qualification category; null = not reported.
    category_second: Option<i32>,
    /// Teachers of the first qualification category; null = not reported.
    category_first: Option<i32>,
    /// Teachers of the highest qualification category; null = not reported.
    category_highest: Option<i32>,
    /// Young specialists (in their first years of teaching); null = not reported.
    young_teachers: Option<i32>,
    /// Teachers mentoring young specialists; null = not reported.
    mentors: Option<i32>,
    /// Teachers who attended in-service training this year; null = not reported.
    trained_this_year: Option<i32>,
    /// Teachers who attended in-service training in the last five years; null = not reported.
    trained_last5y: Option<i32>,
    /// Teachers beyond the staff establishment (сверх штата); null = not reported.
    over_rate_teachers: Option<i32>,
    /// Unfilled teaching posts; null = not reported.
    vacancies: Option<i32>,
    /// Teachers who use ICT, in % (0-100) of all teachers; null = not reported.
    ict_competent_pct: Option<f64>,
    /// Teachers who use an interactive board, in % (0-100) of all teachers; null = not reported.
    interactive_board_pct: Option<f64>,
}

impl From<e::staff_snapshot::Model> for StaffSnapshot {
    fn from(m: e::staff_snapshot::Model) -> Self {
        StaffSnapshot {
            academic_year: m.academic_year,
            teachers_total: m.teachers_total,
            with_higher_ed: m.with_higher_ed,
            with_award_excellence: m.with_award_excellence,
            category_none: m.category_none,
            category_second: m.category_second,
            category_first: m.category_first,
            category_highest: m.category_highest,
            young_teachers: m.young_teachers,
            mentors: m.mentors,
            trained_this_year: m.trained_this_year,
            trained_last5y: m.trained_last_5y,
            over_rate_teachers: m.over_rate_teachers,
            vacancies: m.vacancies,
            ict_competent_pct: m.ict_competent_pct,
            interactive_board_pct: m.interactive_board_pct,
        }
    }
}

/// Textbooks: counts where the school has them, else the percentage it reported.
#[derive(SimpleObject)]
pub struct TextbookProvision {
    /// The academic year by its start year: 2021 means 2021-2022.
    academic_year: i32,
    /// all, 1-4, 5-9 or 10-12.
    grade_band: String,
    /// Textbooks the grade band needs (a count); null = the school reported only a percentage.
    required: Option<i32>,
    /// Textbooks the school has for the grade band (a count); null = the school reported only a
    /// percentage.
    available: Option<i32>,
    /// `available / required × 100` when both counts exist, else the reported figure.
    provision_pct: Option<f64>,
    /// Whether `provisionPct` was computed from counts (false: as reported).
    from_counts: bool,
}

impl From<e::textbook_provision::Model> for TextbookProvision {
    fn from(m: e::textbook_provision::Model) -> Self {
        let computed = match (m.available, m.required) {
            (Some(a), Some(r)) if r > 0 => Some(f64::from(a) * 100.0 / f64::from(r)),
            _ => None,
        };
        TextbookProvision {
            academic_year: m.academic_year,
            grade_band: m.grade_band,
            required: m.required,
            available: m.available,
            provision_pct: computed.or(m.provision_pct),
            from_counts: computed.is_some(),
        }
    }
}

pub async fn enrolment(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<EnrolmentSnapshot>> {
    list(facts::enrolment::read(db(ctx)?, school, year).await)
}

pub async fn infrastructure(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<InfrastructureSnapshot>> {
    list(facts::infrastructure::read(db(ctx)?, school, year).await)
}

pub async fn staff(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<StaffSnapshot>> {
    list(facts::staff::read(db(ctx)?, school, year).await)
}

pub async fn textbooks(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<TextbookProvision>> {
    list(facts::textbooks::read(db(ctx)?, school, year).await)
}
