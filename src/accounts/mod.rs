//! Accounts and sessions: who may use the web pages and the API, and the proof that they logged
//! in. `dondoc users` and the web's login both come here.
//!
//! - A password is kept only as an argon2id hash (its defaults: 19 MiB, 2 passes), computed on a
//!   blocking thread, at most two at a time so that a burst of logins cannot take the memory.
//! - A session's token is 32 random bytes; the store keeps its SHA-256, so a copy of the
//!   database opens no session. Each session has its own CSRF token for the forms.
//! - A login is refused without looking at the password once the account, or the address it
//!   comes from, has failed `[web] login_attempts` / `address_attempts` times within
//!   `login_window`; a success clears the account's failures. An unknown name costs the same
//!   hash as a known one, so the time taken does not tell which names exist.
//! - Every login, failure, logout and change of an account goes to the audit log with the
//!   account that did it.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use chrono::{DateTime, Utc};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::config::WebConfig;
use crate::domain::{Account, Role, Username};
use crate::store::{Store, StoreError};

/// The shortest password an account may have.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest: a password is a phrase, not a payload.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Why an account action or a login was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Invalid(String),
    #[error("there is no account {0:?}")]
    NoSuchAccount(String),
    #[error("an account {0:?} exists already")]
    Taken(String),
    /// The name or the password is wrong; which one is not said.
    #[error("wrong user name or password")]
    BadCredentials,
    #[error("too many failed logins; try again in {minutes} minute(s)")]
    Throttled { minutes: u64 },
    #[error("cannot hash a password: {0}")]
    Hash(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Hashes and checks passwords, a few at a time.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
}

impl Default for Passwords {
    fn default() -> Self {
        Self {
            permits: Arc::new(Semaphore::new(2)),
        }
    }
}

impl Passwords {
    /// The argon2id PHC string of `password`, refused when it is too short or too long.
    pub async fn hash(&self, password: &str) -> Result<String, AccountError> {
        // NFC, as every text at the door: the same Vietnamese password typed on any keyboard or
        // system is the same bytes.
        let password = crate::domain::text::nfc(password);
        check_password(&password)?;
        self.blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| AccountError::Hash(e.to_string()))
        })
        .await
    }

    /// Whether `password` matches `hash`; `None` for the hash checks a made-up one, at the same
    /// cost, and answers false.
    pub async fn verify(&self, hash: Option<String>, password: &str) -> bool {
        if password.len() > MAX_PASSWORD_BYTES {
            return false;
        }
        let password = crate::domain::text::nfc(password);
        self.blocking(move || {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(|| DECOY_HASH.clone());
            let Ok(parsed) = PasswordHash::new(&hash) else {
                return Ok(false);
            };
            let ok = Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            Ok(ok && known)
        })
        .await
        .unwrap_or(false)
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, AccountError> + Send + 'static,
    ) -> Result<T, AccountError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| AccountError::Hash(e.to_string()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AccountError::Hash(e.to_string()))?
    }
}

/// The hash an unknown name is checked against: of a random password nobody was ever told, made
/// once, so that a wrong name costs what a wrong password does.
static DECOY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(new_token().as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
});

fn check_password(password: &str) -> Result<(), AccountError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AccountError::Invalid(format!(
            "the password is {chars} characters long; it must have at least {MIN_PASSWORD_CHARS}"
        )));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AccountError::Invalid(format!(
            "the password is longer than {MAX_PASSWORD_BYTES} bytes"
        )));
    }
    Ok(())
}

/// A fresh random token, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the store keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A session just opened: the token goes to the client once, and only its hash is kept.
#[derive(Debug, Clone)]
pub struct Opened {
    pub token: String,
    pub csrf: String,
    pub account: Account,
    pub expires_at: DateTime<Utc>,
}

/// A live session, found from its token.
#[derive(Debug, Clone)]
pub struct Session {
    pub account: Account,
    pub csrf: String,
    pub token_hash: String,
}

impl Session {
    /// The name the audit trail gives this session's account.
    pub fn actor(&self) -> crate::domain::Actor {
        crate::domain::Actor::User(self.account.username.to_string())
    }
}

/// The rules of `[web]` a session and a login follow.
#[derive(Debug, Clone)]
pub struct Policy {
    pub idle: chrono::Duration,
    pub max: chrono::Duration,
    pub login_attempts: u32,
    pub address_attempts: u32,
    pub window: chrono::Duration,
}

impl Policy {
    pub fn of(web: &WebConfig) -> Self {
        let d = |s: std::time::Duration| {
            chrono::Duration::from_std(s).unwrap_or(chrono::Duration::hours(1))
        };
        Self {
            idle: d(web.session_idle),
            max: d(web.session_max),
            login_attempts: web.login_attempts,
            address_attempts: web.address_attempts,
            window: d(web.login_window),
        }
    }

    /// When a session used at `now`, opened at `created`, expires.
    fn expiry(&self, created: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
        (now + self.idle).min(created + self.max)
    }
}

/// An account as the API and `users list --json` show it (never its password).
pub fn to_json(a: &Account) -> serde_json::Value {
    serde_json::json!({
        "username": a.username.as_str(),
        "role": a.role.kind(),
        "unit": a.role.unit().map(|u| u.as_str()),
    })
}

