//! Cases of the rules of the tables added since: graduate destinations.

use super::Case;

pub(super) const CASES: &[Case] = &[
    Case {
        constraint: "ck_graduate_destination_grade",
        setup: &[],
        bad: concat!(
            "INSERT INTO graduate_destination (school_id, academic_year, grade, graduates) VALUES (",
            school!(),
            ", 2021, 10, 30)"
        ),
    },
    Case {
        constraint: "ck_graduate_destination_counts",
        setup: &[],
        bad: concat!(
            "INSERT INTO graduate_destination (school_id, academic_year, grade, graduates, \
             to_university, to_college, other) VALUES (",
            school!(),
            ", 2021, 11, 30, 20, 8, 3)"
        ),
    },
    Case {
        constraint: "ck_graduate_destination_university",
        setup: &[],
        bad: concat!(
            "INSERT INTO graduate_destination (school_id, academic_year, grade, graduates, \
             to_university) VALUES (",
            school!(),
            ", 2021, 9, 30, 2)"
        ),
    },
    Case {
        constraint: "uq_graduate_destination",
        setup: &[concat!(
            "INSERT INTO graduate_destination (school_id, academic_year, grade, graduates) VALUES (",
            school!(),
            ", 2020, 9, 40)"
        )],
        bad: concat!(
            "INSERT INTO graduate_destination (school_id, academic_year, grade, graduates) VALUES (",
            school!(),
            ", 2020, 9, 41)"
        ),
    },
];
