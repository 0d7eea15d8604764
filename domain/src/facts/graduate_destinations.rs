//! Where a school's graduates went (seed 000's graduate placement; seed 003 names pupils
//! leaving for colleges after grade 9 as a weakness): per school, academic year and finishing
//! grade (9, or 11 and 12), how many finished it and how many of them went on to school
//! (grade 10), a university, a college, a vocational lyceum or work, or elsewhere (army,
//! abroad, at home, unknown). A blank destination is not reported, never zero.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope};
use crate::access::Tier;
use crate::bulk::Target;
use crate::error::Result;
use crate::export::Export;

pub(super) static KIND: FactKind = FactKind {
    name: "graduate-destinations",
    about: "Where the pupils who finished grade 9, 11 or 12 of a school in a year went: further \
            schooling, university, college, vocational lyceum, work or elsewhere.",
    columns,
    key_columns: &["school", "academic_year", "grade"],
    target: Target {
        table: "graduate_destination",
        columns: &[
            "school_id",
            "academic_year",
            "grade",
            "graduates",
            "continuing_school",
            "to_university",
            "to_college",
            "to_vocational",
            "employed",
            "other",
        ],
        key: &["school_id", "academic_year", "grade"],
        year_column: Some("academic_year"),
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::SameNamed,
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordGraduateDestinations",
        input: "GraduateDestinationInput",
        about: "Records a batch of graduate destinations (one `GraduateDestinationInput` each); a \
          repeated batch changes nothing. Who may write: an admin, or a region, district or school \
          token for schools within its scope.",
        lists: &[],
    },
    messages: Check::samples,
};

fn columns() -> Vec<Col> {
    let count = |key, ky, ru, help| col(key, ky, ru, PUPILS, false, help);
    with_school_year(&[
        col(
            "grade",
            "класс",
            "класс",
            Ty::Int { min: 9, max: 12 },
            true,
            "the grade finished: 9, 11, or 12 in the 12-year system",
        ),
        col(
            "graduates",
            "бүтүрүүчүлөр",
            "выпускники",
            PUPILS,
            true,
            "how many finished the grade this year",
        ),
        count(
            "continuing_school",
            "10-класска",
            "в 10 класс",
            "went on to grade 10, in this or another school (after grade 9)",
        ),
        count(
            "to_university",
            "ЖОЖго",
            "в вуз",
            "entered a university (after grade 11 or 12)",
        ),
        count(
            "to_college",
            "колледжге",
            "в колледж",
            "entered a college (secondary vocational education)",
        ),
        count(
            "to_vocational",
            "кесиптик лицейге",
            "в профессиональный лицей",
            "entered a vocational lyceum (primary vocational education)",
        ),
        count("employed", "жумушка", "работают", "went to work"),
        count(
            "other",
            "башка",
            "другое",
            "army, abroad, at home or not known",
        ),
    ])
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let grade = f.int("grade");
    if grade == Some(10) {
        errors.push(f.error("grade", Check::NotFinishingGrade(10)));
    }
    if grade == Some(9) && f.int("to_university").is_some_and(|n| n > 0) {
        errors.push(f.error("to_university", Check::UniversityAfterGrade9));
    }
    let graduates = f.int("graduates").unwrap_or_default();
    // The destinations: every column of the table after `graduates`.
    let went: i64 = KIND.target.columns[4..]
        .iter()
        .map(|c| f.count_or_zero(c))
        .sum();
    if went > graduates {
        errors.push(f.error("other", Check::DestinationsAboveGraduates(went, graduates)));
    }
    i.same_named_row(&KIND.target, errors)
}

crate::kind_messages! {
    /// What the checks of graduate destinations say.
    pub enum Check {
        /// A grade (this) that no pupil graduates from.
        NotFinishingGrade(grade: i64 = 10) => [
            format!("{grade}-класс бүтүрүүчү класс эмес: 9, 11 же 12 жазыңыз"),
            format!("{grade} класс не выпускной: укажите 9, 11 или 12"),
            format!("grade {grade} is not a finishing grade: use 9, 11 or 12"),
        ],
        UniversityAfterGrade9 => [
            "9-класстан кийин ЖОЖго кабыл алынбайт: аларды колледжге же лицейге жазыңыз",
            "после 9 класса в вуз не поступают: укажите их в колледже или лицее",
            "no one enters a university after grade 9: count them under college or vocational",
        ],
        /// The destinations add up to the first, more than the second, the graduates.
        DestinationsAboveGraduates(sum: i64 = 31, total: i64 = 30) => [
            format!("багыттардын жыйындысы {sum}, бул {total} бүтүрүүчүдөн көп"),
            format!("сумма по направлениям {sum}, это больше {total} выпускников"),
            format!("the destinations add up to {sum}, more than the {total} graduates"),
        ],
    }
}
