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
            e => Error::Database(e),
        }
    }
}
