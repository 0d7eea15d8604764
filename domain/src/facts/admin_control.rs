//! The half-year administrative control of one class and subject (seed 002, DOMAIN.md §6):
//! the subject teacher (the register's pseudonymous reference), the methodological
//! association (усулдук бирикме) that runs the tests and compares the half-years, and its
//! recommendations. The tests' counts are mark summaries (`assessment_kind` admin_control,
//! periods H1 and H2), so each fact has one place; the analysis ([`read`], [`read_district`])
//! joins the two by class and subject.
//!
//! Every figure here is per mark (a pupil counts once per subject test, `catalog::Method::PerMark`):
//! quality = pupils with 4 or 5 over assessed pupils, success = pupils without 2, 1 or н/а over
//! assessed pupils (`formula::MarkCounts`). Roll-ups compare like with like: they sum the counts
//! of the class × subject pairs tested in both half-years, then divide; a pair with one half
//! only is listed but counted in `unpaired`, never in a roll-up's change.

use super::columns::*;
use super::teachers::named_teacher;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, checked, subject_of};
use crate::access::{DistrictGrant, Grant, Tier};
use crate::bulk::Target;
use crate::db::stmt;
use crate::error::{Error, Result};
use crate::export::{Export, Read};
use crate::formula::MarkCounts;
use crate::query::lookup;
use crate::text::search_key;
use entity::{class_group, subject};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use std::collections::{BTreeMap, HashMap};

pub(super) static KIND: FactKind = FactKind {
    name: "admin-control",
    about: "The half-year administrative control of one class and subject (seed 002): its subject teacher, methodological association and recommendations; the H1 and H2 test counts are mark summaries with assessment kind admin_control (natural key: class and subject).",
    columns,
    key_columns: &[
        "school",
        "academic_year",
        "grade",
        "class_letter",
        "subject",
    ],
    target: Target {
        table: "admin_control",
        columns: &[
            "class_group_id",
            "subject_id",
            "teacher_id",
            "association_ky",
            "association_ru",
            "recommendations",
        ],
        key: &["class_group_id", "subject_id"],
        year_column: None,
    },
    // Counts, associations and recommendations are the school's reported data; the teacher
    // is shown only with a grant for the register's (people) tier.
    tier: Some(Tier::Reported),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "admin_control a JOIN class_group c ON c.id = a.class_group_id \
               JOIN school s ON s.id = c.school_id JOIN subject su ON su.id = a.subject_id \
               LEFT JOIN teacher t ON t.id = a.teacher_id",
        values: &[
            ("academic_year", "c.academic_year"),
            ("grade", "c.grade"),
            ("class_letter", "c.letter"),
            ("class_language", "c.language"),
            ("subject", "su.code"),
            ("teacher_ref", "t.teacher_ref"),
            ("association_ky", "a.association_ky"),
            ("association_ru", "a.association_ru"),
            ("recommendations", "a.recommendations"),
        ],
        year: Some("c.academic_year"),
        order: "s.code, c.academic_year, c.grade, c.letter, su.code",
        // The teacher is the register's (people) tier, as in the API's answer.
        people: &["teacher_ref"],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordAdminControl",
        input: "AdminControlInput",
        about: "Records a batch of administrative-control rows (one `AdminControlInput` each: the class and\n\
          subject's teacher, methodological association and recommendations; the H1 and H2 counts\n\
          go to `recordMarkSummaries` with assessment kind admin_control); a repeated batch changes\n\
          nothing. Who may write: an admin, or a region, district or school token for schools within\n\
          its scope.",
        lists: &[],
    },
    messages: Vec::new,
};

