//! One date-time type at the boundary: every time a page shows (a class's start, a check-in, a claim's
//! decision, an audit line) is a [`Moment`], read from the database's ISO text once and shown in one
//! way. The browser never parses times; it asks a moment for its parts.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A moment in Beijing time, to the second, kept as `YYYY-MM-DD HH:MM:SS` (so moments compare and
/// sort as they happened). Made on the server only: from the database's text (with a `T` or a
/// space, with or without seconds and fractions) or from a `chrono` time.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Moment(String);

impl Moment {
    /// `2017-05-25`
    pub fn date(&self) -> &str {
        self.0.get(..10).unwrap_or(&self.0)
    }

    /// `2017-05-25 09:30`
    pub fn minute(&self) -> &str {
        self.0.get(..16).unwrap_or(&self.0)
    }

    /// `09:30`
    pub fn time(&self) -> &str {
        self.0.get(11..16).unwrap_or_default()
    }

    /// `2017-05-25 09:30:00`
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::Moment;
    use chrono::NaiveDateTime;

    /// The shapes times are stored in (`T` or space; seconds and fractions optional).
    const SHAPES: [&str; 4] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"];

    impl Moment {
        /// As the database keeps it: `YYYY-MM-DDTHH:MM:SS`.
        pub fn stored(&self) -> String {
            self.0.replacen(' ', "T", 1)
        }

        /// This moment `days` days later.
        pub fn plus_days(&self, days: i64) -> Moment {
            match SHAPES.iter().find_map(|shape| NaiveDateTime::parse_from_str(&self.0, shape).ok()) {
                Some(t) => Moment::from(t + chrono::Duration::days(days)),
                None => self.clone(),
            }
        }

        /// Reads a stored time; `None` if the text is not one.
        pub fn parse(text: &str) -> Option<Moment> {
            let text = text.trim();
            SHAPES.iter().find_map(|shape| NaiveDateTime::parse_from_str(text, shape).ok()).map(Moment::from)
        }
    }

    impl From<NaiveDateTime> for Moment {
        fn from(t: NaiveDateTime) -> Moment {
            Moment(t.format("%Y-%m-%d %H:%M:%S").to_string())
        }
    }

    impl sqlx::Type<sqlx::Any> for Moment {
        fn type_info() -> sqlx::any::AnyTypeInfo {
            <String as sqlx::Type<sqlx::Any>>::type_info()
        }

        fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
            <String as sqlx::Type<sqlx::Any>>::compatible(ty)
        }
    }

    /// Written as the database keeps times (`YYYY-MM-DDTHH:MM:SS`), so that stored times compare as text.
    impl<'q> sqlx::Encode<'q, sqlx::Any> for Moment {
        fn encode_by_ref(
            &self,
            buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
        ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
            <String as sqlx::Encode<'q, sqlx::Any>>::encode(self.stored(), buf)
        }
    }

    /// A stored text that is not a time is a decoding error, not a page showing it raw.
    impl<'r> sqlx::Decode<'r, sqlx::Any> for Moment {
        fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
            let text = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
            Moment::parse(&text).ok_or_else(|| format!("not a time: {text:?}").into())
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn every_stored_shape_reads_as_one_moment() {
        for text in ["2017-05-25T09:30:00", "2017-05-25 09:30:00", "2017-05-25T09:30:00.123456", "2017-05-25T09:30", " 2017-05-25 09:30 "] {
            let m = Moment::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(m.to_string(), "2017-05-25 09:30:00", "{text}");
            assert_eq!((m.date(), m.minute(), m.time()), ("2017-05-25", "2017-05-25 09:30", "09:30"));
        }
        for bad in ["", "2017-05-25", "2017-13-01 09:00", "昨天", "2017-05-25T25:00"] {
            assert_eq!(Moment::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn moments_sort_as_they_happened() {
        let a = Moment::parse("2017-05-25T09:05").unwrap();
        let b = Moment::parse("2017-05-25 10:00:00").unwrap();
        assert!(a < b);
    }
}
