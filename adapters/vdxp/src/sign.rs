//! How the axis authenticates a request: the parameters travel as `XroadVnpt-` headers, and an
//! HMAC over a JSON copy of them proves we hold the account's secret.
//!
//! Everything here is pure, so it is tested against values computed outside this crate.

use chrono::{DateTime, FixedOffset, Utc};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// The prefix the SDK puts before every logical header name.
pub const HEADER_PREFIX: &str = "XroadVnpt-";
/// The JSON object of the signed headers, sent verbatim.
pub const SIGN_HEADER: &str = "XroadVnpt-sign-header";
/// The `;`-joined logical names of the signed headers.
pub const SIGN_HEADER_KEY: &str = "XroadVnpt-sign-header-key";
/// Lowercase hex HMAC-SHA256 of the `SIGN_HEADER` value, keyed with the secret.
pub const HASH_HEADER: &str = "XroadVnpt-hash-header";
/// The protocol version the SDK announces (sent, not signed).
pub const VERSION_HEADER: &str = "XroadVnpt-version";
pub const VERSION: &str = "3.0.201608";
/// The SDK's User-Agent. We send the same: the axis is only known to work with its SDK, and
/// nothing says it does not look at this.
pub const USER_AGENT: &str = "JAVASDKAgent/1.0.0 XRoad/VPCP";

/// Vietnam's offset: the SDK formats its timestamp in the JVM's zone, which on the axis's
/// side of the deployment is Indochina Time. Vietnam has no daylight saving, so a fixed offset
/// is exact.
const VIETNAM: i32 = 7 * 3600;

/// The headers one request carries for authentication, ready to set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// `XroadVnpt-<name>` and its value, one per logical header, in the order given.
    pub params: Vec<(String, String)>,
    /// The value of `XroadVnpt-sign-header`: the JSON object the HMAC covers.
    pub sign_header: String,
    /// The value of `XroadVnpt-sign-header-key`.
    pub sign_header_key: String,
    /// The value of `XroadVnpt-hash-header`.
    pub hash_header: String,
}

impl SignedHeaders {
    /// Every header to put on the request, parameters first.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .chain([
                (SIGN_HEADER, self.sign_header.as_str()),
                (SIGN_HEADER_KEY, self.sign_header_key.as_str()),
                (HASH_HEADER, self.hash_header.as_str()),
            ])
    }
}

/// Signs the logical headers (`systemid`, `timestamp`, `Content-Type` and the call's own) as
/// the SDK does.
///
/// The JSON keeps the order given: the server can only check the HMAC against the exact string
/// it receives, so any order verifies, and a fixed one makes requests reproducible (the SDK's
/// follows its HashMap).
pub fn sign(headers: &[(&str, String)], secret: &SecretString) -> SignedHeaders {
    let params: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| (format!("{HEADER_PREFIX}{name}"), value.clone()))
        .collect();
    let members: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{}:{}", json_string(name), json_string(value)))
        .collect();
    let sign_header = format!("{{{}}}", members.join(","));
    let sign_header_key = headers
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(";");
    let hash_header = hmac_sha256_hex(secret.expose_secret().as_bytes(), sign_header.as_bytes());
    SignedHeaders {
        params,
        sign_header,
        sign_header_key,
        hash_header,
    }
}

/// The SDK's `timestamp`, pattern `ddMMyyyy'T'HHmmss+SSSS` in Vietnam time.
///
/// In Java's `SimpleDateFormat` the `+` is literal text and `SSSS` is the millisecond of the
/// second zero-padded to four digits: despite its look, `+SSSS` is not a zone offset. So
/// 10:04:05.007 on 31 May 2024 in Hanoi is `31052024T100405+0007`.
pub fn format_timestamp(at: DateTime<Utc>) -> String {
    let offset = FixedOffset::east_opt(VIETNAM).expect("+07:00 is a valid offset");
    let local = at.with_timezone(&offset);
    format!(
        "{}+{:04}",
        local.format("%d%m%YT%H%M%S"),
        local.timestamp_subsec_millis().min(999)
    )
}

/// The `hash-file` of what we send: standard lowercase, zero-padded SHA-256 hex (64 digits).
///
/// The SDK builds it byte by byte with `Integer.toHexString` and no padding, so a byte below
/// 0x10 gives one digit and its value is usually shorter than 64. Whether the axis checks the
/// field at all is unknown; we send the standard form, and if the axis turns out to compare it
/// with its own SDK-style digest, this is the one function to change.
pub fn hash_file(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts a key of any length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_hmac_primitive_matches_rfc_4231_case_2() {
        assert_eq!(
            hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_request_is_signed_over_the_json_of_its_prefixed_headers() {
        let secret = SecretString::from("s3cr3t-key");
        let signed = sign(
            &[
                ("systemid", "000.00.00.H41".to_owned()),
                ("timestamp", "31052024T100405+0007".to_owned()),
                ("Content-Type", "application/json".to_owned()),
                ("docId", "7f3a".to_owned()),
            ],
            &secret,
        );
        assert_eq!(
            signed.sign_header,
            r#"{"XroadVnpt-systemid":"000.00.00.H41","XroadVnpt-timestamp":"31052024T100405+0007","XroadVnpt-Content-Type":"application/json","XroadVnpt-docId":"7f3a"}"#
        );
        assert_eq!(
            signed.sign_header_key,
            "systemid;timestamp;Content-Type;docId"
        );
        // Computed outside this crate: Python's hmac.new(b"s3cr3t-key", <the JSON above>,
        // hashlib.sha256).hexdigest().
        assert_eq!(
            signed.hash_header,
            "a2a6374de389f137edac11fe02c27648d0f6f6f7638ebdedfe0d3b68f81ef6d2"
        );
        assert_eq!(
            signed.params[3],
            ("XroadVnpt-docId".to_owned(), "7f3a".to_owned())
        );
    }

    #[test]
    fn values_that_need_escaping_are_escaped_in_the_signed_json() {
        let signed = sign(
            &[("to", r#"["A","B"]"#.to_owned())],
            &SecretString::from("k"),
        );
        assert_eq!(signed.sign_header, r#"{"XroadVnpt-to":"[\"A\",\"B\"]"}"#);
    }

    #[test]
    fn the_timestamp_ends_in_milliseconds_not_a_zone() {
        let at =
            Utc.with_ymd_and_hms(2024, 5, 31, 3, 4, 5).unwrap() + chrono::Duration::milliseconds(7);
        assert_eq!(format_timestamp(at), "31052024T100405+0007");
    }

    #[test]
    fn the_timestamp_is_in_vietnam_time_across_midnight() {
        let at = Utc.with_ymd_and_hms(2024, 12, 31, 17, 30, 0).unwrap()
            + chrono::Duration::milliseconds(999);
        assert_eq!(format_timestamp(at), "01012025T003000+0999");
    }

    #[test]
    fn the_file_hash_is_standard_sha256_hex() {
        // FIPS 180-2 example: SHA-256("abc").
        assert_eq!(
            hash_file(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hash_file(b"").len(), 64);
    }
}
