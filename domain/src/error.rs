//! Domain errors. Library code returns [`Error`]; the GraphQL edge maps each variant once to a
//! stable `extensions.code`, and internal details (SQL, driver messages) are logged there, never
//! returned to clients.

use crate::config::ConfigError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A row broke a named database rule (`ck_*`, `uq_*`); see `db::classify`.
    #[error("{kind} rule `{constraint}` rejected the row")]
    Constraint {
        kind: ConstraintKind,
        constraint: String,
    },
    /// The caller's role or scope does not allow this.
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },
    /// Bad input, naming the field and what would be accepted.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The bundled reference data is inconsistent (a build problem, not user input).
    #[error("reference data {file}, line {line}: {message}")]
    ReferenceData {
        file: &'static str,
        line: u64,
        message: String,
    },
    /// An import was refused: every problem found in the file, and nothing was written.
    #[error("{total} problem(s) in the file; nothing was written. First: {}", errors.first().map(ToString::to_string).unwrap_or_default())]
    Rejected {
        errors: Vec<crate::import::RowError>,
        total: usize,
    },
    /// A batch sent through the API was refused: every problem, by item; nothing was written.
    #[error("{total} problem(s) in the batch; nothing was written. First: {}", errors.first().map(|e| e.message.to_string()).unwrap_or_default())]
    RejectedItems {
        errors: Vec<crate::import::ItemError>,
        total: usize,
    },
    /// A job is already running; `detail` says which run.
    #[error("{detail}")]
    Busy { job: String, detail: String },
    #[error("database error: {0}")]
    Database(#[source] sea_orm::DbErr),
    /// The database cannot be reached (down, refusing connections, or no pooled connection
    /// freed within `database.acquire_timeout_ms`): worth retrying later.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// A failure of the program itself (a worker task died); logged, never shown in detail.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Which kind of database rule a rejected row broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    Check,
    Unique,
    ForeignKey,
    NotNull,
}

impl std::fmt::Display for ConstraintKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Check => "check",
            Self::Unique => "uniqueness",
            Self::ForeignKey => "reference",
            Self::NotNull => "required-value",
        })
    }
}

impl From<sea_orm::DbErr> for Error {
    fn from(e: sea_orm::DbErr) -> Self {
        match e {
            sea_orm::DbErr::ConnectionAcquire(e) => Error::Unavailable(e.to_string()),
            sea_orm::DbErr::Conn(e) => Error::Unavailable(e.to_string()),
            e if storage_failure(&e) => Error::Unavailable(e.to_string()),
            e => Error::Database(e),
        }
    }
}

/// Whether a statement failed because of the database's storage, not the statement: SQLite's
/// read-only, I/O, full-disk and cannot-open results (a file made unwritable answered every
/// write INTERNAL); PostgreSQL's insufficient resources (53…), operator intervention (57P…),
/// system errors (58…) and read-only transactions (25006). Worth retrying later, like an
/// unreachable database.
fn storage_failure(e: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr, sqlx};
    let (DbErr::Exec(RuntimeErr::SqlxError(err)) | DbErr::Query(RuntimeErr::SqlxError(err))) = e
    else {
        return false;
    };
    let sqlx::Error::Database(d) = &**err else {
        return false;
    };
    let Some(code) = d.code() else {
        return false;
    };
    if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        // The primary result code is the extended code's low byte (778 = SQLITE_IOERR_WRITE).
        const READONLY: i32 = 8;
        const IOERR: i32 = 10;
        const FULL: i32 = 13;
        const CANTOPEN: i32 = 14;
        return code
            .parse::<i32>()
            .is_ok_and(|c| [READONLY, IOERR, FULL, CANTOPEN].contains(&(c & 0xff)));
    }
    code.starts_with("53") || code.starts_with("57P") || code.starts_with("58") || code == "25006"
}
