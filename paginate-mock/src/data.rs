//! The records every emulated endpoint serves, and the time formats the emulated APIs use.

/// 2024-01-01T00:00:00Z: the first record's creation time.
pub const EPOCH: i64 = 1_704_067_200;
/// The records span one year.
pub const SPAN_SECONDS: i64 = 365 * 86_400;

const ROLES: [&str; 3] = ["admin", "member", "viewer"];
const STATUSES: [&str; 4] = ["new", "contacted", "won", "lost"];

/// One record of the data set, rendered by each endpoint in its own shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1, 2, 3, … in creation order.
    pub id: u64,
    /// Creation time, UNIX seconds; strictly increasing with `id`.
    pub created_at: i64,
    /// `admin`, `member` or `viewer`.
    pub role: &'static str,
    /// `new`, `contacted`, `won` or `lost`.
    pub status: &'static str,
}

impl Record {
    /// The record with `id`, in a data set of `count` records spread over a year.
    pub fn generate(id: u64, count: u64) -> Record {
        let step = (SPAN_SECONDS / count.max(1) as i64).max(1);
        Record {
            id,
            created_at: EPOCH + (id as i64 - 1) * step,
            role: ROLES[(id % 3) as usize],
            status: STATUSES[(id % 4) as usize],
        }
    }

    /// A display name, unique per record.
    pub fn name(&self) -> String {
        format!("Record {:06}", self.id)
    }
}

/// `count` records with ids `1..=count`.
pub fn records(count: u64) -> Vec<Record> {
    (1..=count).map(|id| Record::generate(id, count)).collect()
}

/// UNIX seconds as `YYYY-MM-DDTHH:MM:SS.000Z` (the ISO 8601 form of AgentPhone's `receivedAt`).
pub fn iso8601(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// UNIX seconds as an HTTP date (RFC 1123): `Mon, 01 Jan 2024 00:00:00 GMT`.
pub(crate) fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// A reproducible 64-bit hash of `n` (splitmix64), for ETags and the like.
pub(crate) fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` back to UNIX seconds (sub-seconds dropped).
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.strip_suffix('Z')?;
    let (date, time) = text.split_once('T')?;
    let mut date = date.splitn(3, '-').map(str::parse::<i64>);
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let time = time.split('.').next()?;
    let mut time = time.splitn(3, ':').map(str::parse::<i64>);
    let (hour, minute, second) = (time.next()?.ok()?, time.next()?.ok()?, time.next()?.ok()?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip() {
        assert_eq!(iso8601(EPOCH), "2024-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00.000Z");
        for unix in [0, EPOCH, EPOCH + 86_399, EPOCH + SPAN_SECONDS, 4_102_444_799] {
            assert_eq!(parse_iso8601(&iso8601(unix)), Some(unix));
        }
        assert_eq!(parse_iso8601("2024-13-01T00:00:00Z"), None);
        assert_eq!(parse_iso8601("yesterday"), None);
    }

    #[test]
    fn http_dates() {
        assert_eq!(http_date(EPOCH), "Mon, 01 Jan 2024 00:00:00 GMT");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(951_782_400 + 3_661), "Tue, 29 Feb 2000 01:01:01 GMT");
    }

    #[test]
    fn records_are_ordered_and_spread_over_a_year() {
        let records = records(1000);
        assert!(records.windows(2).all(|w| w[0].created_at < w[1].created_at));
        assert!(records.last().unwrap().created_at < EPOCH + SPAN_SECONDS);
    }
}
