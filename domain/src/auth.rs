//! Who is asking: API tokens with a role scoped to the region → district → school hierarchy.
//!
//! A token is `sapat_<id>_<secret>`: the id finds the row, the 256-bit random secret is checked
//! against its stored SHA-256 (the secret itself is shown once, at creation, and never stored or
//! logged). A random 256-bit secret needs no slow password hash: nothing can be guessed from it.

use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColIdx, ConnectionTrait, DbErr, FromQueryResult, QueryResult, TryGetError, TryGetable,
};
use sha2::{Digest, Sha256};

use crate::db::{self, stmt};
use crate::error::{Error, Result};

/// What a token may see and do (anonymous callers have no token and no role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The ministry: everything.
    Admin,
    /// One region's office.
    Region,
    /// One district's education office.
    District,
    /// One school's administration: reads and writes its own data.
    School,
}

impl Role {
    /// Every role, widest first (the CLI's `--role` values come from here).
    pub const ALL: [Role; 4] = [Role::Admin, Role::Region, Role::District, Role::School];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Region => "region",
            Role::District => "district",
            Role::School => "school",
        }
    }

    pub fn parse(s: &str) -> Result<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| Error::Invalid {
                field: "role".into(),
                message: format!(
                    "`{s}` is not a role; roles: {}",
                    Role::ALL.map(Role::code).join(", ")
                ),
            })
    }
}

impl TryGetable for Role {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let code = String::try_get_by(res, index)?;
        Role::parse(&code).map_err(|e| TryGetError::DbErr(DbErr::Type(e.to_string())))
    }
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Principal {
    /// The API token (none for a single sign-on JWT and for the operator at the console).
    pub token_id: Option<i32>,
    /// A single sign-on JWT's subject.
    pub subject: Option<String>,
    pub role: Role,
    /// The region, district or school the role is limited to (none for an admin).
    pub scope_id: Option<i32>,
}

/// The caller of one request: a token's principal, or anonymous (`None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Caller(pub Option<Principal>);

/// Why a presented token was not accepted. The messages never repeat the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("the token is not a Sapat API token or does not match any token")]
    Invalid,
    #[error("the token was revoked")]
    Revoked,
    #[error("the token has expired")]
    Expired,
    #[error("single sign-on tokens are not accepted here (no auth.jwt key is configured)")]
    NoSignOn,
    #[error("the token's role or scope is not one Sapat knows")]
    Claims,
}

/// A token to create; the scope is given by code (`KG-O`, `KG-O-UZG`, a school code).
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub role: Role,
    pub scope_code: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A stored token, without its secret.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct TokenInfo {
    pub id: i32,
    pub name: String,
    pub role: Role,
    /// The code of the region, district or school it is limited to.
    pub scope_code: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Equal-time comparison, so response times say nothing about how much of a hash matched.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

async fn scope_id(
    db: &impl ConnectionTrait,
    role: Role,
    code: Option<&str>,
) -> Result<Option<i32>> {
    let table = match role {
        Role::Admin => {
            return match code {
                None => Ok(None),
                Some(_) => Err(Error::Invalid {
                    field: "scope".into(),
                    message: "an admin token has no region, district or school".into(),
                }),
            };
        }
        Role::Region => "region",
        Role::District => "district",
        Role::School => "school",
    };
    let code = code.ok_or_else(|| Error::Invalid {
        field: table.into(),
        message: format!(
            "a {} token needs the {table} it is limited to (its code)",
            role.code()
        ),
    })?;
    let id = db::value(
        db,
        stmt(
            db,
            &format!("SELECT id FROM {table} WHERE code = ?"),
            vec![code.into()],
        ),
        "id",
    )
    .await?
    .ok_or_else(|| Error::Invalid {
        field: table.into(),
        message: format!("no {table} has the code `{code}`"),
    })?;
    Ok(Some(id))
}

/// Creates a token and returns its id and the token string, which is shown only this once.
pub async fn create_token(db: &impl ConnectionTrait, new: NewToken) -> Result<(i32, String)> {
    let scope = scope_id(db, new.role, new.scope_code.as_deref()).await?;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Invalid {
        field: "token".into(),
        message: format!("no randomness available: {e}"),
    })?;
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let (region, district, school) = match new.role {
        Role::Admin => (None, None, None),
        Role::Region => (scope, None, None),
        Role::District => (None, scope, None),
        Role::School => (None, None, scope),
    };
    let id: i32 = db::value(
        db,
        stmt(
            db,
            "INSERT INTO api_token (name, role, region_id, district_id, school_id, secret_hash, created_at, expires_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            vec![
                new.name.clone().into(),
                new.role.code().into(),
                region.into(),
                district.into(),
                school.into(),
                digest(&secret).into(),
                Utc::now().into(),
                new.expires_at.into(),
            ],
        ),
        "id",
    )
    .await?
    .ok_or_else(|| Error::NotFound { what: "api token", key: "new".into() })?;
    crate::audit::record(
        db,
        &Caller::operator(),
        vec![crate::audit::Entry {
            operation: "token_create",
            entity: "api_token".into(),
            natural_key: id.to_string(),
            school_id: school,
            before: None,
            after: Some(
                serde_json::json!({ "name": new.name, "role": new.role.code(),
                "scope": new.scope_code, "expires_at": new.expires_at }),
            ),
        }],
    )
    .await?;
    Ok((id, format!("sapat_{id}_{secret}")))
}

