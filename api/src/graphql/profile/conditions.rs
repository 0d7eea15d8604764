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
    grade: i32,
    pupils: i32,
}

#[derive(SimpleObject)]
pub struct EnrolmentSnapshot {
    academic_year: i32,
    enrolment: i32,
    shifts: Option<i32>,
    class_sets: Option<i32>,
    first_grade_intake: Option<i32>,
    preparatory_intake: Option<i32>,
    left_mid_year: Option<i32>,
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
    academic_year: i32,
    classrooms: Option<i32>,
    extracurricular_rooms: Option<i32>,
    labs: Option<i32>,
    computer_classes: Option<i32>,
    computers: Option<i32>,
    laptops: Option<i32>,
    printers: Option<i32>,
    copiers: Option<i32>,
    projectors: Option<i32>,
    interactive_boards: Option<i32>,
    internet_channels: Option<i32>,
    sport_halls: Option<i32>,
    sport_hall_area_m2: Option<f64>,
    sport_grounds: Option<i32>,
    sport_ground_area_m2: Option<f64>,
    libraries: Option<i32>,
    library_fund: Option<i32>,
    reading_room_seats: Option<i32>,
    medical_rooms: Option<i32>,
    canteens: Option<i32>,
    cctv_cameras: Option<i32>,
    toilets_indoor: Option<i32>,
    toilets_outdoor: Option<i32>,
    fire_boards: Option<i32>,
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
    academic_year: i32,
    teachers_total: i32,
    with_higher_ed: Option<i32>,
    with_award_excellence: Option<i32>,
    category_none: Option<i32>,
    category_second: Option<i32>,
    category_first: Option<i32>,
    category_highest: Option<i32>,
    young_teachers: Option<i32>,
    mentors: Option<i32>,
    trained_this_year: Option<i32>,
    trained_last5y: Option<i32>,
    over_rate_teachers: Option<i32>,
    vacancies: Option<i32>,
    ict_competent_pct: Option<f64>,
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
    academic_year: i32,
    /// all, 1-4, 5-9 or 10-12.
    grade_band: String,
    required: Option<i32>,
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
