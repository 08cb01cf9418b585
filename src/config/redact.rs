//! Keeping passwords out of everything printed.

/// Replaces the password of a URL's user-info (`postgres://user:pw@host/db`) with `[redacted]`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    // The user-info ends at the last '@' before the first '/' of the path.
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:[redacted]@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn a_password_in_a_database_url_is_never_printed() {
        let r = redact_url("postgres://dondoc:s3cr3t@db.example:5432/dondoc?sslmode=require");
        assert!(!r.contains("s3cr3t"));
        assert_eq!(
            r,
            "postgres://dondoc:[redacted]@db.example:5432/dondoc?sslmode=require"
        );
    }

    #[test]
    fn urls_without_a_password_are_unchanged() {
        for u in [
            "sqlite://./data/dondoc.db",
            "postgres://root@127.0.0.1/test",
            "not a url",
        ] {
            assert_eq!(redact_url(u), u);
        }
    }
}
