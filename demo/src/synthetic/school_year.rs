//! One school-year: generated in memory from the school's plan (pure, no database), then
//! written with the other schools of its chunk, one academic year per transaction. Each fact
//! kind's module says what it draws and which rows it writes; this one puts them in order.

use super::classes::{self, ClassYear, LETTERS, grade_classes};
use super::conditions::{self, Enrolment, Infra, Textbooks};
use super::marks::{self, MarkRow, class_marks};
use super::ort::{self, OrtTaker, ort_takers};
use super::plan::{SchoolPlan, school_mean};
use super::staff::{self, Staff, Training};
use super::write::{Buffers, FLUSH_ROWS};
use super::{Summary, olympiads};
use domain::bulk;
use domain::import::ImportKind;
use domain::{Error, Result};
use sea_orm::ConnectionTrait;
use std::collections::{BTreeMap, HashMap};

/// What every school-year of a run shares.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    pub(crate) seed: u64,
    pub(crate) ort_main_max: i32,
}

/// Everything one school reports for one academic year.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearData {
    pub(crate) classes: Vec<ClassYear>,
    pub(crate) marks: Vec<MarkRow>,
    /// Per class (index into `classes`): [n_all_5, n_4_5, n_with_3, n_with_2, n_na, n_exempt].
    pub(crate) outcomes: Vec<(usize, [i32; 6])>,
    pub(crate) grade_sizes: [i32; 11],
    pub(crate) enrolment: Enrolment,
    pub(crate) ort: Vec<OrtTaker>,
    pub(crate) olympiad: Vec<(&'static str, Option<i32>)>,
    pub(crate) staff: Staff,
    pub(crate) trainings: Vec<Training>,
    pub(crate) infra: Infra,
    pub(crate) textbooks: Textbooks,
    /// The school's mean on the latent mark scale this year (what results follow).
    pub(crate) mean: f64,
}

/// A fact kind's generator, a file of `synthetic/generators/` that registers it with
/// `inventory::submit!(GENERATOR)`: what it writes for one
/// school-year, drawn from what the school-year shares (classes, enrolment, ORT takers, the
/// school's mean). Its random streams are keyed by its table's name
/// (`rng::fnv(table)`), so a new generator needs no purpose of its own.
pub(crate) struct Generator {
    /// The kind whose rows it writes (its table gets a buffer).
    pub(crate) kind: ImportKind,
    /// The rows its rows refer to by id, written first for each chunk of schools.
    pub(crate) parent: Option<Parent>,
    /// Buffers one school-year's rows, by column name against the kind's table.
    pub(crate) push: fn(&mut Buffers, &SchoolYear<'_>) -> Result<()>,
    /// For rows keyed by something the seed draws (a teacher's reference), which a later
    /// run with another seed would not overwrite: the `DELETE` of a chunk's rows of a year
    /// that this seed does not give (`None` when the year has nothing to delete). Rows keyed
    /// by the school-year alone need none: the upsert replaces them.
    pub(crate) stale: Option<Stale>,
}

/// A generator's stale-row deletion: `(seed, year, chunk)` → the `DELETE`, if any.
pub(crate) type Stale = fn(u64, i32, &[SchoolPlan]) -> Option<String>;

inventory::collect!(Generator);

/// The registered generators, in the registry's order (a kind whose rows refer to another
/// kind's comes after it there, as teacher awards after teachers).
pub(crate) fn generators() -> Vec<&'static Generator> {
    let mut all: Vec<&Generator> = inventory::iter::<Generator>.into_iter().collect();
    all.sort_by_key(|g| ImportKind::ALL.iter().position(|k| *k == g.kind));
    all
}

/// Rows a generator's rows refer to by id.
pub(crate) struct Parent {
    /// Their tables, written for the chunk before the generator runs.
    pub(crate) tables: &'static [&'static str],
    /// `SELECT id, school_id, k …` of the chunk's rows of a year (`k`: the key the generator
    /// looks them up by), given the year and the comma-separated school ids.
    pub(crate) sql: fn(year: i32, school_ids: &str) -> String,
}

/// What a generator gets for one school-year.
pub(crate) struct SchoolYear<'a> {
    pub(crate) ctx: &'a Ctx,
    pub(crate) refs: &'a Refs<'a>,
    pub(crate) plan: &'a SchoolPlan,
    pub(crate) year: i32,
    pub(crate) data: &'a YearData,
    /// The school's parent rows (see [`Parent`]), by key; empty without a parent.
    pub(crate) ids: &'a HashMap<String, i64>,
}

/// Generates one school's academic year. Pure: no database, no shared state.
pub(crate) fn school_year(ctx: &Ctx, plan: &SchoolPlan, year: i32) -> YearData {
    let seed = ctx.seed;
    let mean = school_mean(seed, plan, year);
    let mut out = YearData::default();
    for grade in 1..=11 {
        let classes = grade_classes(seed, plan, year, grade);
        out.grade_sizes[(grade - 1) as usize] = classes.iter().map(|c| c.pupils).sum();
        out.classes.extend(classes);
    }
    let classes = std::mem::take(&mut out.classes);
    // Grade 1 gets no marks in the 11-year system.
    for (i, class) in classes.iter().enumerate().filter(|(_, c)| c.grade >= 2) {
        class_marks(seed, plan, year, mean, (i, class), &mut out);
    }
    out.ort = ort_takers(ctx, plan, year, mean, &classes);
    out.classes = classes;

    let enrolment = conditions::enrolment(seed, plan, year, &out.grade_sizes, out.classes.len());
    out.enrolment = enrolment;
    let enrolment = enrolment.enrolment;
    out.olympiad = olympiads::olympiad(seed, plan, year, mean, enrolment);
    (out.staff, out.trainings) = staff::staff(seed, plan, year, enrolment);
    out.infra = conditions::infrastructure(seed, plan, year, enrolment);
    out.textbooks = conditions::textbooks(seed, plan, year, enrolment);
    out.mean = mean;
    out
}