/// The longest recommendations text a row keeps (the table's CHECK says the same).
pub const RECOMMENDATIONS_MAX: usize = 2000;
/// The longest association name.
pub const ASSOCIATION_MAX: usize = 200;

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "grade",
            "класс",
            "класс",
            Ty::Int { min: 5, max: 12 },
            true,
            "5..12 (the regulation tests grades 5–11, and 12 under the 12-year system)",
        ),
        CLASS_LETTER,
        CLASS_LANGUAGE,
        SUBJECT,
        col(
            "teacher_ref",
            "мугалимдин коду",
            "код учителя",
            Ty::Text { max: 64 },
            false,
            "the subject teacher's pseudonymous reference in the register (teachers); never a name",
        ),
        col(
            "association_ky",
            "усулдук бирикме",
            "методическое объединение",
            Ty::Text {
                max: ASSOCIATION_MAX,
            },
            false,
            "the methodological association's name in Kyrgyz (e.g. Табигый-математикалык цикл)",
        ),
        col(
            "association_ru",
            "усулдук бирикме (орусча)",
            "методическое объединение (на русском)",
            Ty::Text {
                max: ASSOCIATION_MAX,
            },
            false,
            "its name in Russian (e.g. МО естественно-математического цикла)",
        ),
        col(
            "recommendations",
            "сунуштар",
            "рекомендации",
            Ty::Text {
                max: RECOMMENDATIONS_MAX,
            },
            false,
            "what the association recommended after comparing H1 and H2 (one line, at most 2000 characters; never a pupil's or teacher's name)",
        ),
    ])
}

async fn build(mut i: RowInput<'_>) -> Result<Outcome> {
    let mut errors = Vec::new();
    let subject_id = subject_of(i.f, i.r, "subject", &mut errors);
    let teacher_id = named_teacher(&mut i, &mut errors).await?;
    let f = i.f;
    let grade = f.i32("grade").unwrap_or_default();
    let letter = f.text("class_letter").unwrap_or("").to_owned();
    let class_id = if errors.is_empty() {
        Some(
            i.r.class(
                i.db,
                i.school_id,
                i.year.unwrap_or_default(),
                grade,
                &letter,
                f.text("class_language"),
            )
            .await?,
        )
    } else {
        None
    };
    let values = [
        ("class_group_id", Value::Int(class_id)),
        ("subject_id", Value::Int(subject_id)),
        ("teacher_id", Value::Int(teacher_id)),
        ("association_ky", f.value("association_ky")),
        ("association_ru", f.value("association_ru")),
        ("recommendations", f.value("recommendations")),
    ];
    Ok(checked(i.row(&KIND.target, values)?, errors))
}

// The analysis: the kind's rows with their H1 and H2 counts, behind a grant for the kind's
// tier (and the teacher behind the register's).

/// The admin-control counts of a class × subject in each half-year (`None`: not tested, or
/// not recorded, in that half).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Halves {
    pub h1: Option<MarkCounts>,
    pub h2: Option<MarkCounts>,
}

impl Halves {
    /// Knowledge quality in H1 (%), from the counts.
    pub fn quality_h1(&self) -> Option<f64> {
        self.h1.and_then(|c| c.knowledge_quality_pct())
    }
    pub fn quality_h2(&self) -> Option<f64> {
        self.h2.and_then(|c| c.knowledge_quality_pct())
    }
    pub fn success_h1(&self) -> Option<f64> {
        self.h1.and_then(|c| c.success_pct())
    }
    pub fn success_h2(&self) -> Option<f64> {
        self.h2.and_then(|c| c.success_pct())
    }
    /// H2 − H1 knowledge quality, in percentage points (`None` unless both halves have it).
    pub fn quality_change(&self) -> Option<f64> {
        Some(self.quality_h2()? - self.quality_h1()?)
    }
    /// H2 − H1 success, in percentage points.
    pub fn success_change(&self) -> Option<f64> {
        Some(self.success_h2()? - self.success_h1()?)
    }
    /// Whether both halves were tested (the pair a roll-up compares).
    pub fn paired(&self) -> bool {
        self.h1.is_some_and(|c| c.assessed() > 0) && self.h2.is_some_and(|c| c.assessed() > 0)
    }
}