/// Every token, newest first (never their secrets).
pub async fn list_tokens(db: &impl ConnectionTrait) -> Result<Vec<TokenInfo>> {
    Ok(TokenInfo::find_by_statement(stmt(
        db,
        "SELECT t.id, t.name, t.role, COALESCE(r.code, d.code, s.code) AS scope_code, t.created_at, t.expires_at, t.revoked_at \
         FROM api_token t LEFT JOIN region r ON r.id = t.region_id LEFT JOIN district d ON d.id = t.district_id \
         LEFT JOIN school s ON s.id = t.school_id ORDER BY t.id DESC",
        vec![],
    ))
    .all(db)
    .await?)
}

/// Revokes a token at once; revoking it again changes nothing.
pub async fn revoke_token(db: &impl ConnectionTrait, id: i32) -> Result<()> {
    let done = db
        .execute_raw(stmt(
            db,
            "UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
            vec![Utc::now().into(), id.into()],
        ))
        .await?
        .rows_affected();
    if done == 0 {
        return Err(Error::NotFound {
            what: "api token",
            key: id.to_string(),
        });
    }
    crate::audit::record(
        db,
        &Caller::operator(),
        vec![crate::audit::Entry {
            operation: "token_revoke",
            entity: "api_token".into(),
            natural_key: id.to_string(),
            school_id: None,
            before: None,
            after: None,
        }],
    )
    .await
}

/// `text` with the secret of every API token in it (`sapat_<id>_<secret>`) cut to `…`, for
/// logs and labels: a token pasted into a URL path or an operation name must not be kept.
pub fn redact_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("sapat_") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("sapat_") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let after = &from["sapat_".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && after[digits..].starts_with('_') {
            let secret = &after[digits + 1..];
            let end = secret
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(secret.len());
            out.push_str(&from[..6 + digits + 1]);
            out.push('…');
            rest = &secret[end..];
        } else {
            out.push_str("sapat_");
            rest = after;
        }
    }
    out.push_str(rest);
    out.into()
}

