//! The rules that keep the service safe to put on the internet, as pure functions: how many tries a
//! sign-in or a check-in code gets, where a sign-in may send the browser on to, which cross-site
//! requests are refused, which client address is counted, when a session's idle time is renewed,
//! how many claims may wait. The server reads the counts from the database and asks these.

use std::net::IpAddr;

/// A name shown for an account: not blank, at most 40 characters (trimmed before the check).
pub fn display_name_ok(name: &str) -> bool {
    !name.is_empty() && name.chars().count() <= 40
}

/// A username: 3–32 lowercase ASCII letters, digits or `_ . -` (lower-cased before the check).
pub fn username_ok(username: &str) -> bool {
    (3..=32).contains(&username.len()) && username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c))
}

/// Throttling windows and limits.
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
/// Wrong passwords for one account from one address before it waits the window out.
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Wrong passwords from one address, whatever the account.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// Wrong passwords for one account from all addresses together. Past it the account is refused
/// everywhere except from an address it signed in from before (its owner's own).
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 50;
/// Wrong 6-digit check-in codes per account, and per address, within the window.
pub const MAX_CODE_FAILURES_PER_ACCOUNT: i64 = 10;
pub const MAX_CODE_FAILURES_PER_ADDRESS: i64 = 30;
/// Claims one person may have waiting for a decision (each may hold a 5 MB file).
pub const MAX_PENDING_CLAIMS: i64 = 10;
/// The longest username.
pub const MAX_USERNAME_CHARS: usize = 64;

/// What the sign-in attempts counted so far allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Check the password.
    Judge,
    /// Refuse without checking: too many failures lately.
    Refuse,
}

/// The attempts in the window when this one arrives, this one included. For an account, failures and
/// attempts still being judged count alike, so parallel tries cannot slip past the limit; for an
/// address, judged failures only (many people sign in at once from one office).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginCounts {
    /// For this account from this address.
    pub account_and_address: i64,
    /// Judged failures from this address before this attempt, any account.
    pub address: i64,
    /// For this account, any address.
    pub account: i64,
    /// The account signed in from this address before (its owner's address is never locked out by
    /// failures from elsewhere).
    pub known_address: bool,
}

/// 登录限流: per (account, address), per address, and per account except from a known address.
pub fn login_attempt(counts: LoginCounts) -> Attempt {
    let by_pair = counts.account_and_address > MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS;
    let by_address = counts.address >= MAX_FAILURES_PER_ADDRESS;
    let by_account = counts.account > MAX_FAILURES_PER_ACCOUNT && !counts.known_address;
    if by_pair || by_address || by_account {
        Attempt::Refuse
    } else {
        Attempt::Judge
    }
}

/// The wait before the next try after `failures` wrong passwords for one account from one address:
/// none for the first two, then 1, 2, 4, 8 … seconds (at most a minute). Slows guessing without
/// locking anyone out.
pub fn login_delay_seconds(failures: i64) -> u64 {
    if failures < 3 { 0 } else { 1u64 << (failures - 3).min(6) as u32 }.min(60)
}

/// 签到码尝试次数: wrong codes per account and per address within the window.
pub fn code_attempt(by_account: i64, by_address: i64) -> Attempt {
    if by_account > MAX_CODE_FAILURES_PER_ACCOUNT || by_address > MAX_CODE_FAILURES_PER_ADDRESS {
        Attempt::Refuse
    } else {
        Attempt::Judge
    }
}

/// Where a sign-in may send the browser on to: a path of this site, in a strict shape — `/`, then
/// letters, digits and `-._~/?=&%+`; never `//` or `/\` at the start (another host), never a control
/// character, space or backslash. Anything else goes home.
pub fn local_next(next: &str) -> Option<&str> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~/?=&%+#".contains(c);
    let shaped = next.starts_with('/') && !next.starts_with("//") && next.len() <= 512 && next.chars().all(allowed);
    // An escaped slash, backslash or control character could become one after decoding.
    let lower = next.to_ascii_lowercase();
    let escapes = ["%2f", "%5c", "%09", "%0a", "%0d", "%00"].iter().any(|e| lower.contains(e));
    (shaped && !escapes).then_some(next)
}

/// The headers a browser sends about where a request comes from.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestOrigin<'a> {
    pub sec_fetch_site: Option<&'a str>,
    pub origin: Option<&'a str>,
}

/// 跨站请求: a state-changing request is refused when the browser says it comes from another site,
/// or its `Origin` is not `site` (`scheme://host[:port]`). A request with neither header comes from a
/// program, not a browser page, and is judged by its session as any other.
pub fn cross_site(request: RequestOrigin, site: &str) -> bool {
    if request.sec_fetch_site.is_some_and(|s| s.eq_ignore_ascii_case("cross-site")) {
        return true;
    }
    match request.origin {
        None => false,
        Some(origin) => !origin.trim_end_matches('/').eq_ignore_ascii_case(site.trim_end_matches('/')),
    }
}

