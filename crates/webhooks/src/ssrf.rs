//! SSRF guard: decides whether a webhook may be delivered to a given IP address.
//!
//! Webhook target URLs are supplied by partners, so without a guard anyone who can register a
//! webhook could make Ponte's servers send requests into our own network (server-side request
//! forgery): to loopback admin ports, private services, or the cloud metadata endpoint that hands
//! out instance credentials. Targets resolving to anything but public unicast space are therefore
//! refused unless the operator allow-lists them (`webhooks.allowed_networks`).
//!
//! Validating the hostname when the webhook is registered is not enough: DNS can answer with a
//! public address at registration and with `127.0.0.1` at delivery time (DNS rebinding). The
//! delivery client therefore runs [`check`] at connect time on every resolved address, and only
//! connects to addresses that pass. This module is the pure decision part; it does no I/O.
//!
//! IPv6 forms that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 `64:ff9b::/96` and
//! 6to4 `2002::/16`) are classified by the embedded address, since the network may translate them
//! into a connection to that IPv4 address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

/// What kind of address an IP is, as far as the SSRF guard is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    Public,
    Loopback,
    Private,
    LinkLocal,
    Metadata,
    Unspecified,
    Multicast,
    Broadcast,
    Reserved,
}

use AddressClass::*;

/// IPv4 ranges, checked in order (the first match wins, so the more specific entries come first).
const V4_RANGES: &[([u8; 4], u32, AddressClass)] = &[
    ([169, 254, 169, 254], 32, Metadata), // AWS, GCP, Azure, OpenStack, ...
    ([100, 100, 100, 200], 32, Metadata), // Alibaba Cloud
    ([255, 255, 255, 255], 32, Broadcast),
    ([0, 0, 0, 0], 32, Unspecified),
    ([0, 0, 0, 0], 8, Reserved), // "this network"
    ([127, 0, 0, 0], 8, Loopback),
    ([10, 0, 0, 0], 8, Private),
    ([172, 16, 0, 0], 12, Private),
    ([192, 168, 0, 0], 16, Private),
    ([100, 64, 0, 0], 10, Private), // shared address space (CGNAT)
    ([169, 254, 0, 0], 16, LinkLocal),
    ([224, 0, 0, 0], 4, Multicast),
    ([192, 0, 0, 0], 24, Reserved),    // IETF protocol assignments
    ([192, 0, 2, 0], 24, Reserved),    // TEST-NET-1
    ([198, 51, 100, 0], 24, Reserved), // TEST-NET-2
    ([203, 0, 113, 0], 24, Reserved),  // TEST-NET-3
    ([198, 18, 0, 0], 15, Reserved),   // benchmarking
    ([240, 0, 0, 0], 4, Reserved),     // future use
    ([192, 88, 99, 0], 24, Reserved),  // retired 6to4 relay anycast
];

/// IPv6 ranges that do not embed an IPv4 address, checked in order.
const V6_RANGES: &[(u128, u32, AddressClass)] = &[
    (0xfd00_0ec2_0000_0000_0000_0000_0000_0254, 128, Metadata), // AWS IMDS over IPv6
    (0x0100_0000_0000_0000_0000_0000_0000_0000, 64, Reserved),  // discard-only
    (0x2001_0db8_0000_0000_0000_0000_0000_0000, 32, Reserved),  // documentation
    (0x2001_0000_0000_0000_0000_0000_0000_0000, 32, Reserved),  // Teredo
    (0xfec0_0000_0000_0000_0000_0000_0000_0000, 10, Reserved),  // deprecated site-local
    (0x0064_ff9b_0001_0000_0000_0000_0000_0000, 48, Reserved),  // local-use NAT64
    (0xff00_0000_0000_0000_0000_0000_0000_0000, 8, Multicast),
    (0xfc00_0000_0000_0000_0000_0000_0000_0000, 7, Private), // unique local
    (0xfe80_0000_0000_0000_0000_0000_0000_0000, 10, LinkLocal),
];

const NAT64_PREFIX: u128 = 0x0064_ff9b_0000_0000_0000_0000_0000_0000;

fn prefix_matches(addr: u128, net: u128, len: u32, bits: u32) -> bool {
    let mask = u128::MAX.checked_shl(bits - len).unwrap_or(0) & (u128::MAX >> (128 - bits));
    addr & mask == net & mask
}

/// Classifies an address for the SSRF guard.
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let addr = u128::from(u32::from(ip));
    V4_RANGES
        .iter()
        .find(|(net, len, _)| prefix_matches(addr, u32::from_be_bytes(*net).into(), *len, 32))
        .map_or(Public, |&(_, _, class)| class)
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    if ip.is_unspecified() {
        return Unspecified;
    }
    if ip.is_loopback() {
        return Loopback;
    }
    if let Some(v4) = embedded_ipv4(ip) {
        return classify_v4(v4);
    }
    let addr = u128::from(ip);
    V6_RANGES
        .iter()
        .find(|(net, len, _)| prefix_matches(addr, *net, *len, 128))
        .map_or(Public, |&(_, _, class)| class)
}