/// Ids a year's rows refer to.
pub(crate) struct Refs<'a> {
    pub(crate) year: i32,
    /// Q1–Q4, H1, H2, year.
    pub(crate) periods: [i32; 7],
    pub(crate) subjects: &'a HashMap<String, i32>,
}

/// Schools generated and written per chunk (class groups and their ids go per chunk).
const CHUNK_SCHOOLS: usize = 20;

/// Generates and writes one academic year of every planned school, chunk by chunk, inside
/// the caller's transaction.
pub(crate) async fn write_year(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    refs: &Refs<'_>,
    plans: &[SchoolPlan],
    summary: &mut Summary,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<()> {
    let y = refs.year;
    ort::write_thresholds(txn, y, summary).await?;

    let mut targets: Vec<&'static bulk::Target> = vec![
        &marks::MARK_SUMMARY,
        ImportKind::ClassOutcomes.target(),
        &ort::ORT_RESULT,
        &olympiads::OLYMPIAD_COUNT,
        &staff::STAFF_SNAPSHOT,
        ImportKind::Training.target(),
        &conditions::ENROLMENT_GRADE,
        ImportKind::InfrastructureSnapshots.target(),
        ImportKind::TextbookProvision.target(),
    ];
    let generators = generators();
    targets.extend(generators.iter().map(|g| g.kind.target()));
    let mut buffers = Buffers::new(&targets);
    for chunk in plans.chunks(CHUNK_SCHOOLS) {
        let data: Vec<YearData> = chunk.iter().map(|p| school_year(ctx, p, y)).collect();
        let classes = classes::write_classes(txn, y, chunk, &data, summary).await?;
        let snapshots = conditions::write_enrolment(txn, y, chunk, &data, summary).await?;
        delete_stale_rows(txn, ctx.seed, y, chunk, &data, summary).await?;

        for (plan, d) in chunk.iter().zip(&data) {
            let class_id = |i: usize| -> Result<i32> {
                let c = &d.classes[i];
                classes
                    .get(&(plan.id, c.grade, LETTERS[c.letter].to_owned()))
                    .copied()
                    .ok_or_else(|| Error::NotFound {
                        what: "class group",
                        key: format!("{} {} {}{}", plan.code, y, c.grade, LETTERS[c.letter]),
                    })
            };
            marks::push_rows(&mut buffers, refs, d, &class_id)?;
            ort::push_rows(&mut buffers, ctx, plan, y, &d.ort)?;
            olympiads::push_rows(&mut buffers, plan, y, &d.olympiad)?;
            staff::push_rows(&mut buffers, plan, y, &d.staff, &d.trainings)?;
            conditions::push_rows(&mut buffers, plan, y, snapshots[&plan.id], d)?;
        }
        for g in &generators {
            let ids = match &g.parent {
                Some(parent) => {
                    for table in parent.tables {
                        buffers.flush_table(txn, y, table, summary).await?;
                    }
                    parent_ids(txn, parent, y, chunk).await?
                }
                None => HashMap::new(),
            };
            let none = HashMap::new();
            for (plan, data) in chunk.iter().zip(&data) {
                let school_year = SchoolYear {
                    ctx,
                    refs,
                    plan,
                    year: y,
                    data,
                    ids: ids.get(&plan.id).unwrap_or(&none),
                };
                (g.push)(&mut buffers, &school_year)?;
            }
        }
        buffers.flush(txn, y, FLUSH_ROWS, summary).await?;
        progress(chunk.len() as u64);
    }
    buffers.flush(txn, y, 0, summary).await
}

/// The chunk's parent rows of a year, per school, by key (one query).
async fn parent_ids(
    txn: &impl ConnectionTrait,
    parent: &Parent,
    year: i32,
    chunk: &[SchoolPlan],
) -> Result<HashMap<i32, HashMap<String, i64>>> {
    let sql = (parent.sql)(year, &super::write::ids_list(chunk.iter().map(|p| p.id)));
    let mut ids: HashMap<i32, HashMap<String, i64>> = HashMap::new();
    for row in super::write::query(txn, &sql).await? {
        let id = row
            .try_get::<i64>("", "id")
            .or_else(|_| row.try_get::<i32>("", "id").map(i64::from))?;
        ids.entry(row.try_get("", "school_id")?)
            .or_default()
            .insert(row.try_get("", "k")?, id);
    }
    Ok(ids)
}

/// Deletes the ORT takers and training programmes an earlier seed produced and this one does
/// not, then each generator's stale rows (in the registry's order: a teacher's awards and
/// attendance go with the teacher), and marks their tables changed in `year`.
async fn delete_stale_rows(
    txn: &impl ConnectionTrait,
    seed: u64,
    year: i32,
    chunk: &[SchoolPlan],
    data: &[YearData],
    summary: &mut Summary,
) -> Result<()> {
    let mut deletes = vec![
        ("ort_result", ort::delete_stale_sql(year, chunk, data)),
        (
            "teacher_training",
            staff::delete_stale_sql(year, chunk, data),
        ),
    ];
    for g in generators() {
        if let Some(sql) = g.stale.and_then(|stale| stale(seed, year, chunk)) {
            deletes.push((g.kind.target().table, sql));
        }
    }
    for (table, sql) in deletes {
        let rows = txn.execute_unprepared(&sql).await?.rows_affected();
        summary.deleted += rows;
        if rows > 0 {
            bulk::mark_changed(txn, table, &BTreeMap::from([(year, rows)])).await?;
        }
    }
    Ok(())
}
