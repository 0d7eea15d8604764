//! A database URL whose password never reaches logs (`config::DatabaseUrl`); in its own file
//! so that `config.rs` stays the list of keys.

use serde::{Deserialize, Serialize};

/// A database URL whose password never reaches logs or `Debug` output.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    /// The real URL, for the driver only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_sqlite(&self) -> bool {
        self.0.starts_with("sqlite:")
    }

    pub fn is_memory(&self) -> bool {
        self.is_sqlite() && self.0.contains(":memory:")
    }

    /// The URL with the password part of `user:password@` and any `password=` query
    /// parameter replaced by `***`.
    pub fn redacted(&self) -> String {
        let mut out = self.0.clone();
        if let Some(scheme_end) = out.find("://") {
            let rest_start = scheme_end + 3;
            let authority_end = out[rest_start..]
                .find(['/', '?'])
                .map_or(out.len(), |i| rest_start + i);
            if let Some(at) = out[rest_start..authority_end].rfind('@') {
                let userinfo = &out[rest_start..rest_start + at];
                if let Some(colon) = userinfo.find(':') {
                    out.replace_range(rest_start + colon + 1..rest_start + at, "***");
                }
            }
        }
        if let Some(q) = out.find('?') {
            let (base, query) = out.split_at(q + 1);
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            out = format!("{base}{}", query.join("&"));
        }
        out
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseUrl({:?})", self.redacted())
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_password_in_userinfo_and_query() {
        let url =
            DatabaseUrl::new("postgres://sapat:s3cr3t@db:5432/sapat?sslmode=require&password=p2");
        assert_eq!(
            url.redacted(),
            "postgres://sapat:***@db:5432/sapat?sslmode=require&password=***"
        );
        let dbg = format!("{url:?} {url}");
        assert!(!dbg.contains("s3cr3t") && !dbg.contains("p2"), "{dbg}");
        assert_eq!(
            DatabaseUrl::new("sqlite://data/x.db?mode=rwc").redacted(),
            "sqlite://data/x.db?mode=rwc"
        );
        assert_eq!(
            DatabaseUrl::new("postgres://u@h/d").redacted(),
            "postgres://u@h/d"
        );
    }
}
