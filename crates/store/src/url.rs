//! Keeping passwords out of everything printed.

/// The URL with any password replaced by `[redacted]`: the user-info's (`user:pw@`) and a
/// `password` query parameter (`?password=pw`), both of which the database drivers accept. A value
/// that does not parse as a URL is shown only by its scheme, since it may still hold a secret.
pub fn redact_url(text: &str) -> String {
    const HIDDEN: &str = "[redacted]";
    let Ok(mut url) = url::Url::parse(text) else {
        return match text.split_once(':') {
            Some((scheme, _))
                if !scheme.is_empty()
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '+') =>
            {
                format!("{scheme}:{HIDDEN}")
            }
            _ => HIDDEN.to_string(),
        };
    };
    if url.password().is_some() {
        // Only fails for URLs that cannot have a password, which this one has.
        let _ = url.set_password(Some(HIDDEN));
    }
    if url
        .query_pairs()
        .any(|(k, _)| k.eq_ignore_ascii_case("password"))
    {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if k.eq_ignore_ascii_case("password") {
                    HIDDEN.to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    // The url crate percent-encodes the brackets; show the marker as written.
    url.to_string().replace("%5Bredacted%5D", HIDDEN)
}

/// Puts a separately configured password into a database URL, percent-encoded as URLs require.
pub fn with_password(text: &str, password: &str) -> Result<String, String> {
    let mut url =
        url::Url::parse(text).map_err(|e| format!("the database URL does not parse: {e}"))?;
    url.set_password(Some(password))
        .map_err(|()| "the database URL cannot carry a password".to_string())?;
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_database_url_is_never_printed() {
        for (url, shown) in [
            (
                "postgres://dondoc:s3cr3t@db.example:5432/dondoc?sslmode=require",
                "postgres://dondoc:[redacted]@db.example:5432/dondoc?sslmode=require",
            ),
            (
                "postgres://u@h/db?password=s3cr3t",
                "postgres://u@h/db?password=[redacted]",
            ),
            (
                "postgres://u:pa%2Fs3cr3t@h/db",
                "postgres://u:[redacted]@h/db",
            ),
        ] {
            let r = redact_url(url);
            assert!(!r.contains("s3cr3t"), "{r}");
            assert_eq!(r, shown);
        }
    }

    #[test]
    fn a_value_that_is_not_a_url_is_hidden() {
        assert_eq!(redact_url("postgres://u:pa/ss@h/db"), "postgres:[redacted]");
        assert_eq!(redact_url("nonsense with s3cr3t"), "[redacted]");
    }

    #[test]
    fn urls_without_a_password_are_unchanged() {
        for u in [
            "sqlite://./data/dondoc.db",
            "postgres://root@127.0.0.1/test",
        ] {
            assert_eq!(redact_url(u), u);
        }
    }

    #[test]
    fn a_separate_password_is_percent_encoded_into_the_url() {
        assert_eq!(
            with_password("postgres://dondoc@db:5432/x", "p@ss/w rd").unwrap(),
            "postgres://dondoc:p%40ss%2Fw%20rd@db:5432/x"
        );
    }
}
