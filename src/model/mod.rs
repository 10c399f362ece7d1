//! Types shared by the browser and the server: the domain's vocabulary and the dashboard's data.
//!
//! Enumerations are stored in the database as short English codes (`as_code`) and shown in
//! Chinese (`label`); both directions live here, once.
//!
//! One file per feature (`classes`, `hours`, …) and the shared vocabularies (`vocab`); everything is
//! re-exported here, so `crate::model::X` names any of them.

/// Declares a closed vocabulary with its database code and its Chinese label.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database.
            pub fn as_code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The name shown to users (zh-CN).
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        /// Read from and written to the database as its code; an unknown code is a decoding error,
        /// never a silently missing row.
        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }

            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                Self::from_code(&code).ok_or_else(|| format!("unknown {} code {code:?}", stringify!($name)).into())
            }
        }

        #[cfg(feature = "ssr")]
        impl<'q> sqlx::Encode<'q, sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'q str as sqlx::Encode<'q, sqlx::Any>>::encode(self.as_code(), buf)
            }
        }
    };
}

mod accounts;
mod actions;
mod classes;
mod dashboard;
mod district;
mod evaluation;
mod hours;
mod map;
mod moment;
mod oversight;
mod teaching;
mod vocab;

pub use accounts::*;
pub use actions::*;
pub use classes::*;
pub use dashboard::*;
pub use district::*;
pub use evaluation::*;
pub use hours::*;
pub use map::*;
pub use moment::Moment;
pub use oversight::*;
pub use teaching::*;
pub use vocab::*;