/// Pairs summed: the counts of the pairs tested in both halves, then the formulas.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RollUp {
    /// H1 and H2 counts summed over the paired class × subject rows.
    pub halves: Halves,
    /// Class × subject pairs compared (tested in both halves).
    pub pairs: usize,
    /// Class × subject pairs with one half only: listed, not in the sums.
    pub unpaired: usize,
}

impl RollUp {
    fn add(&mut self, h: &Halves) {
        if !h.paired() {
            self.unpaired += 1;
            return;
        }
        self.pairs += 1;
        let sum = |a: Option<MarkCounts>, b: Option<MarkCounts>| Some(a.unwrap_or_default() + b?);
        self.halves.h1 = sum(self.halves.h1, h.h1);
        self.halves.h2 = sum(self.halves.h2, h.h2);
    }
}

/// The association a row names: its Kyrgyz and Russian names as first recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Association {
    pub name_ky: Option<String>,
    pub name_ru: Option<String>,
}

/// One class × subject of the year: both halves, the teacher, the association and the
/// recommendations.
#[derive(Debug, Clone)]
pub struct ClassSubject {
    pub class_group: class_group::Model,
    pub subject: subject::Model,
    pub halves: Halves,
    /// The subject teacher's pseudonymous reference; `None` when not recorded or when the
    /// grant does not cover teachers (see [`SchoolAnalysis::teachers_visible`]).
    pub teacher_ref: Option<String>,
    pub association: Option<Association>,
    pub recommendations: Option<String>,
}

/// A school's administrative control of one year.
#[derive(Debug, Clone)]
pub struct SchoolAnalysis {
    pub year: i32,
    /// Whether the grant covers the teacher register (people tier): without it no teacher
    /// reference is read and `by_teacher` is empty.
    pub teachers_visible: bool,
    /// By grade, letter, subject code.
    pub classes: Vec<ClassSubject>,
    /// By subject code.
    pub by_subject: Vec<(subject::Model, RollUp)>,
    /// By teacher reference; pairs without a recorded teacher are left out.
    pub by_teacher: Vec<(String, RollUp)>,
    /// By association (its Kyrgyz name, else Russian, regardless of case and spacing); pairs
    /// without one are left out.
    pub by_association: Vec<(Association, RollUp)>,
}

#[derive(FromQueryResult)]
struct CountRow {
    class_group_id: i32,
    subject_id: i32,
    idx: i32,
    n5: i32,
    n4: i32,
    n3: i32,
    n2: i32,
    n1: i32,
    n_na: i32,
}

impl CountRow {
    fn counts(&self) -> MarkCounts {
        MarkCounts {
            n5: self.n5.into(),
            n4: self.n4.into(),
            n3: self.n3.into(),
            n2: self.n2.into(),
            n1: self.n1.into(),
            n_na: self.n_na.into(),
        }
    }
}

#[derive(FromQueryResult)]
struct ControlRow {
    class_group_id: i32,
    subject_id: i32,
    teacher_ref: Option<String>,
    association_ky: Option<String>,
    association_ru: Option<String>,
    recommendations: Option<String>,
}

/// The admin-control counts of H1 and H2 by (class, subject), of the classes `scope` selects
/// (`c` is the class group, `sc` its school).
async fn halves(
    db: &impl ConnectionTrait,
    scope: &str,
    vals: Vec<Value>,
) -> Result<BTreeMap<(i32, i32), Halves>> {
    let sql = format!(
        "SELECT m.class_group_id, m.subject_id, p.idx, m.n5, m.n4, m.n3, m.n2, m.n1, m.n_na \
         FROM mark_summary m \
         JOIN class_group c ON c.id = m.class_group_id \
         JOIN school sc ON sc.id = c.school_id \
         JOIN period p ON p.id = m.period_id \
         WHERE m.assessment_kind = 'admin_control' AND p.kind = 'half_year' AND {scope}"
    );
    let mut out: BTreeMap<(i32, i32), Halves> = BTreeMap::new();
    for r in CountRow::find_by_statement(stmt(db, &sql, vals))
        .all(db)
        .await?
    {
        let h = out.entry((r.class_group_id, r.subject_id)).or_default();
        match r.idx {
            1 => h.h1 = Some(r.counts()),
            _ => h.h2 = Some(r.counts()),
        }
    }
    Ok(out)
}

