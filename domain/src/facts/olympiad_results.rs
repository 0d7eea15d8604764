//! One pupil's result at one olympiad stage; the stage (year, subject, kind, level) is found or created with the row.

use super::columns::*;
use super::{Entry, FactKind, Fields, Outcome, RowInput, RowScope, subject_of};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::db::stmt;
use crate::error::Result;
use crate::export::{Export, Read};
use crate::import::RowError;
use crate::query::lookup;
use entity::{olympiad, olympiad_result, subject};
use sea_orm::{ConnectionTrait, EntityTrait, Value};

pub(super) static KIND: FactKind = FactKind {
    name: "olympiad-results",
    about: "A pupil's result (by pseudonymous reference) at one subject olympiad stage.",
    columns,
    key_columns: &[
        "school",
        "academic_year",
        "subject",
        "olympiad_kind",
        "level",
        "student_ref",
    ],
    target: Target {
        table: "olympiad_result",
        columns: &[
            "olympiad_id",
            "school_id",
            "student_ref",
            "grade",
            "place",
            "award",
            "advanced_to_next",
        ],
        key: &["olympiad_id", "school_id", "student_ref"],
        // The year is the olympiad's; rows carry it for the change watermark.
        year_column: None,
    },
    tier: Some(Tier::People),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "olympiad_result o JOIN olympiad ol ON ol.id = o.olympiad_id \
               JOIN school s ON s.id = o.school_id JOIN subject su ON su.id = ol.subject_id",
        values: &[
            ("academic_year", "ol.academic_year"),
            ("subject", "su.code"),
            ("olympiad_kind", "ol.kind"),
            ("level", "ol.level"),
            ("student_ref", "o.student_ref"),
            ("grade", "o.grade"),
            ("place", "o.place"),
            ("award", "o.award"),
            ("advanced_to_next", "o.advanced_to_next"),
        ],
        year: Some("ol.academic_year"),
        order: "s.code, ol.academic_year, su.code, ol.kind, ol.level, o.student_ref",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordOlympiadResults",
        input: "OlympiadResultInput",
        about: "Records a batch of olympiad results (one `OlympiadResultInput` each); a repeated batch\n\
          changes nothing. Who may write: an admin, or a region, district or school token for schools\n\
          within its scope.",
        lists: &[],
    },
    messages: Check::samples,
};

