//! RFC 3339 timestamps, read and written without chrono's general machinery for the one
//! shape servers send (`2026-12-02T20:16:19.149015Z`). A 10,000-secret listing reads and
//! writes 20,000 of them: chrono took ~120 ns to read one and ~250 ns to write one here,
//! which was most of the desk's own time per listing. Anything else goes to chrono, so
//! the results are always chrono's.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

/// Reads an RFC 3339 timestamp, as `DateTime::parse_from_rfc3339` would; `None` when it
/// is not one.
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    parse_utc_fast(s.as_bytes()).or_else(|| {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// `t.to_rfc3339()`: the same text (`+00:00`, and 0, 3, 6 or 9 fraction digits).
pub fn to_rfc3339(t: &DateTime<Utc>) -> String {
    let year = t.year();
    let nanos = t.nanosecond();
    // Years chrono writes with a sign or more digits, and leap seconds: chrono's own.
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        return t.to_rfc3339();
    }
    let mut out = String::with_capacity(35);
    push_digits(&mut out, year as u32, 4);
    out.push('-');
    push_digits(&mut out, t.month(), 2);
    out.push('-');
    push_digits(&mut out, t.day(), 2);
    out.push('T');
    push_digits(&mut out, t.hour(), 2);
    out.push(':');
    push_digits(&mut out, t.minute(), 2);
    out.push(':');
    push_digits(&mut out, t.second(), 2);
    if nanos != 0 {
        out.push('.');
        if nanos % 1_000_000 == 0 {
            push_digits(&mut out, nanos / 1_000_000, 3);
        } else if nanos % 1_000 == 0 {
            push_digits(&mut out, nanos / 1_000, 6);
        } else {
            push_digits(&mut out, nanos, 9);
        }
    }
    out.push_str("+00:00");
    out
}

fn push_digits(out: &mut String, mut n: u32, width: usize) {
    let mut digits = [b'0'; 9];
    for d in digits[..width].iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
    digits[..width]
        .iter()
        .for_each(|&d| out.push(char::from(d)));
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+00:00)` with at most 9 fraction digits; `None` for
/// anything else (other offsets, leap seconds, odd spacing), which chrono then reads.
fn parse_utc_fast(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let mut at = 19;
    let mut nanos = 0;
    if b[at] == b'.' {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = num(at + 1, at + 1 + digits)? * 10u32.pow(9 - digits as u32);
        at += 1 + digits;
    }
    if !matches!(&b[at..], b"Z" | b"z" | b"+00:00") || second > 59 {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)?
        .and_hms_nano_opt(hour, minute, second, nanos)
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_read(s: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn writes_what_chrono_writes() {
        let base = chrono_read("2026-12-02T20:16:19Z").unwrap();
        let steps = [
            0i64,
            1,
            999,
            1_000,
            149_015_000,
            149_000_000,
            123_456_789,
            999_999_999,
            86_399_999_999_999,
        ];
        for (i, years) in [-2026i64, -1, 0, 1, 7973, 7974].iter().enumerate() {
            for nanos in steps {
                let t = base
                    + chrono::Duration::days(years * 365 + i as i64 * 37)
                    + chrono::Duration::nanoseconds(nanos);
                assert_eq!(to_rfc3339(&t), t.to_rfc3339(), "{t:?}");
            }
        }
    }

    #[test]
    fn reads_what_chrono_reads() {
        let texts = [
            "2026-12-02T20:16:19.149015Z",
            "2026-12-02T20:16:19Z",
            "2026-12-02t20:16:19z",
            "2026-12-02 20:16:19.1+00:00",
            "2026-12-02T20:16:19.123456789Z",
            "2026-12-02T20:16:19.1234567891Z",
            "2026-12-02T20:16:19.Z",
            "2026-12-02T20:16:60Z",
            "2026-12-02T23:59:59.5+05:30",
            "2026-12-02T20:16:19-00:00",
            "2026-02-30T20:16:19Z",
            "2026-13-02T20:16:19Z",
            "2026-12-02T24:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2026-12-02T20:16:19",
            "2026-12-02T20:16:19Z ",
            "+2026-12-02T20:16:19Z",
            "2026-1x-02T20:16:19Z",
            "",
            "not a time at all",
        ];
        for s in texts {
            assert_eq!(parse_rfc3339(s), chrono_read(s), "{s:?}");
        }
    }

    #[test]
    fn round_trips_through_both() {
        let t = chrono_read("2026-12-02T20:16:19.149015Z").unwrap();
        for micros in 0..2_000 {
            let u = t + chrono::Duration::microseconds(micros * 7_919);
            assert_eq!(parse_rfc3339(&to_rfc3339(&u)), Some(u));
        }
    }
}
