//! The staff of a school in one year: totals, education, categories, training coverage.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;
use crate::query::lookup::school_years;
use entity::staff_snapshot;
use sea_orm::ConnectionTrait;

pub(super) static KIND: FactKind = FactKind {
    name: "staff",
    about: "A school's staff figures for a year (teachers, qualifications, categories, vacancies).",
    columns,
    key_columns: &["school", "academic_year"],
    target: Target {
        table: "staff_snapshot",
        columns: &[
            "school_id",
            "academic_year",
            "teachers_total",
            "with_higher_ed",
            "with_award_excellence",
            "category_none",
            "category_second",
            "category_first",
            "category_highest",
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
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::SameNamed,
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordStaffSnapshots",
        input: "StaffSnapshotInput",
        about: "Records a batch of staff snapshots (one `StaffSnapshotInput` each); a repeated batch changes\n\
          nothing. Who may write: an admin, or a region, district or school token for schools within\n\
          its scope.",
        lists: &[],
    },
    messages: Check::samples,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "teachers_total",
            "мугалимдер",
            "учителей всего",
            COUNT,
            true,
            "teachers on the staff; the other counts are parts of it",
        ),
        col(
            "with_higher_ed",
            "жогорку билимдүү",
            "с высшим образованием",
            COUNT,
            false,
            "teachers with higher education",
        ),
        col(
            "with_award_excellence",
            "билим берүүнүн мыктысы",
            "отличники образования",
            COUNT,
            false,
            "teachers holding the \"Excellence in education\" badge (билим берүүнүн мыктысы)",
        ),
        col(
            "category_none",
            "категориясыз",
            "без категории",
            COUNT,
            false,
            "teachers without a qualification category",
        ),
        col(
            "category_second",
            "II категория",
            "II категория",
            COUNT,
            false,
            "teachers of the second qualification category",
        ),
        col(
            "category_first",
            "I категория",
            "I категория",
            COUNT,
            false,
            "teachers of the first qualification category",
        ),
        col(
            "category_highest",
            "жогорку категория",
            "высшая категория",
            COUNT,
            false,
            "teachers of the highest qualification category",
        ),
        col(
            "young_teachers",
            "жаш мугалимдер",
            "молодые учителя",
            COUNT,
            false,
            "young specialists (teachers in their first years)",
        ),
        col(
            "mentors",
            "насаатчылар",
            "наставники",
            COUNT,
            false,
            "teachers mentoring young specialists",
        ),
        col(
            "trained_this_year",
            "быйыл окугандар",
            "прошли курсы в этом году",
            COUNT,
            false,
            "teachers who attended in-service training this year",
        ),
        col(
            "trained_last_5y",
            "5 жылда окугандар",
            "прошли курсы за 5 лет",
            COUNT,
            false,
            "teachers who attended in-service training in the last five years",
        ),
        col(
            "over_rate_teachers",
            "штаттан тышкары",
            "сверх штата",
            COUNT,
            false,
            "teachers beyond the staff establishment (сверх штата)",
        ),
        col(
            "vacancies",
            "бош орундар",
            "вакансии",
            COUNT,
            false,
            "unfilled teaching posts",
        ),
        col(
            "ict_competent_pct",
            "АКТ колдонгондор %",
            "владеют ИКТ %",
            PCT,
            false,
            "teachers who use ICT, in % of all teachers (0-100)",
        ),
        col(
            "interactive_board_pct",
            "интерактивдүү доска %",
            "интерактивная доска %",
            PCT,
            false,
            "teachers who use an interactive board, in % of all teachers (0-100)",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let total = f.int("teachers_total").unwrap_or_default();
    for c in [
        "with_higher_ed",
        "with_award_excellence",
        "young_teachers",
        "mentors",
        "trained_this_year",
        "trained_last_5y",
        "over_rate_teachers",
    ] {
        if f.int(c).is_some_and(|v| v > total) {
            errors.push(f.error(c, Check::AboveTeachers(total)));
        }
    }
    let categories: i64 = [
        "category_none",
        "category_second",
        "category_first",
        "category_highest",
    ]
    .iter()
    .map(|c| f.count_or_zero(c))
    .sum();
    if categories > total {
        errors.push(f.error(
            "category_none",
            Check::CategoriesAboveTeachers(categories, total),
        ));
    }
    i.same_named_row(&KIND.target, errors)
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// Staff snapshots, newest year first.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<staff_snapshot::Model>> {
    grant.require(KIND.tier)?;
    school_years::<staff_snapshot::Entity>(db, grant.school_id(), year, &[]).await
}

crate::kind_messages! {
    /// What the checks of staff snapshots say.
    pub enum Check {
        /// More than the teachers in total (this many).
        AboveTeachers(n: i64 = 40) => [
            format!("бардыгы {n} мугалимден көп"),
            format!("больше, чем всего учителей ({n})"),
            format!("is more than the {n} teachers in total"),
        ],
        /// The teacher categories add up to the first, more than the second, the teachers in total.
        CategoriesAboveTeachers(sum: i64 = 41, total: i64 = 40) => [
            format!("категориялардын жыйындысы {sum}, бул {total} мугалимден көп"),
            format!("сумма по категориям {sum}, это больше {total} учителей"),
            format!("the categories add up to {sum}, more than the {total} teachers"),
        ],
    }
}
