//! A `[[sources]]` table of `type = "vdxp"`: the document axis (VDXP, or a province's LGSP in
//! front of the VBĐH) polled over HTTP.
//!
//! The secret is never written in a file that is shared: `secret = "env:NAME"` reads it from the
//! environment variable NAME when the configuration is loaded (a literal value is accepted for a
//! test bench, and is never printed either).

use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use dondoc_vdxp::VdxpConfig;

use crate::domain::OrganId;

/// What the admin wrote in a `[[sources]]` table of type "vdxp".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVdxp {
    pub name: Option<String>,
    pub endpoint: Option<String>,
    pub system_id: Option<String>,
    pub secret: Option<String>,
    pub our_organ_ids: Option<Vec<String>>,
    pub tracked_issuers: Option<Vec<String>>,
    pub poll_interval_secs: Option<u64>,
    pub page_size: Option<u32>,
    pub timeout_secs: Option<u64>,
    pub max_retries: Option<u32>,
    pub send_acknowledgements: Option<bool>,
}

/// A validated axis source: the adapter's own typed config, and how often dondoc's loop polls it.
#[derive(Debug, Clone)]
pub struct VdxpSourceConfig {
    /// How long the loop waits between two passes.
    pub poll_interval: Duration,
    /// Everything the axis client needs (the reply limit and where an oversized document is
    /// kept are set when the source is opened, from `[edxml]` and `data_dir`).
    pub axis: VdxpConfig,
}

/// Checks one table (`key` is `sources[i]`); every problem comes back as `(key, reason)`.
/// `env` is where `secret = "env:NAME"` is looked up.
pub fn check(
    key: &str,
    raw: RawVdxp,
    default_name: String,
    env: &dyn Fn(&str) -> Option<String>,
) -> (Option<VdxpSourceConfig>, Vec<(String, String)>) {
    let mut problems = Vec::new();
    let mut bad = |field: &str, reason: String| problems.push((format!("{key}.{field}"), reason));
    let name = raw.name.unwrap_or(default_name);
    if name.trim().is_empty() {
        bad("name", "must not be empty".into());
    }
    let endpoint = match raw.endpoint.as_deref().map(str::trim) {
        None | Some("") => {
            bad("endpoint", "is required (the axis's base URL)".into());
            None
        }
        Some(s) => match url::Url::parse(s) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Some(u),
            Ok(_) => {
                bad(
                    "endpoint",
                    format!("{s:?} is not an http(s) URL with a host"),
                );
                None
            }
            Err(e) => {
                bad("endpoint", format!("{s:?} is not a URL: {e}"));
                None
            }
        },
    };
    let system_id = raw
        .system_id
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    if system_id.is_empty() {
        bad("system_id", "is required (our account on the axis)".into());
    }
    let secret = match raw.secret.as_deref() {
        None | Some("") => {
            bad(
                "secret",
                "is required; write secret = \"env:NAME\" and set NAME in the environment".into(),
            );
            None
        }
        Some(s) => match s.strip_prefix("env:") {
            Some(var) => match env(var.trim()) {
                Some(v) if !v.is_empty() => Some(SecretString::from(v)),
                _ => {
                    bad(
                        "secret",
                        format!("the environment variable {} is not set", var.trim()),
                    );
                    None
                }
            },
            None => Some(SecretString::from(s.to_string())),
        },
    };
    let mut ids = |field: &str, list: Option<Vec<String>>| -> Vec<OrganId> {
        let mut out = Vec::new();
        for (i, s) in list.unwrap_or_default().iter().enumerate() {
            match OrganId::parse(s) {
                Ok(id) if !out.contains(&id) => out.push(id),
                Ok(_) => {}
                Err(e) => bad(&format!("{field}[{i}]"), e.to_string()),
            }
        }
        out
    };
    let our_organ_ids = ids("our_organ_ids", raw.our_organ_ids);
    let tracked_issuers = ids("tracked_issuers", raw.tracked_issuers);
    if our_organ_ids.is_empty() && tracked_issuers.is_empty() {
        bad(
            "our_organ_ids",
            "say which documents are ours: our_organ_ids (addressed to us) or tracked_issuers \
             (sent by the Committee, the Government Office), or both"
                .into(),
        );
    }
    let mut number = |field: &str, v: Option<u64>, default: u64, max: u64| match v {
        Some(0) => {
            bad(field, "must be at least 1".into());
            default
        }
        Some(v) if v > max => {
            bad(field, format!("must be at most {max} (got {v})"));
            default
        }
        Some(v) => v,
        None => default,
    };
    let poll_interval = number("poll_interval_secs", raw.poll_interval_secs, 60, 86_400);
    let page_size = number("page_size", raw.page_size.map(u64::from), 50, 1000);
    let timeout = number("timeout_secs", raw.timeout_secs, 30, 600);
    let send_acknowledgements = raw.send_acknowledgements.unwrap_or(false);
    if send_acknowledgements && our_organ_ids.is_empty() {
        bad(
            "send_acknowledgements",
            "needs our_organ_ids: the acknowledgements come from our first OrganId".into(),
        );
    }
    let max_retries = match raw.max_retries {
        Some(n) if n > 10 => {
            problems.push((
                format!("{key}.max_retries"),
                format!("must be at most 10 (got {n})"),
            ));
            3
        }
        Some(n) => n,
        None => 3,
    };
    let config = match (endpoint, secret) {
        (Some(endpoint), Some(secret)) if problems.is_empty() => Some(VdxpSourceConfig {
            poll_interval: Duration::from_secs(poll_interval),
            axis: VdxpConfig {
                // The acknowledgements come from our first OrganId (checked above).
                acknowledge_as: send_acknowledgements
                    .then(|| our_organ_ids.first().map(|o| o.as_str().to_string()))
                    .flatten(),
                name,
                endpoint,
                system_id,
                secret,
                page_size: page_size as u32,
                timeout: Duration::from_secs(timeout),
                max_retries,
                retry_base: VdxpConfig::DEFAULT_RETRY_BASE,
                retry_max: VdxpConfig::DEFAULT_RETRY_MAX,
                our_organ_ids: our_organ_ids
                    .iter()
                    .map(|o| o.as_str().to_string())
                    .collect(),
                tracked_issuers: tracked_issuers
                    .iter()
                    .map(|o| o.as_str().to_string())
                    .collect(),
                max_reply_bytes: u64::MAX,
                spill_dir: None,
            },
        }),
        _ => None,
    };
    (config, problems)
}