/// A page address that carries a form's error (`__path`, `__err`: where leptos' form redirects send a
/// plain post back) is shown as it is only when the browser came there from this site — the redirect
/// after its own post. A link from elsewhere could otherwise put any text in a page's error box
/// (「账号异常，请联系…」). For such a visit: the query without them, to send the browser on to.
pub fn foreign_form_error(query: &str, sec_fetch_site: Option<&str>, referer: Option<&str>, site: &str) -> Option<String> {
    let is_error = |pair: &&str| pair.starts_with("__err=") || pair.starts_with("__path=");
    if !query.split('&').any(|pair| is_error(&pair)) {
        return None;
    }
    let ours = match sec_fetch_site {
        Some(s) => s.eq_ignore_ascii_case("same-origin"),
        // Browsers without Fetch Metadata: the page it came from (sent for this site's own pages).
        None => referer.is_some_and(|r| r.starts_with(&format!("{}/", site.trim_end_matches('/')))),
    };
    (!ours).then(|| query.split('&').filter(|pair| !is_error(pair)).collect::<Vec<_>>().join("&"))
}

/// The address a client is counted by: IPv4 as it is, IPv6 by its /64 (one household or phone
/// network hands out a whole /64).
pub fn counted_address(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// A network in a trusted-proxy setting: an address, or an address with a prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    pub address: IpAddr,
    pub prefix: u8,
}

impl Network {
    /// `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`.
    pub fn parse(text: &str) -> Option<Network> {
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Network { address: addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| -> Option<(u128, u8)> {
            match ip {
                IpAddr::V4(v4) => Some((u128::from(u32::from(v4)), 32)),
                IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                    Some(v4) => Some((u128::from(u32::from(v4)), 32)),
                    None => Some((u128::from(v6), 128)),
                },
            }
        };
        match (bits(self.address), bits(ip)) {
            (Some((net, width)), Some((addr, w))) if width == w => {
                if self.prefix == 0 {
                    return true;
                }
                let shift = u32::from(width - self.prefix.min(width));
                (net >> shift) == (addr >> shift)
            }
            _ => false,
        }
    }
}

/// The address a request's client is counted by (`client_ip`, then `counted_address`): for throttling
/// and for the cap of open event streams alike.
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[Network]) -> String {
    counted_address(client_ip(peer, forwarded_for, trusted))
}

/// The client of a request: the connection's peer, unless the peer is a trusted proxy; then the
/// nearest address in `X-Forwarded-For` (read from the right) that is not itself a trusted proxy.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[Network]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let Some(header) = forwarded_for else { return peer };
    let mut nearest = peer;
    for hop in header.rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) => {
                nearest = ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    nearest
}

/// Whether a session last renewed `seen_seconds_ago` is saved again now, renewing its idle time of
/// `idle_seconds`: at most about once a minute (sooner only for idle times under two minutes), not on
/// every request.
pub fn renew_session(seen_seconds_ago: i64, idle_seconds: i64) -> bool {
    let every = (idle_seconds / 2).clamp(1, 60);
    !(0..every).contains(&seen_seconds_ago)
}

/// Whether a person with `pending` claims waiting may submit another.
pub fn may_submit_claim(pending: i64) -> Result<(), String> {
    if pending >= MAX_PENDING_CLAIMS {
        Err(crate::messages::claims_pending(pending, MAX_PENDING_CLAIMS))
    } else {
        Ok(())
    }
}

/// 本人回避: whether an account linked to `actor_person` would be acting on its own hours (deciding
/// its own claim, recording its own lecture) — which nobody may.
pub fn acts_on_self(actor_person: Option<i64>, subject_person: i64) -> bool {
    actor_person == Some(subject_person)
}

