//! One pupil's or team's result in a contest, named by its Kyrgyz name and level.

use super::columns::*;
use super::olympiad_results::placing;
use super::{Entry, FactKind, Outcome, RowInput, RowScope};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::db::stmt;
use crate::error::Result;
use crate::export::{Export, Read};
use crate::import::resolve::ContestSpec;
use crate::query::lookup;
use entity::{contest, contest_result};
use sea_orm::{ConnectionTrait, EntityTrait, Value};

pub(super) static KIND: FactKind = FactKind {
    name: "contest-results",
    about: "An entry (pupil or team, by reference) in a contest other than a subject olympiad.",
    columns,
    key_columns: &[
        "school",
        "academic_year",
        "contest_name_ky",
        "level",
        "entry_ref",
    ],
    target: Target {
        table: "contest_result",
        columns: &[
            "contest_id",
            "school_id",
            "entry_ref",
            "participants",
            "place",
            "award",
            "advanced_to_next",
        ],
        key: &["contest_id", "school_id", "entry_ref"],
        year_column: None,
    },
    tier: Some(Tier::People),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "contest_result o JOIN contest ct ON ct.id = o.contest_id \
               JOIN school s ON s.id = o.school_id",
        values: &[
            ("academic_year", "ct.academic_year"),
            ("contest_name_ky", "ct.name_ky"),
            ("contest_name_ru", "ct.name_ru"),
            ("contest_name_en", "ct.name_en"),
            ("category", "ct.category"),
            ("level", "ct.level"),
            ("entry_ref", "o.entry_ref"),
            ("participants", "o.participants"),
            ("place", "o.place"),
            ("award", "o.award"),
            ("advanced_to_next", "o.advanced_to_next"),
        ],
        year: Some("ct.academic_year"),
        order: "s.code, ct.academic_year, ct.name_ky, ct.level, o.entry_ref",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordContestResults",
        input: "ContestResultInput",
        about: "Records a batch of contest results (one `ContestResultInput` each); a repeated batch changes\n\
          nothing. Who may write: an admin, or a region, district or school token for schools within\n\
          its scope.",
        lists: &[],
    },
    messages: Vec::new,
};

fn columns() -> Vec<Col> {
    let mut v = with_school_year(&[
        col(
            "contest_name_ky",
            "сынактын аталышы (кыргызча)",
            "название конкурса (кыргызское)",
            Ty::Name,
            true,
            "the contest's Kyrgyz name, e.g. Манас таануу (the same name each year)",
        ),
        col(
            "contest_name_ru",
            "сынактын аталышы (орусча)",
            "название конкурса (русское)",
            Ty::Name,
            false,
            "the contest's name in Russian, if it has one",
        ),
        col(
            "contest_name_en",
            "сынактын аталышы (англисче)",
            "название конкурса (английское)",
            Ty::Name,
            false,
            "the contest's name in English, if it has one",
        ),
        col(
            "category",
            "сынактын түрү",
            "вид конкурса",
            Ty::Enum(&[
                ("intellectual", &["интеллектуалдык", "интеллектуальный"]),
                ("creative", &["чыгармачылык", "творческий"]),
                ("sport", &["спорттук", "спортивный"]),
                ("other", &["башка", "другой"]),
            ]),
            false,
            "intellectual (default for a new contest), creative, sport or other",
        ),
        col(
            "level",
            "деңгээл",
            "уровень",
            LEVEL,
            true,
            "the round: school, zonal, district, city, oblast, republic, international",
        ),
        col(
            "entry_ref",
            "катышуучунун коду",
            "код участника",
            Ty::Text { max: 64 },
            true,
            "pseudonymous pupil or team code, never a name",
        ),
        col(
            "participants",
            "катышуучулардын саны",
            "число участников",
            Ty::Int { min: 1, max: 1000 },
            false,
            "pupils in the entry (a team's size); blank = not known",
        ),
    ]);
    v.extend_from_slice(&PLACING);
    v
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let level = f.text("level").unwrap_or_default();
    let (place, award) = placing(f, level, &mut errors);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let spec = ContestSpec {
        name_ky: f.text("contest_name_ky").unwrap_or_default(),
        name_ru: f.text("contest_name_ru"),
        name_en: f.text("contest_name_en"),
        category: f.text("category"),
        level,
    };
    let contest_id = match i
        .r
        .contest(i.db, i.year.unwrap_or_default(), &spec, f.line)
        .await?
    {
        Ok(id) => id,
        Err((column, message)) => return Ok(Err(vec![f.error(column, message)])),
    };
    Ok(Ok(i.row(
        &KIND.target,
        [
            ("contest_id", Value::Int(Some(contest_id))),
            ("school_id", Value::Int(Some(i.school_id))),
            ("entry_ref", f.value("entry_ref")),
            ("participants", f.value("participants")),
            ("place", Value::Int(place)),
            ("award", Value::String(Some(award))),
            (
                "advanced_to_next",
                Value::Bool(Some(f.flag("advanced_to_next"))),
            ),
        ],
    )?))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// Contest results of a school with their contests (two statements), newest year first.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<(contest_result::Model, contest::Model)>> {
    grant.require(KIND.tier)?;
    let school_id = grant.school_id();
    let mut conds = vec!["r.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    if let Some(y) = year {
        conds.push("k.academic_year = ?".into());
        vals.push(y.into());
    }
    let sql = format!(
        "SELECT r.* FROM contest_result r JOIN contest k ON k.id = r.contest_id WHERE {} \
         ORDER BY k.academic_year DESC, k.name_ky, r.entry_ref",
        conds.join(" AND ")
    );
    let results = contest_result::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let ids = results.iter().map(|r| r.contest_id).collect();
    let contests =
        lookup::rows_by_id::<contest::Entity>(db, ids, contest::Column::Id, |c| c.id).await?;
    Ok(results
        .into_iter()
        .filter_map(|r| {
            let c = contests.get(&r.contest_id)?.clone();
            Some((r, c))
        })
        .collect())
}
