//! 签到 rules: the rotating QR token and the 6-digit short code, both signed with the server's secret
//! over a 30-second window (so a photo of the screen passed around stops working within a minute), and
//! who belongs to a class's audience.

use crate::messages as msg;
use crate::model::Rank;

/// A token (or short code) is minted for one window of this many seconds…
pub const WINDOW_SECONDS: i64 = 30;
/// …and accepted in that window and the next one: every token expires within 60 s.
pub const ACCEPTED_WINDOWS: i64 = 2;
/// A good scan by someone not signed in is kept this long while they sign in.
pub const HELD_SCAN_SECONDS: i64 = 600;
/// The admin's screen shows a fresh token this often (well inside a window).
pub const REFRESH_SECONDS: u64 = 20;

/// The window a moment (Unix seconds) falls in.
pub fn window_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(WINDOW_SECONDS)
}

/// Whether a token minted in `minted` is still good in `now` (both windows).
pub fn window_accepted(minted: i64, now: i64) -> bool {
    (0..ACCEPTED_WINDOWS).contains(&(now - minted))
}

/// Why a scanned token is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Not a token of ours at all (wrong shape, or a signature that does not match).
    Forged,
    /// Ours, but older than [`ACCEPTED_WINDOWS`] windows.
    Expired,
}

impl TokenError {
    pub fn message(self) -> &'static str {
        match self {
            TokenError::Forged => msg::qr_forged(),
            TokenError::Expired => msg::qr_expired(),
        }
    }
}

/// Who a class is for: one unit (or every unit) and one rank (or every rank).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Audience {
    pub unit_id: Option<i64>,
    pub rank: Option<Rank>,
}

/// 培训对象: whether a person of `unit_id` and `rank` is in the class's audience.
pub fn in_audience(audience: Audience, unit_id: i64, rank: Rank) -> bool {
    audience.unit_id.is_none_or(|u| u == unit_id) && audience.rank.is_none_or(|r| r == rank)
}

/// Whether two audiences share anybody (for the conflict check when a class is planned).
pub fn audiences_overlap(a: Audience, b: Audience) -> bool {
    let units = match (a.unit_id, b.unit_id) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    let ranks = match (a.rank, b.rank) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    units && ranks
}

#[cfg(feature = "ssr")]
mod signing {
    use super::*;
    use hmac::{Hmac, Mac};
    use sha2::Sha256;

    type HmacSha256 = Hmac<Sha256>;
    /// Bytes of the signature carried in a QR token (128 bits).
    const TOKEN_MAC_BYTES: usize = 16;

    fn mac(secret: &[u8], purpose: &str, class_id: i64, window: i64) -> HmacSha256 {
        // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
        let mut m = HmacSha256::new_from_slice(secret).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        m.update(format!("{purpose}:{class_id}:{window}").as_bytes());
        m
    }

    /// The QR token of a class for the window of `now`: `class.window.signature`.
    pub fn qr_token(secret: &[u8], class_id: i64, now: i64) -> String {
        let window = window_of(now);
        let signature = mac(secret, "qr", class_id, window).finalize().into_bytes();
        format!("{class_id}.{window}.{}", hex::encode(&signature[..TOKEN_MAC_BYTES]))
    }

    /// The class a scanned token is for, if it is ours and still fresh at `now`.
    pub fn verify_qr_token(secret: &[u8], token: &str, now: i64) -> Result<i64, TokenError> {
        let mut parts = token.trim().splitn(3, '.');
        let (Some(class), Some(window), Some(signature)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(TokenError::Forged);
        };
        let (Ok(class_id), Ok(window), Ok(signature)) = (class.parse::<i64>(), window.parse::<i64>(), hex::decode(signature)) else {
            return Err(TokenError::Forged);
        };
        if signature.len() != TOKEN_MAC_BYTES {
            return Err(TokenError::Forged);
        }
        // Constant-time comparison of the signature's leading bytes.
        mac(secret, "qr", class_id, window).verify_truncated_left(&signature).map_err(|_| TokenError::Forged)?;
        let current = window_of(now);
        if window > current {
            return Err(TokenError::Forged);
        }
        if !window_accepted(window, current) {
            return Err(TokenError::Expired);
        }
        Ok(class_id)
    }

