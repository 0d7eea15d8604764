//! Exports: a fact kind's stored rows written back in its template's layout (the same columns,
//! the header in ky, ru or en, the values as an import reads them: codes, `2021-2022`, `Q1`,
//! `15.10.2023`), as CSV or XLSX, so that a school or a district office can download what it
//! entered, edit it and import it again (an unedited export re-imports as all unchanged).
//!
//! Each kind declares how its rows are read back ([`Export`], in its module beside its
//! columns): most kinds' template columns are their table's own ([`Export::SameNamed`]), the
//! others name an SQL expression per column ([`Read`]). The school columns (code, district,
//! number, name) come from the row's school for every kind. [`plan`] checks the caller exactly
//! as the API does (the kind's tier, the caller's scope; people-level kinds for an admin or
//! the school's own token; names of people never) and builds one SELECT; [`write`] streams
//! its rows into the file, so memory does not grow with the export.

mod rows;
mod write;

pub use write::{Format, XLSX_MAX_ROWS};

use crate::access::{self, Place, Tier};
use crate::auth::Caller;
use crate::db::stmt;
use crate::denied::{Denied, current_lang};
use crate::error::{Error, Result};
use crate::facts::{Col, ImportKind, RowScope, Ty};
use crate::messages::Lang;
use crate::messages::exports::ExportMsg;
use sea_orm::{ConnectionTrait, FromQueryResult};

/// How a kind's stored rows are read back into its template's columns.
pub enum Export {
    /// The template's columns after the school and the year are columns of the kind's table
    /// (read as `t`, its school as `s`); rows in the order of the table's natural key.
    SameNamed,
    /// A read of its own.
    Read(Read),
}

/// A kind's read for exports: the tables, then an SQL expression per template column.
pub struct Read {
    /// FROM and JOINs: the kind's rows, and their school as `s` (none for national data).
    pub from: &'static str,
    /// Template column → its SQL expression (the school columns come from `s`, names of
    /// people are never read). A unit test holds every other template column to one.
    pub values: &'static [(&'static str, &'static str)],
    /// The academic year's start year, for `--year` (`None`: the rows have no academic year).
    pub year: Option<&'static str>,
    pub order: &'static str,
    /// Columns shown only with the people tier (blank otherwise), as the API shows them.
    pub people: &'static [&'static str],
}

/// A period's template code (`Q1`…`Q4`, `H1`, `H2`, `year`) from `period p`.
pub const PERIOD_LABEL: &str = "CASE p.kind WHEN 'quarter' THEN 'Q' || p.idx \
     WHEN 'half_year' THEN 'H' || p.idx ELSE 'year' END";

/// The template columns that name a row's school; filled from `s` for every kind.
const SCHOOL_COLUMNS: [&str; 4] = ["school_code", "district", "school_number", "school_name"];

/// Whose rows: everything, a region's, a district's or one school's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Region(i32),
    District(i32),
    School(i32),
}

/// What was asked for.
#[derive(Debug, Clone)]
pub struct Request {
    pub kind: ImportKind,
    /// A school's code.
    pub school: Option<String>,
    /// A district's code (`KG-O-UZG`).
    pub district: Option<String>,
    /// The academic year by its start year; `None`: every year.
    pub year: Option<i32>,
    pub lang: Lang,
}

/// A checked export, ready to write: its SELECT and how each template column is filled.
pub struct Plan {
    pub kind: ImportKind,
    pub scope: Scope,
    pub year: Option<i32>,
    pub lang: Lang,
    pub(crate) sql: String,
    /// The rows' count, asked before an XLSX is begun (a sheet's rows are limited).
    pub(crate) count_sql: String,
    /// Per template column: the index of its value in the SELECT, or blank.
    pub(crate) cells: Vec<Option<usize>>,
    pub(crate) columns: Vec<Col>,
}

impl Plan {
    /// The file's name: `mark-summaries-KG-O-UZG-045-2021-2022.csv`.
    pub fn file_name(&self, scope_name: &str, format: Format) -> String {
        let mut name = self.kind.name().to_owned();
        if !scope_name.is_empty() {
            name.push('-');
            name.push_str(scope_name);
        }
        if let Some(y) = self.year {
            name.push('-');
            name.push_str(&crate::year::label(y));
        }
        format!("{name}.{}", format.code())
    }
}

