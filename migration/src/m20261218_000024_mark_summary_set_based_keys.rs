//! On PostgreSQL, `mark_summary`'s three foreign keys (to `class_group`, `subject`, `period`)
//! become set-based checks: the same guarantees, checked once per statement instead of once
//! per row.
//!
//! A foreign key runs one `SELECT 1 … FOR KEY SHARE` per written row from an after-row
//! trigger: three quarters of PostgreSQL's time in a national import (`COPY` of resolved
//! rows: 25k rows/s with the keys, 105k without; BENCHMARKS.md, "Where the import's write
//! time goes"). The replacement, for every writer (import, demo, `COPY`, plain SQL):
//!
//! - child side: an after-statement trigger on INSERT and on UPDATE reads the statement's
//!   new rows (a transition table), locks the parents they name `FOR KEY SHARE` (the lock a
//!   foreign key takes, so a concurrent DELETE of a parent waits for this transaction), then
//!   raises `foreign_key_violation` (23503, naming the old constraint) if any parent is
//!   missing. Locking before checking means a parent deleted by a transaction that committed
//!   meanwhile is seen as missing, never missed.
//! - parent side: deleting a `class_group` deletes its mark summaries (the old
//!   `ON DELETE CASCADE`, by an after-statement trigger whose query sees rows committed by a
//!   writer it waited for); deleting or re-keying a `subject` or `period` that mark summaries
//!   name, or re-keying such a `class_group`, raises `foreign_key_violation` (the old
//!   `NO ACTION`).
//!
//! Both hold under READ COMMITTED, the isolation every Sapat transaction uses. SQLite keeps
//! its foreign keys: there they are an index probe in the same process, and its import is
//! not limited by them (BENCHMARKS.md).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261218_000024_mark_summary_set_based_keys"
    }
}

/// (column, parent table, constraint name: PostgreSQL's own name for the old foreign key).
const KEYS: [(&str, &str, &str); 3] = [
    (
        "class_group_id",
        "class_group",
        "mark_summary_class_group_id_fkey",
    ),
    ("subject_id", "subject", "mark_summary_subject_id_fkey"),
    ("period_id", "period", "mark_summary_period_id_fkey"),
];

/// The child-side check: one pass over the statement's new rows collects the ids each column
/// names; the parents found by those ids (primary-key probes) are locked, and if fewer were
/// found than named, one that is missing is reported.
fn check_function() -> String {
    let mut body = String::new();
    for (column, parent, constraint) in KEYS {
        body.push_str(&format!(
            "  SELECT count(*) INTO found FROM (SELECT 1 FROM {parent} p
    WHERE p.id = ANY (ids.{column}) FOR KEY SHARE) locked;
  IF found < cardinality(ids.{column}) THEN
    SELECT n INTO missing FROM unnest(ids.{column}) n
      WHERE NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = n) LIMIT 1;
    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', CONSTRAINT = '{constraint}',
      MESSAGE = 'insert or update on table \"mark_summary\" violates foreign key constraint \"{constraint}\"',
      DETAIL = format('Key ({column})=(%s) is not present in table \"{parent}\".', missing);
  END IF;
"
        ));
    }
    let collect = KEYS
        .iter()
        .map(|(column, _, _)| format!("array_agg(DISTINCT {column}) AS {column}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "CREATE FUNCTION mark_summary_parents_exist() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE ids record; found bigint; missing bigint;
BEGIN
  SELECT {collect} INTO ids FROM new_rows;
  IF ids.class_group_id IS NULL THEN RETURN NULL; END IF;
{body}  RETURN NULL;
END
$fn$"
    )
}

/// The parent side's NO ACTION: a parent row that mark summaries name keeps its id and is not
/// deleted. Arguments: the referencing column, the constraint's name.
const KEEP_PARENT: &str = r#"CREATE FUNCTION mark_summary_keep_parent() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE used boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM mark_summary WHERE %I = $1)', TG_ARGV[0])
    INTO used USING OLD.id;
  IF used THEN
    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[1],
      MESSAGE = format('update or delete on table "%s" violates foreign key constraint "%s" on table "mark_summary"', TG_TABLE_NAME, TG_ARGV[1]),
      DETAIL = format('Key (id)=(%s) is still referenced from table "mark_summary".', OLD.id);
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$fn$"#;

/// The old `ON DELETE CASCADE` of `class_group`, for a whole DELETE statement at once.
const CASCADE: &str =
    "CREATE FUNCTION class_group_delete_marks() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM mark_summary WHERE class_group_id IN (SELECT id FROM old_rows);
  RETURN NULL;
END
$fn$";

fn up_statements() -> Vec<String> {
    let mut s = vec![
        "ALTER TABLE mark_summary DROP CONSTRAINT mark_summary_class_group_id_fkey, \
         DROP CONSTRAINT mark_summary_subject_id_fkey, DROP CONSTRAINT mark_summary_period_id_fkey"
            .to_owned(),
        check_function(),
        KEEP_PARENT.to_owned(),
        CASCADE.to_owned(),
    ];
    for event in ["INSERT", "UPDATE"] {
        s.push(format!(
            "CREATE TRIGGER mark_summary_parents_{e} AFTER {event} ON mark_summary \
             REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT \
             EXECUTE FUNCTION mark_summary_parents_exist()",
            e = event.to_lowercase()
        ));
    }
    s.push(
        "CREATE TRIGGER class_group_cascade_marks AFTER DELETE ON class_group \
         REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT \
         EXECUTE FUNCTION class_group_delete_marks()"
            .to_owned(),
    );
    for (column, parent, constraint) in KEYS {
        // A class group is deleted with its marks (above); only its id is kept.
        let events = if parent == "class_group" {
            "UPDATE OF id"
        } else {
            "DELETE OR UPDATE OF id"
        };
        s.push(format!(
            "CREATE TRIGGER {parent}_keeps_marks BEFORE {events} ON {parent} FOR EACH ROW \
             EXECUTE FUNCTION mark_summary_keep_parent('{column}', '{constraint}')"
        ));
    }
    s
}

fn down_statements() -> Vec<String> {
    let mut s = vec![
        "DROP TRIGGER IF EXISTS mark_summary_parents_insert ON mark_summary".to_owned(),
        "DROP TRIGGER IF EXISTS mark_summary_parents_update ON mark_summary".to_owned(),
        "DROP TRIGGER IF EXISTS class_group_cascade_marks ON class_group".to_owned(),
    ];
    for (_, parent, _) in KEYS {
        s.push(format!(
            "DROP TRIGGER IF EXISTS {parent}_keeps_marks ON {parent}"
        ));
    }
    for f in [
        "mark_summary_parents_exist",
        "mark_summary_keep_parent",
        "class_group_delete_marks",
    ] {
        s.push(format!("DROP FUNCTION IF EXISTS {f}()"));
    }
    s.push(
        "ALTER TABLE mark_summary \
         ADD CONSTRAINT mark_summary_class_group_id_fkey FOREIGN KEY (class_group_id) \
           REFERENCES class_group (id) ON DELETE CASCADE, \
         ADD CONSTRAINT mark_summary_subject_id_fkey FOREIGN KEY (subject_id) REFERENCES subject (id), \
         ADD CONSTRAINT mark_summary_period_id_fkey FOREIGN KEY (period_id) REFERENCES period (id)"
            .to_owned(),
    );
    s
}

async fn run(manager: &SchemaManager<'_>, statements: Vec<String>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, up_statements()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, down_statements()).await
    }
}