/// Checks a presented token (the part after `Bearer `).
pub async fn authenticate(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<std::result::Result<Principal, Rejection>> {
    let Some((id, secret)) = token
        .strip_prefix("sapat_")
        .and_then(|rest| rest.split_once('_'))
        .and_then(|(id, secret)| Some((id.parse::<i32>().ok()?, secret)))
    else {
        return Ok(Err(Rejection::Invalid));
    };
    /// What a presented token is checked against.
    #[derive(FromQueryResult)]
    struct Stored {
        role: Role,
        region_id: Option<i32>,
        district_id: Option<i32>,
        school_id: Option<i32>,
        secret_hash: String,
        expires_at: Option<DateTime<Utc>>,
        revoked_at: Option<DateTime<Utc>>,
    }
    let Some(row) = Stored::find_by_statement(stmt(
        db,
        "SELECT role, region_id, district_id, school_id, secret_hash, expires_at, revoked_at FROM api_token WHERE id = ?",
        vec![id.into()],
    ))
    .one(db)
    .await?
    else {
        return Ok(Err(Rejection::Invalid));
    };
    if !same(&row.secret_hash, &digest(secret)) {
        return Ok(Err(Rejection::Invalid));
    }
    if row.revoked_at.is_some() {
        return Ok(Err(Rejection::Revoked));
    }
    if row.expires_at.is_some_and(|at| at <= Utc::now()) {
        return Ok(Err(Rejection::Expired));
    }
    let role = row.role;
    let scope_id = match role {
        Role::Admin => None,
        Role::Region => row.region_id,
        Role::District => row.district_id,
        Role::School => row.school_id,
    };
    Ok(Ok(Principal {
        token_id: Some(id),
        subject: None,
        role,
        scope_id,
    }))
}

/// The claims Sapat reads from a single sign-on JWT.
#[derive(serde::Deserialize)]
struct Claims {
    sub: String,
    role: String,
    scope: Option<String>,
}

/// The decoding key and algorithm of a JWT configuration, or why it is unusable.
pub fn jwt_key(
    cfg: &crate::config::JwtConfig,
) -> std::result::Result<(jsonwebtoken::DecodingKey, jsonwebtoken::Algorithm), String> {
    use jsonwebtoken::{Algorithm, DecodingKey};
    let pem = |r: std::result::Result<DecodingKey, jsonwebtoken::errors::Error>| {
        r.map_err(|e| format!("auth.jwt.key is not a PEM public key: {e}"))
    };
    match cfg.algorithm.as_str() {
        "HS256" if cfg.key.len() >= 32 => Ok((
            DecodingKey::from_secret(cfg.key.as_bytes()),
            Algorithm::HS256,
        )),
        "HS256" => Err("an HS256 secret needs at least 32 bytes".into()),
        "RS256" => Ok((
            pem(DecodingKey::from_rsa_pem(cfg.key.as_bytes()))?,
            Algorithm::RS256,
        )),
        "ES256" => Ok((
            pem(DecodingKey::from_ec_pem(cfg.key.as_bytes()))?,
            Algorithm::ES256,
        )),
        other => Err(format!("`{other}` is not one of HS256, RS256, ES256")),
    }
}

/// Whether a presented bearer token is a JWT (three dot-separated parts) rather than one of
/// Sapat's own tokens.
pub fn is_jwt(token: &str) -> bool {
    !token.starts_with("sapat_") && token.split('.').count() == 3
}

/// Checks a single sign-on JWT: signature, `exp` (and `iss`/`aud` when configured), then the
/// role and scope it claims, which must name a known region, district or school.
pub async fn authenticate_jwt(
    db: &impl ConnectionTrait,
    cfg: Option<&crate::config::JwtConfig>,
    token: &str,
) -> Result<std::result::Result<Principal, Rejection>> {
    let Some(cfg) = cfg else {
        return Ok(Err(Rejection::NoSignOn));
    };
    let (key, algorithm) = jwt_key(cfg).map_err(|message| Error::Invalid {
        field: "auth.jwt".into(),
        message,
    })?;
    let mut validation = jsonwebtoken::Validation::new(algorithm);
    validation.set_required_spec_claims(&["exp", "sub"]);
    validation.leeway = 30;
    if let Some(iss) = &cfg.issuer {
        validation.set_issuer(&[iss]);
    }
    match &cfg.audience {
        Some(aud) => validation.set_audience(&[aud]),
        None => validation.validate_aud = false,
    }
    let claims = match jsonwebtoken::decode::<Claims>(token, &key, &validation) {
        Ok(data) => data.claims,
        Err(e) if *e.kind() == jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
            return Ok(Err(Rejection::Expired));
        }
        Err(_) => return Ok(Err(Rejection::Invalid)),
    };
    let Ok(role) = Role::parse(&claims.role) else {
        return Ok(Err(Rejection::Claims));
    };
    let scope_id = match scope_id(db, role, claims.scope.as_deref()).await {
        Ok(id) => id,
        Err(Error::Invalid { .. }) => return Ok(Err(Rejection::Claims)),
        Err(e) => return Err(e),
    };
    Ok(Ok(Principal {
        token_id: None,
        subject: Some(claims.sub),
        role,
        scope_id,
    }))
}

#[cfg(test)]
mod tests {
    use super::redact_tokens;

    #[test]
    fn token_secrets_are_cut_from_logged_text() {
        assert_eq!(redact_tokens("/sapat_4_dWQk-x_9Z/a"), "/sapat_4_…/a");
        assert_eq!(
            redact_tokens("query sapat_12_abcDEF { x }"),
            "query sapat_12_… { x }"
        );
        assert_eq!(
            redact_tokens("sapat_x sapat_ sapat_7"),
            "sapat_x sapat_ sapat_7"
        );
        assert_eq!(
            redact_tokens("/schools/KG-O-UZG-045"),
            "/schools/KG-O-UZG-045"
        );
    }
}