/// Checks the caller against the kind's tier and the asked scope, and builds the read.
/// A school token gets its own school, a district or region token its schools, people-level
/// kinds only the school's own token and an admin; anonymous callers nothing (an export is
/// audited under its token).
pub async fn plan(db: &impl ConnectionTrait, caller: &Caller, req: &Request) -> Result<Plan> {
    // Every export is audited under its token (the log has no anonymous writer); the public
    // directory and the published indicators are in the API without one.
    if caller.is_anonymous() {
        return Err(Denied::ExportNeedsToken.error());
    }
    let def = req.kind.def();
    let national = def.scope == RowScope::National;
    if national && (req.school.is_some() || req.district.is_some()) {
        return Err(Error::Invalid {
            field: if req.school.is_some() {
                "school"
            } else {
                "district"
            }
            .into(),
            message: ExportMsg::NationalData {
                kind: req.kind.name().into(),
            }
            .render(current_lang()),
        });
    }
    let (scope, people) = scope_of(db, caller, req).await?;
    let columns = req.kind.columns();
    let mut select: Vec<String> = Vec::new();
    let mut cells = Vec::with_capacity(columns.len());
    let (from, year_expr, order, people_only) = parts(req.kind);
    for c in &columns {
        let expr = if !national && SCHOOL_COLUMNS.contains(&c.key) {
            Some(school_expr(c.key, req.lang))
        } else if def.names_of_people.contains(&c.key) || (people_only.contains(&c.key) && !people)
        {
            None
        } else {
            expression(req.kind, c.key)
        };
        cells.push(expr.map(|e| {
            select.push(typed(&e, c.ty));
            select.len() - 1
        }));
    }
    let mut conds = Vec::new();
    // Ids are the database's own integers, written into the text (no user text reaches it).
    match scope {
        Scope::All => {}
        Scope::Region(id) => conds.push(format!("sd.region_id = {id}")),
        Scope::District(id) => conds.push(format!("s.district_id = {id}")),
        Scope::School(id) => conds.push(format!("s.id = {id}")),
    }
    if let (Some(y), Some(e)) = (req.year, &year_expr) {
        conds.push(format!("{e} = {y}"));
    }
    let from = if national {
        from
    } else {
        format!("{from} JOIN district sd ON sd.id = s.district_id")
    };
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    let sql = format!(
        "SELECT {} FROM {from}{filter} ORDER BY {order}",
        if select.is_empty() {
            "1".to_owned()
        } else {
            select.join(", ")
        },
    );
    let count_sql = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {from}{filter}");
    Ok(Plan {
        kind: req.kind,
        scope,
        year: req.year.filter(|_| year_expr.is_some()),
        lang: req.lang,
        sql,
        count_sql,
        cells,
        columns,
    })
}

/// The kind's FROM, year expression, ORDER BY and people-only columns.
fn parts(kind: ImportKind) -> (String, Option<String>, String, &'static [&'static str]) {
    let def = kind.def();
    match &def.export {
        Export::SameNamed => {
            let t = &def.target;
            let order: Vec<String> = std::iter::once("s.code".to_owned())
                .chain(
                    t.key
                        .iter()
                        .filter(|k| **k != "school_id")
                        .map(|k| format!("t.{k}")),
                )
                .collect();
            (
                format!("{} t JOIN school s ON s.id = t.school_id", t.table),
                t.columns
                    .contains(&"academic_year")
                    .then(|| "t.academic_year".to_owned()),
                order.join(", "),
                &[],
            )
        }
        Export::Read(r) => (
            r.from.to_owned(),
            r.year.map(str::to_owned),
            r.order.to_owned(),
            r.people,
        ),
    }
}

/// The SQL expression of a template column of `kind` (not a school column).
fn expression(kind: ImportKind, key: &str) -> Option<String> {
    let def = kind.def();
    match &def.export {
        Export::SameNamed => def
            .target
            .columns
            .contains(&key)
            .then(|| format!("t.{key}")),
        Export::Read(r) => r
            .values
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, e)| (*e).to_owned()),
    }
}

fn school_expr(key: &str, lang: Lang) -> String {
    match key {
        "school_code" => "s.code",
        "district" => "sd.code",
        "school_number" => "s.number",
        _ => match lang {
            Lang::Ky => "s.name_ky",
            Lang::Ru => "s.name_ru",
            Lang::En => "COALESCE(s.name_en, s.name_ru)",
        },
    }
    .to_owned()
}

/// The expression cast to what the writer reads: 64-bit integers, doubles, or text (a
/// yes/no as `yes`/`no`, a date as ISO text), the same on both databases.
fn typed(expr: &str, ty: Ty) -> String {
    match ty {
        Ty::Int { .. } | Ty::Count { .. } | Ty::Year => format!("CAST({expr} AS BIGINT)"),
        Ty::Decimal { .. } => format!("CAST({expr} AS DOUBLE PRECISION)"),
        Ty::Bool => format!("CASE WHEN {expr} THEN 'yes' WHEN NOT {expr} THEN 'no' END"),
        Ty::Text { .. } | Ty::Name | Ty::Enum(_) | Ty::Date => format!("CAST({expr} AS TEXT)"),
    }
}

#[derive(FromQueryResult)]
struct Located {
    id: i32,
    district_id: i32,
    region_id: i32,
}

