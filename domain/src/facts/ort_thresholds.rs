//! The ORT admission thresholds a ministry order sets each year (DOMAIN.md §2.3: grant 110 on
//! the main test and 60 on a subject test, contract 105 and 50), per admission type and
//! programme group. National reference data: no school, written by an admin, read by anyone;
//! a year without a row falls back to the configured threshold.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, by_name, checked};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::{Export, Read};
use crate::import::Row;
use crate::messages::Msg;

pub(super) static KIND: FactKind = FactKind {
    name: "ort-thresholds",
    about: "The ORT admission thresholds of a year for one admission type and programme group (a ministry order).",
    columns,
    key_columns: &["academic_year", "admission_type", "programme_group"],
    target: Target {
        table: "ort_threshold",
        columns: &[
            "academic_year",
            "admission_type",
            "programme_group",
            "main_min",
            "subject_min",
        ],
        key: &["academic_year", "admission_type", "programme_group"],
        year_column: Some("academic_year"),
    },
    tier: None,
    scope: RowScope::National,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "ort_threshold o",
        values: &[
            ("academic_year", "o.academic_year"),
            ("admission_type", "o.admission_type"),
            ("programme_group", "o.programme_group"),
            ("main_min", "o.main_min"),
            ("subject_min", "o.subject_min"),
        ],
        year: Some("o.academic_year"),
        order: "o.academic_year, o.admission_type, o.programme_group",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordOrtThresholds",
        input: "OrtThresholdInput",
        about: "Records a batch of ORT admission thresholds (one `OrtThresholdInput` each); a repeated\n\
          batch changes nothing. Who may write: an admin only (national reference data).",
        lists: &[],
    },
    messages: Vec::new,
};

/// The programme group of a threshold that applies to every programme.
const GENERAL: &str = "general";

fn columns() -> Vec<Col> {
    vec![
        col(
            "academic_year",
            "окуу жылы",
            "учебный год",
            Ty::Year,
            true,
            "the year whose graduates the order admits, e.g. 2018-2019 for the 2019 session",
        ),
        col(
            "admission_type",
            "кабыл алуу түрү",
            "вид зачисления",
            Ty::Enum(&[
                ("grant", &["грант", "бюджет", "мамлекеттик грант"]),
                ("contract", &["контракт", "келишим"]),
            ]),
            true,
            "grant or contract",
        ),
        col(
            "programme_group",
            "адистиктер тобу",
            "группа направлений",
            Ty::Text { max: 64 },
            false,
            "the programme group the threshold is for; blank: general (every programme)",
        ),
        col(
            "main_min",
            "негизги тесттин босогосу",
            "порог основного теста",
            Ty::Int { min: 0, max: 1000 },
            true,
            "the lowest main-test score admitted (at most the configured maximum)",
        ),
        col(
            "subject_min",
            "предметтик тесттин босогосу",
            "порог предметного теста",
            Ty::Int { min: 0, max: 1000 },
            false,
            "the lowest subject-test score admitted; blank: no subject threshold",
        ),
    ]
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let max = i64::from(i.ctx.ort_main_max);
    if f.int("main_min").is_some_and(|m| m > max) {
        errors.push(f.error("main_min", Msg::AboveOrtMax(max)));
    }
    let values = [
        ("academic_year", f.value("academic_year")),
        ("admission_type", f.value("admission_type")),
        ("programme_group", f.text_or("programme_group", GENERAL)),
        ("main_min", f.value("main_min")),
        ("subject_min", f.value("subject_min")),
    ];
    let row = Row {
        year: i.year,
        values: by_name(&KIND.target, values)?,
        languages: None,
        school_id: None,
    };
    Ok(checked(row, errors))
}