/// The IPv4 address embedded in an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 address.
/// `::` and `::1` must be handled by the caller: they are not IPv4-compatible addresses.
fn embedded_ipv4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let addr = u128::from(ip);
    let low32 = Ipv4Addr::from(addr as u32);
    if addr >> 32 == 0xffff || addr >> 32 == 0 || prefix_matches(addr, NAT64_PREFIX, 96, 128) {
        return Some(low32); // ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d
    }
    if addr >> 112 == 0x2002 {
        return Some(Ipv4Addr::from((addr >> 80) as u32)); // 2002:aabb:ccdd::/48
    }
    None
}

/// Networks the operator explicitly allows webhooks to reach despite their class.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    nets: Vec<IpNet>,
}

/// An allow-list entry that is neither a CIDR nor a bare IP address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid webhooks.allowed_networks entry {entry:?}: expected a CIDR (10.0.0.0/8) or an IP address")]
pub struct AllowListError {
    pub entry: String,
}

impl AllowList {
    pub fn new(nets: Vec<IpNet>) -> Self {
        Self { nets }
    }

    /// Parses CIDRs (`10.0.0.0/8`, `fd00::/8`) and bare addresses (`127.0.0.1` is a /32, `::1` a
    /// /128). Surrounding whitespace is ignored; host bits in a CIDR are cleared.
    pub fn parse(entries: &[impl AsRef<str>]) -> Result<Self, AllowListError> {
        let parse_one = |raw: &str| {
            let entry = raw.trim();
            entry
                .parse::<IpNet>()
                .map(|net| net.trunc())
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| AllowListError { entry: raw.to_owned() })
        };
        entries.iter().map(|e| parse_one(e.as_ref())).collect::<Result<_, _>>().map(Self::new)
    }

    /// `127.0.0.0/8` and `::1/128`: what the embedded sandbox configuration allows.
    pub fn loopback() -> Self {
        Self::new(vec![
            IpNet::V4(Ipv4Net::new_assert(Ipv4Addr::new(127, 0, 0, 0), 8)),
            IpNet::V6(Ipv6Net::new_assert(Ipv6Addr::LOCALHOST, 128)),
        ])
    }

    /// Whether `ip` lies in an allowed network. IPv4-mapped IPv6 addresses are also matched
    /// against IPv4 networks.
    pub fn permits(&self, ip: IpAddr) -> bool {
        let canonical = ip.to_canonical();
        self.nets.iter().any(|net| net.contains(&ip) || net.contains(&canonical))
    }
}

/// Why a connection was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "refusing to connect to {ip} ({class:?} address); allow-list it in webhooks.allowed_networks if this is intended"
)]
pub struct Refused {
    pub ip: IpAddr,
    pub class: AddressClass,
}