    /// The 6-digit short code (签到码) of a class in a window, for when a camera fails.
    pub fn short_code(secret: &[u8], class_id: i64, window: i64) -> String {
        let signature = mac(secret, "code", class_id, window).finalize().into_bytes();
        let n = u32::from_be_bytes([signature[0], signature[1], signature[2], signature[3]]) % 1_000_000;
        format!("{n:06}")
    }

    /// Whether `code` is the class's short code in an accepted window at `now`.
    pub fn code_matches(secret: &[u8], class_id: i64, code: &str, now: i64) -> bool {
        let current = window_of(now);
        (0..ACCEPTED_WINDOWS).any(|back| short_code(secret, class_id, current - back) == code.trim())
    }
}
#[cfg(feature = "ssr")]
pub use signing::{code_matches, qr_token, short_code, verify_qr_token};

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"test secret of thirty-two bytes!";
    const NOW: i64 = 1_795_000_000;

    #[test]
    fn a_fresh_token_names_its_class() {
        let token = qr_token(SECRET, 42, NOW);
        assert_eq!(verify_qr_token(SECRET, &token, NOW), Ok(42));
        assert_eq!(verify_qr_token(SECRET, &token, NOW + 25), Ok(42), "still good in the next window");
    }

    #[test]
    fn every_token_expires_within_a_minute() {
        let token = qr_token(SECRET, 42, NOW);
        assert_eq!(verify_qr_token(SECRET, &token, NOW + 60), Err(TokenError::Expired));
        assert_eq!(verify_qr_token(SECRET, &token, NOW + 3600), Err(TokenError::Expired));
    }

    #[test]
    fn a_changed_class_window_or_secret_is_forged() {
        let token = qr_token(SECRET, 42, NOW);
        let other_class = token.replacen("42.", "43.", 1);
        assert_eq!(verify_qr_token(SECRET, &other_class, NOW), Err(TokenError::Forged));
        let (class, rest) = token.split_once('.').unwrap();
        let (window, signature) = rest.split_once('.').unwrap();
        let later: i64 = window.parse::<i64>().unwrap() + 1;
        assert_eq!(verify_qr_token(SECRET, &format!("{class}.{later}.{signature}"), NOW + 30), Err(TokenError::Forged));
        assert_eq!(verify_qr_token(b"another secret", &token, NOW), Err(TokenError::Forged));
        for junk in ["", "42", "42.x.y", "42.1.zz", "42.1.abcd"] {
            assert_eq!(verify_qr_token(SECRET, junk, NOW), Err(TokenError::Forged), "{junk:?}");
        }
    }

    #[test]
    fn a_token_from_the_future_is_forged() {
        let token = qr_token(SECRET, 7, NOW + 300);
        assert_eq!(verify_qr_token(SECRET, &token, NOW), Err(TokenError::Forged));
    }

    #[test]
    fn short_codes_are_six_digits_and_rotate() {
        let code = short_code(SECRET, 42, window_of(NOW));
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert!(code_matches(SECRET, 42, &code, NOW));
        assert!(code_matches(SECRET, 42, &format!(" {code} "), NOW + 29));
        assert!(!code_matches(SECRET, 42, &code, NOW + 90));
        assert!(!code_matches(SECRET, 43, &code, NOW) || short_code(SECRET, 43, window_of(NOW)) == code);
    }

    #[test]
    fn audiences() {
        let all = Audience { unit_id: None, rank: None };
        let unit = Audience { unit_id: Some(3), rank: None };
        let section_of_unit = Audience { unit_id: Some(3), rank: Some(Rank::SectionLevel) };
        assert!(in_audience(all, 9, Rank::Other));
        assert!(in_audience(unit, 3, Rank::DivisionLevel));
        assert!(!in_audience(unit, 4, Rank::DivisionLevel));
        assert!(!in_audience(section_of_unit, 3, Rank::DivisionLevel));
        assert!(audiences_overlap(all, section_of_unit));
        assert!(!audiences_overlap(unit, Audience { unit_id: Some(4), rank: None }));
        assert!(!audiences_overlap(section_of_unit, Audience { unit_id: None, rank: Some(Rank::DivisionLevel) }));
    }
}
