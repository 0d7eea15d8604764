//! Pupils of one class by their marks over all subjects in a period (all 5, 4 and 5, with a 3, with a 2, н/а, exempt): the per-pupil counts of DOMAIN.md §1.3.

use super::columns::*;
use super::mark_summaries::{MarkFilter, mark_conditions};
use super::mark_summaries::{check_counts, class_and_period, counts};
use super::{Entry, FactKind, Outcome, RowInput, RowScope};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::db::stmt;
use crate::error::Result;
use crate::export::{Export, PERIOD_LABEL, Read};
use crate::query::lookup;
use entity::{class_group, class_outcome, period};
use sea_orm::{ConnectionTrait, EntityTrait, Value};

pub(super) static KIND: FactKind = FactKind {
    name: "class-outcomes",
    about: "Pupils of one class by their marks over all subjects in a period (all 5s, 4 and 5, with a 3, with a 2).",
    columns,
    key_columns: &["school", "academic_year", "grade", "class_letter", "period"],
    target: Target {
        table: "class_outcome",
        columns: &[
            "class_group_id",
            "period_id",
            "n_all_5",
            "n_4_5",
            "n_with_3",
            "n_with_2",
            "n_na",
            "n_exempt",
            "n_enrolled",
        ],
        key: &["class_group_id", "period_id"],
        year_column: None,
    },
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "class_outcome o JOIN class_group c ON c.id = o.class_group_id \
               JOIN school s ON s.id = c.school_id JOIN period p ON p.id = o.period_id",
        values: &[
            ("academic_year", "c.academic_year"),
            ("grade", "c.grade"),
            ("class_letter", "c.letter"),
            ("class_language", "c.language"),
            ("period", PERIOD_LABEL),
            ("n_all_5", "o.n_all_5"),
            ("n_4_5", "o.n_4_5"),
            ("n_with_3", "o.n_with_3"),
            ("n_with_2", "o.n_with_2"),
            ("n_na", "o.n_na"),
            ("n_exempt", "o.n_exempt"),
            ("n_enrolled", "o.n_enrolled"),
        ],
        year: Some("c.academic_year"),
        order: "s.code, c.academic_year, c.grade, c.letter, p.kind, p.idx",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordClassOutcomes",
        input: "ClassOutcomeInput",
        about: "Records a batch of class outcomes (one `ClassOutcomeInput` each); a repeated batch changes\n\
          nothing. Who may write: an admin, or a region, district or school token for schools within\n\
          its scope.",
        lists: &[],
    },
    messages: Vec::new,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "grade",
            "класс",
            "класс",
            Ty::Int { min: 1, max: 12 },
            true,
            "1..12",
        ),
        CLASS_LETTER,
        CLASS_LANGUAGE,
        col(
            "period",
            "мезгил",
            "период",
            PERIOD,
            true,
            "Q1..Q4, H1, H2 or year",
        ),
        col(
            "n_all_5",
            "мыкты окуучулар",
            "отличники",
            COUNT,
            false,
            "only 5s",
        ),
        col(
            "n_4_5",
            "жакшы окуучулар",
            "хорошисты",
            COUNT,
            false,
            "only 4s and 5s, at least one 4",
        ),
        col(
            "n_with_3",
            "3 менен",
            "с тройками",
            COUNT,
            false,
            "a 3 but no 2",
        ),
        col(
            "n_with_2",
            "2 менен",
            "неуспевающие",
            COUNT,
            false,
            "at least one 2",
        ),
        col(
            "n_na",
            "аттестацияланган жок",
            "н/а",
            COUNT,
            false,
            "pupils not attested (н/а) in some subject",
        ),
        col(
            "n_exempt",
            "бошотулган",
            "освобождены",
            COUNT,
            false,
            "pupils exempt (left out of every denominator)",
        ),
        col(
            "n_enrolled",
            "окуучулар",
            "учащихся",
            Ty::Int { min: 0, max: 60 },
            true,
            "pupils on the class list at period end",
        ),
    ])
}

const COUNTS: [&str; 6] = [
    "n_all_5", "n_4_5", "n_with_3", "n_with_2", "n_na", "n_exempt",
];

async fn build(mut i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    check_counts(f, &COUNTS, &mut errors);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let (class_id, period_id) = class_and_period(&mut i).await?;
    let values = [
        ("class_group_id", Value::Int(Some(class_id))),
        ("period_id", Value::Int(Some(period_id))),
    ];
    Ok(Ok(i.row(
        &KIND.target,
        values.into_iter().chain(counts(f, &COUNTS)),
    )?))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// A class outcome with its class and period.
#[derive(Debug, Clone)]
pub struct OutcomeRow {
    pub outcome: class_outcome::Model,
    pub class_group: class_group::Model,
    pub period: period::Model,
}

/// Class outcomes (all subjects) of a school (three statements).
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    filter: &MarkFilter,
) -> Result<Vec<OutcomeRow>> {
    grant.require(KIND.tier)?;
    let school_id = grant.school_id();
    let mut conds = vec!["c.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    mark_conditions(filter, &mut conds, &mut vals);
    let sql = format!(
        "SELECT o.* FROM class_outcome o \
         JOIN class_group c ON c.id = o.class_group_id \
         JOIN period p ON p.id = o.period_id \
         WHERE {} ORDER BY c.academic_year DESC, p.kind, p.idx, c.grade, c.letter",
        conds.join(" AND ")
    );
    let rows = class_outcome::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let classes = lookup::class_groups(db, rows.iter().map(|r| r.class_group_id).collect()).await?;
    let periods = lookup::periods(db, rows.iter().map(|r| r.period_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|outcome| {
            Some(OutcomeRow {
                class_group: classes.get(&outcome.class_group_id)?.clone(),
                period: periods.get(&outcome.period_id)?.clone(),
                outcome,
            })
        })
        .collect())
}