/// Decides whether a webhook delivery may connect to `ip`. Run on every resolved address, at
/// connect time. Public addresses pass; anything else passes only if the allow-list permits it
/// (the operator's explicit decision, so that includes multicast and broadcast).
pub fn check(ip: IpAddr, allow: &AllowList) -> Result<(), Refused> {
    match classify(ip) {
        Public => Ok(()),
        _ if allow.permits(ip) => Ok(()),
        class => Err(Refused { ip, class }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|e| panic!("bad test address {s}: {e}"))
    }

    fn assert_class(class: AddressClass, addrs: &[&str]) {
        for a in addrs {
            assert_eq!(classify(ip(a)), class, "{a}");
        }
    }

    #[test]
    fn public() {
        assert_class(Public, &["8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0"]);
        assert_class(Public, &["172.15.255.255", "172.32.0.0", "169.253.255.255", "223.255.255.255"]);
        assert_class(Public, &["198.17.255.255", "198.20.0.0", "192.0.1.1", "192.169.0.1"]);
        assert_class(Public, &["2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450::1"]);
        assert_class(Public, &["::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1", "::1.1.1.1"]);
        assert_class(Public, &["2001:db9::1", "2001:1::1", "100:0:0:1::", "fe7f::1"]);
    }

    #[test]
    fn loopback() {
        assert_class(Loopback, &["127.0.0.1", "127.0.0.2", "127.255.255.254", "::1"]);
        assert_class(Loopback, &["::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::"]);
    }

    #[test]
    fn private() {
        assert_class(Private, &["10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255"]);
        assert_class(Private, &["192.168.0.1", "192.168.255.255", "100.64.0.1", "100.127.255.255"]);
        assert_class(Private, &["fc00::1", "fd00::1", "fdff:ffff::1", "::ffff:10.1.2.3"]);
        assert_class(Private, &["2002:c0a8:0101::", "2002:0a00:0001:1::1", "64:ff9b::c0a8:101"]);
    }

    #[test]
    fn link_local() {
        assert_class(LinkLocal, &["169.254.0.1", "169.254.169.253", "169.254.255.255"]);
        assert_class(LinkLocal, &["fe80::1", "febf:ffff::1", "::ffff:169.254.1.1"]);
    }

    #[test]
    fn metadata() {
        assert_class(Metadata, &["169.254.169.254", "100.100.100.200", "fd00:ec2::254"]);
        assert_class(Metadata, &["::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::"]);
        assert_class(Metadata, &["::169.254.169.254", "::ffff:100.100.100.200"]);
        assert_class(Private, &["fd00:ec2::253", "100.100.100.201"]);
    }

    #[test]
    fn unspecified_multicast_broadcast() {
        assert_class(Unspecified, &["0.0.0.0", "::", "::ffff:0.0.0.0"]);
        assert_class(Multicast, &["224.0.0.1", "239.255.255.250", "ff02::1", "ff0e::fb", "::ffff:224.0.0.1"]);
        assert_class(Broadcast, &["255.255.255.255", "::ffff:255.255.255.255"]);
    }

    #[test]
    fn reserved() {
        assert_class(Reserved, &["192.0.2.1", "198.51.100.7", "203.0.113.255", "198.18.0.1", "198.19.0.1"]);
        assert_class(Reserved, &["240.0.0.1", "255.255.255.254", "0.1.2.3", "192.0.0.8", "192.0.0.170"]);
        assert_class(Reserved, &["2001:db8::1", "2001:db8:ffff::1", "2001::1", "2001:0:4136:e378::1"]);
        assert_class(Reserved, &["100::", "100::ffff:ffff:ffff:ffff", "::ffff:192.0.2.1", "::0.0.0.2"]);
        assert_class(Reserved, &["192.88.99.1", "fec0::1", "64:ff9b:1::a00:1"]);
    }

    #[test]
    fn allow_list_parsing() {
        let list = AllowList::parse(&["10.0.0.0/8", " fd00::/8 ", "127.0.0.1", "::1", "192.168.1.7/16"]);
        let expected = ["10.0.0.0/8", "fd00::/8", "127.0.0.1/32", "::1/128", "192.168.0.0/16"];
        let nets = expected.iter().map(|n| n.parse().unwrap_or_else(|e| panic!("{n}: {e}"))).collect();
        assert_eq!(list, Ok(AllowList::new(nets)));
        assert_eq!(AllowList::parse(&[] as &[&str]), Ok(AllowList::default()));

        for bad in ["", "localhost", "10.0.0.0/33", "10.0.0/8", "::1/129", "1.2.3.4/", "10.0.0.0/8,"] {
            let err = AllowList::parse(&["10.0.0.0/8", bad]).expect_err(bad);
            assert_eq!(err.entry, bad);
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn loopback_allow_list() {
        let list = AllowList::loopback();
        for a in ["127.0.0.1", "127.0.0.2", "127.255.255.255", "::1", "::ffff:127.0.0.1"] {
            assert!(list.permits(ip(a)), "{a}");
        }
        for a in ["10.0.0.1", "128.0.0.1", "::2", "169.254.169.254", "fe80::1"] {
            assert!(!list.permits(ip(a)), "{a}");
        }
    }

    #[test]
    fn check_refuses_unless_public_or_allowed() {
        let none = AllowList::default();
        assert_eq!(check(ip("8.8.8.8"), &none), Ok(()));
        assert_eq!(check(ip("2606:4700:4700::1111"), &none), Ok(()));
        for (a, class) in [("127.0.0.1", Loopback), ("::ffff:10.0.0.1", Private), ("fd00:ec2::254", Metadata)]
        {
            assert_eq!(check(ip(a), &none), Err(Refused { ip: ip(a), class }));
        }

        let sandbox = AllowList::loopback();
        assert_eq!(check(ip("127.0.0.2"), &sandbox), Ok(()));
        assert_eq!(check(ip("::ffff:127.0.0.1"), &sandbox), Ok(()));
        assert!(check(ip("10.0.0.1"), &sandbox).is_err());

        let operator = AllowList::parse(&["10.0.0.0/8", "255.255.255.255", "ff02::/16"]).unwrap_or_default();
        for a in ["10.1.2.3", "::ffff:10.1.2.3", "255.255.255.255", "ff02::1"] {
            assert_eq!(check(ip(a), &operator), Ok(()), "{a}");
        }
        assert!(check(ip("169.254.169.254"), &operator).is_err());

        let err = check(ip("169.254.169.254"), &none).expect_err("metadata");
        assert_eq!(
            err.to_string(),
            "refusing to connect to 169.254.169.254 (Metadata address); allow-list it in \
             webhooks.allowed_networks if this is intended"
        );
    }
}