/// Logs `username` in from `address` at `now`, or says why not.
pub async fn login(
    store: &Store,
    passwords: &Passwords,
    policy: &Policy,
    username: &str,
    password: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Opened, AccountError> {
    // What was typed, cut to the longest name there can be, so that a flood of long names
    // cannot fill the failures table with long rows.
    let typed: String = username.trim().chars().take(Username::MAX_LEN).collect();
    // The attempt is counted before its password is checked, and forgotten only if it was
    // right: many guesses sent at once all count, none slips past while another is hashed.
    let attempt = store.record_login_failure(&typed, address, now).await?;
    let (by_name, by_address) = store
        .login_failures_since(&typed, address, now - policy.window)
        .await?;
    if by_name > i64::from(policy.login_attempts) || by_address > i64::from(policy.address_attempts)
    {
        // Not written to the audit log: a flood would fill it; the failures table holds it,
        // for the window.
        return Err(AccountError::Throttled {
            minutes: policy.window.num_minutes().max(1) as u64,
        });
    }
    let found = match Username::parse(&typed) {
        Ok(name) => store.account(&name).await?,
        Err(_) => None,
    };
    // The name is written to the audit log only when it is an account's: what was typed in its
    // place may be a password.
    let account_name = found.as_ref().map(|(a, _)| a.username.to_string());
    let (account, hash) = match found {
        Some((a, h)) if !a.disabled => (Some(a), Some(h)),
        _ => (None, None),
    };
    let matches = passwords.verify(hash, password).await;
    let Some(account) = account.filter(|_| matches) else {
        store
            .audit(
                now,
                &format!("address:{address}"),
                "login_failed",
                account_name.as_deref(),
                None,
            )
            .await?;
        return Err(AccountError::BadCredentials);
    };
    store.forget_login_attempt(attempt).await?;
    store.clear_login_failures(&typed).await?;
    let token = new_token();
    let csrf = new_token();
    let expires_at = policy.expiry(now, now);
    store
        .open_session(
            &account,
            &token_hash(&token),
            &csrf,
            address,
            now,
            expires_at,
        )
        .await?;
    store
        .audit(
            now,
            &crate::domain::Actor::User(account.username.to_string()).render(),
            "login",
            None,
            Some(address),
        )
        .await?;
    Ok(Opened {
        token,
        csrf,
        account,
        expires_at,
    })
}

/// The live session `token` opens at `now`, its idle expiry pushed on (at most once a minute,
/// so that browsing writes little).
pub async fn session(
    store: &Store,
    policy: &Policy,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>, StoreError> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let hash = token_hash(token);
    let Some(row) = store.session(&hash, now).await? else {
        return Ok(None);
    };
    if now - row.seen_at >= chrono::Duration::minutes(1) {
        store
            .touch_session(&hash, now, policy.expiry(row.created_at, now))
            .await?;
    }
    Ok(Some(Session {
        account: row.account,
        csrf: row.csrf,
        token_hash: hash,
    }))
}

/// Ends `session` (a logout).
pub async fn logout(
    store: &Store,
    session: &Session,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    store.revoke_session(&session.token_hash, now).await?;
    store
        .audit(now, &session.actor().render(), "logout", None, None)
        .await
}

/// Adds an account. A unit account's unit must be in the directory (the caller resolves it).
pub async fn add(
    store: &Store,
    passwords: &Passwords,
    username: &Username,
    role: &Role,
    password: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Account, AccountError> {
    let hash = passwords.hash(password).await?;
    let account = store
        .add_account(username, role, &hash, now)
        .await?
        .ok_or_else(|| AccountError::Taken(username.to_string()))?;
    let detail = match role.unit() {
        Some(u) => format!("{} {}", role.kind(), u.as_str()),
        None => role.kind().to_string(),
    };
    store
        .audit(
            now,
            by,
            "account_added",
            Some(username.as_str()),
            Some(&detail),
        )
        .await?;
    Ok(account)
}

/// Disables an account and revokes its sessions.
pub async fn disable(
    store: &Store,
    username: &Username,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    if !store.disable_account(username, now).await? {
        return match store.account(username).await? {
            Some(_) => Err(AccountError::Invalid(format!(
                "the account {username:?} is disabled already"
            ))),
            None => Err(AccountError::NoSuchAccount(username.to_string())),
        };
    }
    store
        .audit(now, by, "account_disabled", Some(username.as_str()), None)
        .await?;
    Ok(())
}

/// Sets a new password (enabling a disabled account again) and revokes the account's sessions.
pub async fn set_password(
    store: &Store,
    passwords: &Passwords,
    username: &Username,
    password: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let hash = passwords.hash(password).await?;
    if !store.set_password(username, &hash, now).await? {
        return Err(AccountError::NoSuchAccount(username.to_string()));
    }
    store
        .audit(now, by, "password_set", Some(username.as_str()), None)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_is_kept_as_an_argon2id_hash_that_only_it_matches() {
        let p = Passwords::default();
        let hash = p.hash("mật khẩu đủ dài").await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("mật khẩu"));
        assert!(p.verify(Some(hash.clone()), "mật khẩu đủ dài").await);
        assert!(!p.verify(Some(hash), "mật khẩu sai rồi").await);
        // No account: the decoy is checked and nothing matches, not even its own password.
        assert!(!p.verify(None, "mật khẩu đủ dài").await);
    }

    #[tokio::test]
    async fn a_short_or_huge_password_is_refused_with_its_reason() {
        let p = Passwords::default();
        let short = p.hash("ngắn").await.unwrap_err().to_string();
        assert!(short.contains("at least 10"), "{short}");
        let huge = p.hash(&"x".repeat(2000)).await.unwrap_err().to_string();
        assert!(huge.contains("1024"), "{huge}");
    }

    #[test]
    fn the_decoy_is_a_well_formed_hash() {
        assert!(PasswordHash::new(&DECOY_HASH).is_ok());
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