fn columns() -> Vec<Col> {
    let mut v = with_school_year(&[
        col(
            "subject",
            "сабак",
            "предмет",
            Ty::Name,
            true,
            "subject code or name (математика, биология …)",
        ),
        col(
            "olympiad_kind",
            "олимпиаданын түрү",
            "вид олимпиады",
            Ty::Enum(&[
                (
                    "republican",
                    &["республикалык олимпиада", "республиканская олимпиада"],
                ),
                ("national", &["улуттук олимпиада", "национальная олимпиада"]),
                ("other", &["башка", "другая"]),
            ]),
            false,
            "republican (default: the republican olympiad of school pupils), national or other",
        ),
        col(
            "level",
            "деңгээл",
            "уровень",
            LEVEL,
            true,
            "the stage: school, zonal, district, city, oblast, republic, international (мектептик, зоналык, райондук …)",
        ),
        col(
            "student_ref",
            "окуучунун коду",
            "код ученика",
            Ty::Text { max: 64 },
            true,
            "pseudonymous reference, never a name; one row per pupil and stage",
        ),
        col(
            "grade",
            "класс",
            "класс",
            Ty::Int { min: 1, max: 12 },
            false,
            "the pupil's grade, 1..12",
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
    let subject = subject_of(f, i.r, "subject", &mut errors);
    let Some(subject_id) = subject.filter(|_| errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let olympiad_kind = f.text("olympiad_kind").unwrap_or("republican");
    let olympiad_id =
        i.r.olympiad(
            i.db,
            i.year.unwrap_or_default(),
            subject_id,
            olympiad_kind,
            level,
        )
        .await?;
    Ok(Ok(i.row(
        &KIND.target,
        [
            ("olympiad_id", Value::Int(Some(olympiad_id))),
            ("school_id", Value::Int(Some(i.school_id))),
            ("student_ref", f.value("student_ref")),
            ("grade", f.value("grade")),
            ("place", Value::Int(place)),
            ("award", Value::String(Some(award))),
            (
                "advanced_to_next",
                Value::Bool(Some(f.flag("advanced_to_next"))),
            ),
        ],
    )?))
}

/// The place and award of an olympiad or contest result. Places 1–3 earn the diplomas of
/// degrees I–III (DOMAIN.md §3), so a blank award of a placed entrant is that diploma, a
/// diploma of another degree is a mistake, and a placed entrant is not a mere participant.
pub(super) fn placing(
    f: &Fields<'_>,
    level: &str,
    errors: &mut Vec<RowError>,
) -> (Option<i32>, String) {
    let place = f.i32("place");
    let award = match (place, f.text("award")) {
        (_, Some(a)) => a.to_owned(),
        (Some(p), None) => format!("diploma_{p}"),
        (None, None) => "participant".to_owned(),
    };
    if let Some(p) = place {
        match award.strip_prefix("diploma_") {
            Some(degree) if degree != p.to_string() => {
                errors.push(f.error("award", Check::DiplomaPlace(degree.to_owned(), p.into())))
            }
            None if award == "participant" => {
                errors.push(f.error("award", Check::PlaceNotParticipant(p.into())))
            }
            _ => {}
        }
    }
    if level == "international" && f.flag("advanced_to_next") {
        errors.push(f.error("advanced_to_next", Check::NoStageAfterInternational));
    }
    (place, award)
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// An olympiad result with its olympiad and subject.
#[derive(Debug, Clone)]
pub struct OlympiadRow {
    pub result: olympiad_result::Model,
    pub olympiad: olympiad::Model,
    pub subject: subject::Model,
}

/// Olympiad results of a school (three statements), newest year first.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<OlympiadRow>> {
    grant.require(KIND.tier)?;
    let school_id = grant.school_id();
    let mut conds = vec!["r.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    if let Some(y) = year {
        conds.push("o.academic_year = ?".into());
        vals.push(y.into());
    }
    let sql = format!(
        "SELECT r.* FROM olympiad_result r JOIN olympiad o ON o.id = r.olympiad_id WHERE {} \
         ORDER BY o.academic_year DESC, o.level, r.student_ref",
        conds.join(" AND ")
    );
    let results = olympiad_result::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let ids = results.iter().map(|r| r.olympiad_id).collect();
    let olympiads =
        lookup::rows_by_id::<olympiad::Entity>(db, ids, olympiad::Column::Id, |o| o.id).await?;
    let subjects = lookup::subjects(db, olympiads.values().map(|o| o.subject_id).collect()).await?;
    Ok(results
        .into_iter()
        .filter_map(|result| {
            let olympiad = olympiads.get(&result.olympiad_id)?.clone();
            Some(OlympiadRow {
                subject: subjects.get(&olympiad.subject_id)?.clone(),
                olympiad,
                result,
            })
        })
        .collect())
}

crate::kind_messages! {
    /// What the checks of olympiad results say.
    pub enum Check {
        /// A diploma's degree (the first) that is not the place (the second).
        DiplomaPlace(degree: String = "2".into(), place: i64 = 1) => [
            format!(
                "{degree}-даражадагы диплом {degree}-орунга берилет, бирок орун {place}: \
                 орунду же сыйлыкты оңдоңуз"
            ),
            format!(
                "диплом {degree} степени даётся за {degree} место, а место {place}: \
                 исправьте место или награду"
            ),
            format!(
                "a diploma of degree {degree} goes with place {degree}, but place is \
                 {place}: fix the place or the award"
            ),
        ],
        /// A place (this) marked as mere participation.
        PlaceNotParticipant(p: i64 = 1) => [
            format!("{p}-орун үчүн диплом же сертификат берилет, «катышуучу» эмес"),
            format!("за {p} место полагается диплом или грамота, а не «участник»"),
            format!("place {p} earns a diploma or certificate, not participant"),
        ],
        NoStageAfterInternational => [
            "эл аралык баскычтан кийин башка баскыч жок",
            "после международного этапа других этапов нет",
            "there is no stage after the international one",
        ],
    }
}