impl VdxpSourceConfig {
    /// The table as `config check` prints it, the secret redacted.
    pub fn to_toml(&self) -> String {
        let a = &self.axis;
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let list = |v: &[String]| v.iter().map(|x| q(x)).collect::<Vec<_>>().join(", ");
        format!(
            "\n[[sources]]\ntype = \"vdxp\"\nname = {}\nendpoint = {}\nsystem_id = {}\n\
             secret = \"[redacted]\"\nour_organ_ids = [{}]\ntracked_issuers = [{}]\n\
             poll_interval_secs = {}\npage_size = {}\ntimeout_secs = {}\nmax_retries = {}\n\
             send_acknowledgements = {}\n",
            q(&a.name),
            q(a.endpoint.as_str()),
            q(&a.system_id),
            list(&a.our_organ_ids),
            list(&a.tracked_issuers),
            self.poll_interval.as_secs(),
            a.page_size,
            a.timeout.as_secs(),
            a.max_retries,
            a.acknowledge_as.is_some(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawVdxp {
        RawVdxp {
            endpoint: Some("https://truc.example/vdxp".into()),
            system_id: Some("000.00.31.H57".into()),
            secret: Some("env:AXIS_SECRET".into()),
            our_organ_ids: Some(vec!["000.00.31.H57".into()]),
            tracked_issuers: Some(vec!["000.00.00.H57".into()]),
            ..RawVdxp::default()
        }
    }

    #[test]
    fn the_secret_is_read_from_the_environment_and_never_printed() {
        let env = |k: &str| (k == "AXIS_SECRET").then(|| "bí-mật".to_string());
        let (c, problems) = check("sources[1]", raw(), "axis".into(), &env);
        assert!(problems.is_empty(), "{problems:?}");
        let c = c.unwrap();
        assert_eq!(
            secrecy::ExposeSecret::expose_secret(&c.axis.secret),
            "bí-mật"
        );
        assert!(!c.to_toml().contains("bí-mật"));
        assert!(!format!("{c:?}").contains("bí-mật"));
        assert_eq!((c.axis.page_size, c.axis.max_retries), (50, 3));
        assert!(
            c.axis.acknowledge_as.is_none(),
            "dondoc observes by default"
        );
        let answering = RawVdxp {
            send_acknowledgements: Some(true),
            ..raw()
        };
        let (c, problems) = check("sources[1]", answering, "axis".into(), &env);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            c.unwrap().axis.acknowledge_as.as_deref(),
            Some("000.00.31.H57")
        );
    }

    #[test]
    fn every_missing_or_bad_key_is_named() {
        let bad = RawVdxp {
            endpoint: Some("ftp://truc.example".into()),
            system_id: None,
            secret: Some("env:UNSET".into()),
            our_organ_ids: Some(vec!["not an id".into()]),
            tracked_issuers: Some(vec!["000.00.00.H57".into()]),
            page_size: Some(0),
            send_acknowledgements: Some(true),
            ..RawVdxp::default()
        };
        let (c, problems) = check("sources[0]", bad, "axis".into(), &|_| None);
        assert!(c.is_none());
        let keys: Vec<&str> = problems.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "sources[0].endpoint",
                "sources[0].system_id",
                "sources[0].secret",
                "sources[0].our_organ_ids[0]",
                "sources[0].page_size",
                "sources[0].send_acknowledgements",
            ]
        );
    }
}