/// An uploaded file's name as kept: its last path part, without control characters, at most 100
/// characters; `fallback` when nothing is left.
pub fn uploaded_file_name(raw: &str, fallback: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last.chars().filter(|c| !c.is_control()).take(100).collect();
    if name.trim().is_empty() {
        fallback.to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_try_for_one_account_from_one_address_is_refused() {
        let counts = |n| LoginCounts { account_and_address: n, address: n, account: n, known_address: false };
        assert_eq!(login_attempt(counts(5)), Attempt::Judge);
        assert_eq!(login_attempt(counts(6)), Attempt::Refuse);
    }

    #[test]
    fn many_failures_elsewhere_do_not_lock_the_owner_out() {
        let attack = LoginCounts { account_and_address: 1, address: 1, account: 500, known_address: false };
        assert_eq!(login_attempt(attack), Attempt::Refuse);
        assert_eq!(login_attempt(LoginCounts { known_address: true, ..attack }), Attempt::Judge);
    }

    #[test]
    fn delays_grow_and_stay_bounded() {
        assert_eq!((0..=4).map(login_delay_seconds).collect::<Vec<_>>(), vec![0, 0, 0, 1, 2]);
        assert_eq!(login_delay_seconds(1000), 60);
    }

    #[test]
    fn only_strict_local_paths_are_followed() {
        for good in ["/", "/me/hours", "/checkin?t=abc.123-x_y", "/classes/12"] {
            assert_eq!(local_next(good), Some(good), "{good}");
        }
        for bad in [
            "",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/%2F/evil",
            "https://evil.example",
            "/a b",
            "/\u{7f}",
            "/\u{0}x",
            "/é",
            "evil",
        ] {
            assert_eq!(local_next(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn cross_site_requests_are_told_apart() {
        let site = "http://127.0.0.1:3000";
        let req = |s, o| RequestOrigin { sec_fetch_site: s, origin: o };
        assert!(!cross_site(req(None, None), site), "programs are judged by their session");
        assert!(!cross_site(req(Some("same-origin"), Some("http://127.0.0.1:3000")), site));
        assert!(cross_site(req(Some("cross-site"), None), site));
        assert!(cross_site(req(None, Some("https://evil.example")), site));
        assert!(cross_site(req(Some("same-site"), Some("http://127.0.0.1:3001")), site));
        assert!(cross_site(req(None, Some("null")), site));
    }

    #[test]
    fn a_form_error_in_the_address_counts_only_after_this_sites_own_post() {
        let site = "http://127.0.0.1:3000";
        let query = "next=%2Fme&__path=%2Fapi%2Flogin&__err=eyJ9";
        assert_eq!(foreign_form_error(query, Some("same-origin"), None, site), None, "the redirect after our own post");
        assert_eq!(foreign_form_error(query, Some("cross-site"), None, site).as_deref(), Some("next=%2Fme"));
        assert_eq!(foreign_form_error(query, Some("none"), None, site).as_deref(), Some("next=%2Fme"), "typed or pasted");
        assert_eq!(foreign_form_error(query, None, Some("http://127.0.0.1:3000/login"), site), None);
        assert_eq!(foreign_form_error(query, None, Some("https://evil.example/x"), site).as_deref(), Some("next=%2Fme"));
        assert_eq!(foreign_form_error("__err=x", None, None, site).as_deref(), Some(""));
        assert_eq!(foreign_form_error("t=1.2.ab&held=1", Some("cross-site"), None, site), None, "nothing to strip");
    }

    #[test]
    fn ipv6_is_counted_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(counted_address(a), counted_address(b));
        assert_eq!(counted_address("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3");
    }

    #[test]
    fn forwarded_addresses_are_taken_only_from_trusted_proxies() {
        let trusted = [Network::parse("127.0.0.1").unwrap(), Network::parse("10.0.0.0/8").unwrap()];
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(client_ip(stranger, Some("1.2.3.4"), &trusted), stranger, "a stranger cannot claim an address");
        assert_eq!(client_ip(proxy, Some("1.2.3.4, 198.51.100.7"), &trusted).to_string(), "198.51.100.7");
        assert_eq!(client_ip(proxy, Some("198.51.100.7, 10.1.1.1"), &trusted).to_string(), "198.51.100.7");
        assert_eq!(client_ip(proxy, None, &trusted), proxy);
        assert_eq!(client_ip(proxy, Some("garbage"), &trusted), proxy);
        assert!(Network::parse("10.0.0.0/33").is_none());
        assert!(Network::parse("fd00::/8").unwrap().contains("fd12::1".parse().unwrap()));
    }

    #[test]
    fn sessions_are_renewed_about_once_a_minute() {
        let idle = 30 * 60;
        assert!(!renew_session(0, idle));
        assert!(!renew_session(59, idle));
        assert!(renew_session(60, idle));
        assert!(renew_session(-5, idle), "a clock that went back renews");
        assert!(renew_session(2, 4), "short idle times renew sooner");
    }

    #[test]
    fn nobody_acts_on_their_own_hours() {
        assert!(acts_on_self(Some(7), 7));
        assert!(!acts_on_self(Some(7), 8));
        assert!(!acts_on_self(None, 7));
    }

    #[test]
    fn pending_claims_are_capped() {
        assert!(may_submit_claim(MAX_PENDING_CLAIMS - 1).is_ok());
        assert!(may_submit_claim(MAX_PENDING_CLAIMS).unwrap_err().contains("等待审核"));
    }
}