/// A school's administrative control of `year` (four statements): every
/// class × subject with admin-control counts or an admin-control row, and the roll-ups per
/// subject, teacher and association.
pub async fn read(db: &impl ConnectionTrait, grant: &Grant, year: i32) -> Result<SchoolAnalysis> {
    grant.require(KIND.tier)?;
    let teachers_visible = grant.require(super::teachers::KIND.tier).is_ok();
    let scope = "c.school_id = ? AND c.academic_year = ?";
    let vals = || -> Vec<Value> { vec![grant.school_id().into(), year.into()] };
    let mut pairs = halves(db, scope, vals()).await?;
    // The teacher's reference is read only with a grant for the register.
    let teacher = if teachers_visible {
        "t.teacher_ref"
    } else {
        "NULL"
    };
    let sql = format!(
        "SELECT a.class_group_id, a.subject_id, {teacher} AS teacher_ref, a.association_ky, \
         a.association_ru, a.recommendations \
         FROM admin_control a \
         JOIN class_group c ON c.id = a.class_group_id \
         LEFT JOIN teacher t ON t.id = a.teacher_id \
         WHERE {scope}"
    );
    let mut controls: HashMap<(i32, i32), ControlRow> = HashMap::new();
    for r in ControlRow::find_by_statement(stmt(db, &sql, vals()))
        .all(db)
        .await?
    {
        pairs.entry((r.class_group_id, r.subject_id)).or_default();
        controls.insert((r.class_group_id, r.subject_id), r);
    }
    let classes = lookup::class_groups(db, pairs.keys().map(|k| k.0).collect()).await?;
    let subjects = lookup::subjects(db, pairs.keys().map(|k| k.1).collect()).await?;
    let mut rows: Vec<ClassSubject> = pairs
        .into_iter()
        .filter_map(|(key, halves)| {
            let control = controls.remove(&key);
            let association = control.as_ref().and_then(|c| {
                (c.association_ky.is_some() || c.association_ru.is_some()).then(|| Association {
                    name_ky: c.association_ky.clone(),
                    name_ru: c.association_ru.clone(),
                })
            });
            Some(ClassSubject {
                class_group: classes.get(&key.0)?.clone(),
                subject: subjects.get(&key.1)?.clone(),
                halves,
                teacher_ref: control.as_ref().and_then(|c| c.teacher_ref.clone()),
                association,
                recommendations: control.and_then(|c| c.recommendations),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.class_group.grade, &a.class_group.letter, &a.subject.code).cmp(&(
            b.class_group.grade,
            &b.class_group.letter,
            &b.subject.code,
        ))
    });
    let by_subject = roll_up(&rows, |r| Some((r.subject.code.clone(), r.subject.clone())));
    let by_teacher = roll_up(&rows, |r| {
        r.teacher_ref.as_ref().map(|t| (t.clone(), t.clone()))
    });
    let by_association = roll_up(&rows, |r| {
        let a = r.association.as_ref()?;
        let name = a.name_ky.as_deref().or(a.name_ru.as_deref())?;
        Some((search_key(name), a.clone()))
    });
    Ok(SchoolAnalysis {
        year,
        teachers_visible,
        classes: rows,
        by_subject,
        by_teacher,
        by_association,
    })
}

/// The rows summed per group (`key` gives the group's sort key and what it shows; `None`
/// leaves the row out), by the sort key.
fn roll_up<T: Clone>(
    rows: &[ClassSubject],
    key: impl Fn(&ClassSubject) -> Option<(String, T)>,
) -> Vec<(T, RollUp)> {
    let mut groups: BTreeMap<String, (T, RollUp)> = BTreeMap::new();
    for r in rows {
        if let Some((k, shown)) = key(r) {
            groups
                .entry(k)
                .or_insert_with(|| (shown, RollUp::default()))
                .1
                .add(&r.halves);
        }
    }
    groups.into_values().collect()
}

/// A district's administrative control of one subject: its schools' pairs summed.
#[derive(Debug, Clone)]
pub struct DistrictSubject {
    pub subject: subject::Model,
    pub roll_up: RollUp,
    /// Schools with at least one pair of this subject compared.
    pub n_schools: usize,
}

/// A district's administrative control of one year, per subject.
#[derive(Debug, Clone)]
pub struct DistrictAnalysis {
    pub year: i32,
    /// The district's schools (what coverage is out of).
    pub schools_in_district: usize,
    /// Schools with admin-control counts of the year (of `subject`, when asked for one).
    pub schools_reporting: usize,
    /// By subject code.
    pub by_subject: Vec<DistrictSubject>,
}

/// A district's administrative control of `year` per subject (of one subject code when
/// given), from its schools' mark summaries: the pairs summed, then divided (four
/// statements).
pub async fn read_district(
    db: &impl ConnectionTrait,
    grant: &DistrictGrant,
    year: i32,
    subject_code: Option<&str>,
) -> Result<DistrictAnalysis> {
    let mut scope = "sc.district_id = ? AND c.academic_year = ?".to_owned();
    let mut vals: Vec<Value> = vec![grant.district_id().into(), year.into()];
    if let Some(code) = subject_code {
        // An unknown code is the caller's mistake, not a subject nobody reported.
        let id = match crate::reference::subject_id(db, code).await {
            Err(Error::NotFound { .. }) => {
                return Err(Error::Invalid {
                    field: "subject".into(),
                    message: format!("`{code}` is not a subject code (such as mathematics)"),
                });
            }
            id => id?,
        };
        scope.push_str(" AND m.subject_id = ?");
        vals.push(id.into());
    }
    let pairs = halves(db, &scope, vals).await?;
    let classes = lookup::class_groups(db, pairs.keys().map(|k| k.0).collect()).await?;
    let subjects = lookup::subjects(db, pairs.keys().map(|k| k.1).collect()).await?;
    #[derive(FromQueryResult)]
    struct Count {
        n: i64,
    }
    let schools_in_district = Count::find_by_statement(stmt(
        db,
        "SELECT COUNT(*) AS n FROM school WHERE district_id = ?",
        vec![grant.district_id().into()],
    ))
    .one(db)
    .await?
    .map_or(0, |c| c.n as usize);
    let mut reporting = std::collections::BTreeSet::new();
    let mut by_subject: BTreeMap<
        String,
        (subject::Model, RollUp, std::collections::BTreeSet<i32>),
    > = BTreeMap::new();
    for ((class_id, subject_id), h) in &pairs {
        let (Some(class), Some(subject)) = (classes.get(class_id), subjects.get(subject_id)) else {
            continue;
        };
        reporting.insert(class.school_id);
        let entry = by_subject
            .entry(subject.code.clone())
            .or_insert_with(|| (subject.clone(), RollUp::default(), Default::default()));
        entry.1.add(h);
        if h.paired() {
            entry.2.insert(class.school_id);
        }
    }
    Ok(DistrictAnalysis {
        year,
        schools_in_district,
        schools_reporting: reporting.len(),
        by_subject: by_subject
            .into_values()
            .map(|(subject, roll_up, schools)| DistrictSubject {
                subject,
                roll_up,
                n_schools: schools.len(),
            })
            .collect(),
    })
}