/// The scope the caller gets, and whether people-level columns are shown.
async fn scope_of(
    db: &impl ConnectionTrait,
    caller: &Caller,
    req: &Request,
) -> Result<(Scope, bool)> {
    let tier = req.kind.def().tier;
    if let Some(code) = &req.school {
        let s = Located::find_by_statement(stmt(
            db,
            "SELECT s.id, s.district_id, d.region_id FROM school s \
             JOIN district d ON d.id = s.district_id WHERE s.code = ?",
            // Codes are stored upper case and taken in any case, as GraphQL takes them.
            vec![code.trim().to_ascii_uppercase().into()],
        ))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "school",
            key: code.clone(),
        })?;
        let place = Place {
            school_id: s.id,
            district_id: s.district_id,
            region_id: s.region_id,
        };
        let people = caller.may_read(place, Tier::People);
        if let Some(tier) = tier {
            // A people-level kind with a counts-only grant is refused by `require`.
            access::grant(caller, place, tier)?.require(Some(tier))?;
        }
        return Ok((Scope::School(s.id), people));
    }
    if let Some(code) = &req.district {
        let d = Located::find_by_statement(stmt(
            db,
            "SELECT id, id AS district_id, region_id FROM district WHERE code = ?",
            vec![code.trim().to_ascii_uppercase().into()],
        ))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "district",
            key: code.clone(),
        })?;
        match tier {
            None => {}
            Some(Tier::Reported) => {
                access::district_grant(caller, d.id, d.region_id)?;
            }
            Some(Tier::People) if caller.is_admin() => {}
            Some(Tier::People) => return Err(people_refused()),
        }
        return Ok((Scope::District(d.id), caller.is_admin()));
    }
    if tier.is_none() || caller.is_admin() {
        return Ok((Scope::All, caller.is_admin()));
    }
    match (caller.list_scope(), tier) {
        (Some(access::ScopeFilter::School(id)), _) => Ok((Scope::School(id), true)),
        (Some(_), Some(Tier::People)) => Err(people_refused()),
        (Some(access::ScopeFilter::District(id)), _) => Ok((Scope::District(id), false)),
        (Some(access::ScopeFilter::Region(id)), _) => Ok((Scope::Region(id), false)),
        (None, _) => Err(Denied::ExportNeedsToken.error()),
    }
}

fn people_refused() -> Error {
    Denied::PeopleRows.error()
}

/// Writes the plan's rows as `format` to `out`; returns the rows written.
pub async fn write<W>(db: &crate::Db, plan: &Plan, format: Format, out: &mut W) -> Result<u64>
where
    W: tokio::io::AsyncWrite + Unpin + Send,
{
    write::write(db, plan, format, out).await
}

/// Records the download in the audit log (operation `export`), before any row is sent.
pub async fn audit(
    db: &impl ConnectionTrait,
    caller: &Caller,
    plan: &Plan,
    format: Format,
) -> Result<()> {
    let key = serde_json::json!({
        "kind": plan.kind.name(),
        "scope": match plan.scope {
            Scope::All => "all".to_owned(),
            Scope::Region(id) => format!("region:{id}"),
            Scope::District(id) => format!("district:{id}"),
            Scope::School(id) => format!("school:{id}"),
        },
        "academic_year": plan.year,
        "format": format.code(),
        "lang": lang_code(plan.lang),
    });
    crate::audit::record(
        db,
        caller,
        vec![crate::audit::Entry {
            operation: "export",
            entity: plan.kind.target().table.to_owned(),
            natural_key: key.to_string(),
            school_id: match plan.scope {
                Scope::School(id) => Some(id),
                _ => None,
            },
            before: None,
            after: None,
        }],
    )
    .await
}

pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ky => "ky",
        Lang::Ru => "ru",
        Lang::En => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every template column of every kind is exported from somewhere: the school columns
    /// from the school, the rest from the kind's declaration; only names of people are left
    /// out. So a column added to a template without its export fails here.
    #[test]
    fn every_template_column_has_a_source() {
        let mut missing = Vec::new();
        for kind in ImportKind::ALL {
            let def = kind.def();
            for c in kind.columns() {
                let school = def.scope != RowScope::National && SCHOOL_COLUMNS.contains(&c.key);
                if !school
                    && !def.names_of_people.contains(&c.key)
                    && expression(kind, c.key).is_none()
                {
                    missing.push(format!("{}.{}", kind.name(), c.key));
                }
            }
            if let Export::Read(r) = &def.export {
                for (k, _) in r.values {
                    assert!(
                        kind.columns().iter().any(|c| c.key == *k),
                        "{}: {k} is not a template column",
                        kind.name()
                    );
                }
            }
        }
        assert!(missing.is_empty(), "not exported: {}", missing.join(", "));
    }
}
